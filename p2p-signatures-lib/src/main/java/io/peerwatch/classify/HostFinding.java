package io.peerwatch.classify;

import io.peerwatch.core.IpAddress;
import java.util.List;

/**
 * A judgement about a host (not a single flow) that {@link Classifier} made over a window of the
 * host's traffic: a DNS tunnel under a domain, an ICMP tunnel to a peer, encrypted P2P
 * corroborated by the host's other evidence, or an uncorroborated P2P suspicion.
 *
 * @param host the host
 * @param finding {@code DNS_TUNNEL}, {@code ICMP_TUNNEL}, {@code P2P_CLIENT} (corroborated) or
 *     {@code P2P_SUSPICION} (random-looking handshakes only: a note, never a label)
 * @param subject the domain, the peer or the protocol
 * @param confidence 0..1
 * @param reasons the evidence, most telling first
 * @param windowStartMs start of the window judged
 */
public record HostFinding(IpAddress host, String finding, String subject, double confidence, List<String> reasons,
        long windowStartMs) {

    public HostFinding {
        if (host == null || finding == null || subject == null || reasons == null) {
            throw new IllegalArgumentException("host finding fields must not be null");
        }
        reasons = List.copyOf(reasons);
    }

    /** {@code 198.18.100.10 DNS_TUNNEL tun-iodine.test 0.81: reason; reason}. */
    @Override
    public String toString() {
        return host + " " + finding + " " + subject + String.format(java.util.Locale.ROOT, " %.2f: ", confidence)
                + String.join("; ", reasons);
    }
}
