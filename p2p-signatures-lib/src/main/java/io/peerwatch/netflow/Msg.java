package io.peerwatch.netflow;

import io.peerwatch.core.IpAddress;
import java.util.Optional;

/**
 * What one decoding pass knows about the message in hand: who sent it, header fields, where
 * offsets are counted from, and what went wrong. A data set decoded later from the pending buffer
 * gets its own instance carrying the header facts of the datagram it came in.
 */
final class Msg {
    final IpAddress exporter;
    final Optional<IpAddress> exporterRef;
    final long receivedAtMs;
    /** Buffer index of the datagram's first byte: reported offsets are {@code index - base}. */
    final int base;
    final DecodeListener out;
    final ExporterCounters counters;
    int version;
    long domainId;
    Domain domain;
    long exportMs;
    long sysUptimeMs;
    /** The datagram is shorter than its header says: overruns are truncation, not bad lengths. */
    boolean truncated;
    DecodeErrorKind firstError;
    int flows;
    int dataRecords;

    Msg(IpAddress exporter, Optional<IpAddress> exporterRef, long receivedAtMs, int base, DecodeListener out,
            ExporterCounters counters) {
        this.exporter = exporter;
        this.exporterRef = exporterRef;
        this.receivedAtMs = receivedAtMs;
        this.base = base;
        this.out = out;
        this.counters = counters;
    }
}
