package io.peerwatch.netflow;

import io.peerwatch.core.IpAddress;
import java.util.EnumMap;
import java.util.Map;

/** Mutable per-exporter counters behind {@link ExporterStats}. */
final class ExporterCounters {
    final IpAddress exporter;
    long datagrams;
    long good;
    long flows;
    long skipped;
    long sequenceGaps;
    final Map<DecodeErrorKind, Long> badByReason = new EnumMap<>(DecodeErrorKind.class);
    final Map<DecodeErrorKind, Long> errors = new EnumMap<>(DecodeErrorKind.class);

    ExporterCounters(IpAddress exporter) {
        this.exporter = exporter;
    }
}
