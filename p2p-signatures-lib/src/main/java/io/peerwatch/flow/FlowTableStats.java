package io.peerwatch.flow;

/**
 * Counters of a {@link FlowTable}.
 *
 * @param packets packets accepted into flows
 * @param flowsCreated flows created
 * @param idleTimeouts flows ended by the idle timeout
 * @param activeTimeouts flows ended by the active timeout
 * @param evictions flows evicted because the table was full
 * @param endOfInput flows ended by {@link FlowTable#flush()}
 * @param laterFragments non-first IP fragments skipped (they carry no ports to find their flow)
 * @param peakFlows most flows held at once
 */
public record FlowTableStats(long packets, long flowsCreated, long idleTimeouts, long activeTimeouts,
        long evictions, long endOfInput, long laterFragments, int peakFlows) {
}
