package io.peerwatch.api;

import io.peerwatch.classify.HostFinding;
import io.peerwatch.core.IpAddress;
import java.util.List;

/**
 * A judgement about one host of a capture, over its flows rather than one flow: a DNS or ICMP
 * tunnel, a P2P client corroborated by several weak signs. Immutable.
 *
 * @param host the host
 * @param finding what was found, e.g. {@code "DNS_TUNNEL"}, {@code "P2P_CLIENT"}
 * @param subject what it is about, e.g. a registered domain or a protocol family
 * @param confidence 0..1
 * @param reasons the evidence, most telling first
 * @param windowStartMs start of the window judged, epoch milliseconds
 */
public record HostVerdict(IpAddress host, String finding, String subject, double confidence, List<String> reasons,
        long windowStartMs) {

    /**
     * Checks the fields and copies the reasons.
     *
     * @param host the host
     * @param finding what was found, e.g. {@code "DNS_TUNNEL"}, {@code "P2P_CLIENT"}
     * @param subject what it is about, e.g. a registered domain or a protocol family
     * @param confidence 0..1
     * @param reasons the evidence, most telling first
     * @param windowStartMs start of the window judged, epoch milliseconds
     */
    public HostVerdict {
        if (host == null || finding == null || subject == null || reasons == null) {
            throw new IllegalArgumentException("host verdict fields must not be null");
        }
        reasons = List.copyOf(reasons);
    }

    static HostVerdict of(HostFinding f) {
        return new HostVerdict(f.host(), f.finding(), f.subject(), f.confidence(), f.reasons(), f.windowStartMs());
    }
}
