package io.peerwatch.api;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * An alert about one internal host: what a detector found in a window of input, how sure it is,
 * and the evidence. The same alert the streaming job emits, as an immutable value.
 *
 * @param id the alert id (32 hex digits; the same alert always has the same id)
 * @param type what was found
 * @param host the internal host the finding is about
 * @param user the authenticated user, when the input names one
 * @param eventTimeMs when it happened, epoch milliseconds
 * @param windowStartMs start of the detection window, inclusive
 * @param windowEndMs end of the detection window, exclusive
 * @param protocol the protocol or application the evidence names, when there is one
 * @param severity how bad
 * @param confidence 0..1, how sure the detector is
 * @param evidence what was seen, most telling first
 * @param bytes bytes involved
 * @param estimatedCost estimated cost of those bytes, an exact decimal in {@code currency}
 * @param currency ISO 4217 code
 */
public record Finding(String id, AlertType type, IpAddress host, Optional<String> user, long eventTimeMs,
        long windowStartMs, long windowEndMs, Optional<String> protocol, Severity severity, double confidence,
        List<Evidence> evidence, long bytes, BigDecimal estimatedCost, String currency) {

    /**
     * Checks the fields and copies the evidence list.
     *
     * @param id the alert id (32 hex digits; the same alert always has the same id)
     * @param type what was found
     * @param host the internal host the finding is about
     * @param user the authenticated user, when the input names one
     * @param eventTimeMs when it happened, epoch milliseconds
     * @param windowStartMs start of the detection window, inclusive
     * @param windowEndMs end of the detection window, exclusive
     * @param protocol the protocol or application the evidence names, when there is one
     * @param severity how bad
     * @param confidence 0..1, how sure the detector is
     * @param evidence what was seen, most telling first
     * @param bytes bytes involved
     * @param estimatedCost estimated cost of those bytes, an exact decimal in {@code currency}
     * @param currency ISO 4217 code
     */
    public Finding {
        if (id == null || type == null || host == null || user == null || protocol == null || severity == null
                || evidence == null || estimatedCost == null || currency == null) {
            throw new IllegalArgumentException("finding fields must not be null");
        }
        evidence = List.copyOf(evidence);
    }

    static Finding of(Alert a) {
        return new Finding(a.id(), a.type(), a.host(), a.user(), a.eventTimeMs(), a.windowStartMs(), a.windowEndMs(),
                a.protocol(), a.severity(), a.confidence(), a.evidence().stream().map(Evidence::of).toList(), a.bytes(),
                a.estimatedCost(), a.currency());
    }

    /** One line: {@code HTTP_TUNNEL HIGH 10.0.0.5 [HTTP CONNECT] 0.90: connect: ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(type).append(' ').append(severity).append(' ').append(host);
        protocol.ifPresent(p -> sb.append(" [").append(p).append(']'));
        sb.append(String.format(java.util.Locale.ROOT, " %.2f", confidence));
        if (!evidence.isEmpty()) {
            sb.append(": ").append(evidence.get(0));
        }
        return sb.toString();
    }
}
