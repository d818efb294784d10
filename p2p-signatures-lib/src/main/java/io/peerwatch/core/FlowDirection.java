package io.peerwatch.core;

/** Flow direction as exported by the observation point (IPFIX flowDirection). */
public enum FlowDirection {
    UNKNOWN,
    INGRESS,
    EGRESS
}
