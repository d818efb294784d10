package io.peerwatch.policy;

import java.util.List;

/**
 * Block a domain name (in DNS and at the proxy: the name and its subdomains; in a hosts file
 * the name only).
 *
 * @param name the name
 * @param reasons the blacklist lines and alerts that name it, sorted
 */
public record NameRule(DnsName name, List<Reason> reasons) {

    public NameRule {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        reasons = Reasons.sorted(reasons);
    }

    /** The reasons in one line. */
    public String reason() {
        return Reasons.summary(reasons);
    }
}
