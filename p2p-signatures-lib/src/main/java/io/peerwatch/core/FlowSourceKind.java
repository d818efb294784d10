package io.peerwatch.core;

/** Where a {@link FlowRecord} came from. */
public enum FlowSourceKind {
    UNKNOWN,
    NETFLOW_V5,
    NETFLOW_V9,
    IPFIX,
    NFDUMP_CSV,
    ZEEK_CONN,
    PACKETS,
    GENERATED
}
