package io.peerwatch.core;

/** Where a {@link FlowRecord} came from. */
public enum FlowSourceKind {
    /** Not stated (the builder's default). */
    UNKNOWN,
    /** A NetFlow v5 export datagram. */
    NETFLOW_V5,
    /** A NetFlow v9 export datagram. */
    NETFLOW_V9,
    /** An IPFIX message. */
    IPFIX,
    /** A line of nfdump's CSV output. */
    NFDUMP_CSV,
    /** A line of a Zeek {@code conn.log}. */
    ZEEK_CONN,
    /** Packets the library tracked into a flow itself (a capture or the packet sensor). */
    PACKETS,
    /** Made up by PeerWatch's own demo and sample generators, not observed. */
    GENERATED,
    /** A flow record of a binary file nfcapd wrote (nfdump 1.7). */
    NFCAPD,
    /** A NetFlow v1 export datagram. */
    NETFLOW_V1,
    /** A NetFlow v7 export datagram (Catalyst switches, fprobe). */
    NETFLOW_V7
}
