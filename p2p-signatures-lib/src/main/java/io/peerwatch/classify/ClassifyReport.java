package io.peerwatch.classify;

import java.util.List;

/**
 * Everything one {@link Classifier#classify(List)} run found.
 *
 * @param flows every flow, ordered by first packet time
 * @param summary totals, per-protocol summary and file errors
 */
public record ClassifyReport(List<FlowResult> flows, ClassifySummary summary) {
    public ClassifyReport {
        if (flows == null || summary == null) {
            throw new IllegalArgumentException("report fields must not be null");
        }
        flows = List.copyOf(flows);
    }
}
