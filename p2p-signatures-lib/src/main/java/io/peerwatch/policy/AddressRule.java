package io.peerwatch.policy;

import io.peerwatch.core.IpAddress;
import java.util.List;

/**
 * Block one address: a destination (traffic to and from it) or an alert's host (its traffic).
 *
 * @param address the address
 * @param reasons the blacklist lines and alerts that name it, sorted
 */
public record AddressRule(IpAddress address, List<Reason> reasons) {

    public AddressRule {
        if (address == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        reasons = Reasons.sorted(reasons);
    }

    /** The reasons in one line. */
    public String reason() {
        return Reasons.summary(reasons);
    }
}
