package io.peerwatch.flowfile;

/** The flow file formats PeerWatch reads. */
public enum FlowFileFormat {
    /** A pcap of NetFlow v1/v5/v7/v9/IPFIX export datagrams (the UDP payloads sent to a collector). */
    EXPORT_PCAP,
    /** {@code nfdump -r FILE -o csv} output. */
    NFDUMP_CSV,
    /** A binary file nfcapd wrote (nfdump 1.7, file layout 2). */
    NFCAPD,
    /** Zeek {@code conn.log}, tab-separated with {@code #} header lines. */
    ZEEK_CONN_TSV,
    /** Zeek {@code conn.log} as JSON lines ({@code LogAscii::use_json=T}). */
    ZEEK_CONN_JSON
}
