package io.peerwatch.netflow;

import io.peerwatch.core.IpAddress;
import java.util.Map;

/**
 * Counters of one exporter since the decoder started (a snapshot).
 *
 * @param exporter the exporter's address
 * @param datagrams datagrams received
 * @param goodDatagrams datagrams decoded without any error
 * @param badDatagramsByReason datagrams with at least one error, counted once under their first error
 * @param errorsByReason every error, including data sets whose template never came
 * @param flows flow records decoded
 * @param skippedRecords data records without a usable source/destination address pair (not flows)
 * @param pendingSets data sets currently waiting for their template
 * @param templates templates and options templates currently held
 * @param sequenceGaps messages whose sequence number was not the one expected (loss or reordering)
 */
public record ExporterStats(
        IpAddress exporter,
        long datagrams,
        long goodDatagrams,
        Map<DecodeErrorKind, Long> badDatagramsByReason,
        Map<DecodeErrorKind, Long> errorsByReason,
        long flows,
        long skippedRecords,
        long pendingSets,
        long templates,
        long sequenceGaps) {

    public ExporterStats {
        if (exporter == null || badDatagramsByReason == null || errorsByReason == null) {
            throw new IllegalArgumentException("exporter stats fields must not be null");
        }
        badDatagramsByReason = Map.copyOf(badDatagramsByReason);
        errorsByReason = Map.copyOf(errorsByReason);
    }

    /** Datagrams with at least one error. */
    public long badDatagrams() {
        return badDatagramsByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
