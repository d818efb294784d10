package io.peerwatch.core;

/** Flow direction as exported by the observation point (IPFIX flowDirection). */
public enum FlowDirection {
    /** Not exported, or a value the decoder does not know. */
    UNKNOWN,
    /** Observed on the way into the interface (IPFIX flowDirection 0). */
    INGRESS,
    /** Observed on the way out of the interface (IPFIX flowDirection 1). */
    EGRESS
}
