package io.peerwatch.classify;

import io.peerwatch.signatures.Protocol;

/**
 * Totals of one label in a classification run (ndpiReader's per-protocol summary).
 *
 * @param label the {@link FlowResult#label()} these flows share
 * @param protocol the protocol behind the label ({@link Protocol#UNKNOWN} for unknown flows and
 *     unmapped port-table applications)
 * @param flows flows with this label
 * @param packets their packets
 * @param bytes their IP bytes
 */
public record ProtocolStats(String label, Protocol protocol, long flows, long packets, long bytes) {
    public ProtocolStats {
        if (label == null || protocol == null) {
            throw new IllegalArgumentException("label and protocol must not be null");
        }
        if (flows < 0 || packets < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative totals");
        }
    }
}
