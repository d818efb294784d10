package io.peerwatch.flow;

/** Why a flow left the {@link FlowTable}. */
public enum EndReason {
    /** No packet for {@code DetectionConfig.flowIdleTimeout()}. */
    IDLE_TIMEOUT,
    /** Older than {@code DetectionConfig.flowActiveTimeout()}; later packets start a new flow. */
    ACTIVE_TIMEOUT,
    /** The table was full ({@code DetectionConfig.maxFlows()}) and this flow was the least recently seen. */
    EVICTED,
    /** {@link FlowTable#flush()}: the input ended. */
    END_OF_INPUT
}
