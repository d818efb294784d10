package io.peerwatch.netflow;

/** A data set kept until its template arrives, with the header facts needed to decode it later. */
final class Pending {
    final Domain domain;
    final int templateId;
    final byte[] set;
    final int setOffset;
    final long receivedAtMs;
    final long exportMs;
    final long sysUptimeMs;
    boolean done;

    Pending(Domain domain, int templateId, byte[] set, int setOffset, long receivedAtMs, long exportMs,
            long sysUptimeMs) {
        this.domain = domain;
        this.templateId = templateId;
        this.set = set;
        this.setOffset = setOffset;
        this.receivedAtMs = receivedAtMs;
        this.exportMs = exportMs;
        this.sysUptimeMs = sysUptimeMs;
    }
}
