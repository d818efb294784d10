package io.peerwatch.sensor.netflow;

import io.peerwatch.netflow.DecodeErrorKind;
import io.peerwatch.netflow.ExporterStats;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Counters of a {@link NetflowCollector} since it started (a snapshot).
 *
 * @param datagrams datagrams received from the socket
 * @param flows flows decoded and handed to the Kafka producer (counted per flow, though several
 *     share a Kafka record)
 * @param flowsAcked flows the broker acknowledged (acks=all): each acknowledged record counts its flows
 * @param deadLetters dead letters written (one per decoding problem)
 * @param sendFailures flows and dead letters Kafka did not accept after its retries (a failed
 *     record counts its flows)
 * @param exporters per-exporter decoder counters, sorted by address
 * @param kernelDrops datagrams the kernel dropped on this socket because its receive buffer was
 *     full ({@code /proc/net/udp} drops); empty where that cannot be read
 */
public record CollectorStats(
        long datagrams,
        long flows,
        long flowsAcked,
        long deadLetters,
        long sendFailures,
        List<ExporterStats> exporters,
        OptionalLong kernelDrops) {

    public CollectorStats {
        if (exporters == null || kernelDrops == null) {
            throw new IllegalArgumentException("collector stats fields must not be null");
        }
        exporters = List.copyOf(exporters);
    }

    /** Datagrams with at least one error, over all exporters. */
    public long badDatagrams() {
        return exporters.stream().mapToLong(ExporterStats::badDatagrams).sum();
    }

    /** Bad datagrams per first error, over all exporters. */
    public Map<DecodeErrorKind, Long> badDatagramsByReason() {
        Map<DecodeErrorKind, Long> m = new EnumMap<>(DecodeErrorKind.class);
        for (ExporterStats e : exporters) {
            e.badDatagramsByReason().forEach((k, v) -> m.merge(k, v, Long::sum));
        }
        return m;
    }
}
