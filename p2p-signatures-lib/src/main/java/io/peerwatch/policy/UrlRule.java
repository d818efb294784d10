package io.peerwatch.policy;

import java.util.List;

/**
 * Block a URL prefix (a blacklist's {@code host/path} entry): the host and its subdomains, the
 * path and below. Only a proxy can enforce it.
 *
 * @param host the host
 * @param pathPrefix lower-case path prefix from {@code [a-z0-9/._~%-]}, starting with {@code /}
 * @param reasons the blacklist lines, sorted
 */
public record UrlRule(DnsName host, String pathPrefix, List<Reason> reasons) {

    public UrlRule {
        if (host == null || pathPrefix == null || !pathPrefix.matches("/[a-z0-9/._~%-]*")) {
            throw new IllegalArgumentException("bad URL rule " + host + pathPrefix);
        }
        reasons = Reasons.sorted(reasons);
    }

    /** True when the path ends a segment ({@code /dir/}), so anything below it matches. */
    public boolean endsWithSlash() {
        return pathPrefix.endsWith("/");
    }

    /** The reasons in one line. */
    public String reason() {
        return Reasons.summary(reasons);
    }
}
