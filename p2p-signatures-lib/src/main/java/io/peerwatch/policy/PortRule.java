package io.peerwatch.policy;

import io.peerwatch.ports.Transport;
import java.util.List;

/**
 * Block a port range on one transport, in both directions (as destination and as source port):
 * the merged ranges of the port-table entries named by the reasons.
 *
 * @param transport TCP or UDP
 * @param lowPort first port (1..65535)
 * @param highPort last port ({@code lowPort..65535})
 * @param reasons the port-table entries merged into this range, sorted
 */
public record PortRule(Transport transport, int lowPort, int highPort, List<Reason> reasons) {

    public PortRule {
        if (transport == null || lowPort < 1 || highPort > 0xffff || lowPort > highPort) {
            throw new IllegalArgumentException("bad port rule " + transport + " " + lowPort + "-" + highPort);
        }
        reasons = Reasons.sorted(reasons);
    }

    /** {@code "6881-6889"} or {@code "6969"}. */
    public String range(char dash) {
        return lowPort == highPort ? Integer.toString(lowPort) : lowPort + String.valueOf(dash) + highPort;
    }

    /** The reasons in one line. */
    public String reason() {
        return Reasons.summary(reasons);
    }
}
