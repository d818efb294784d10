package io.peerwatch.pcap;

/** The container formats {@link PacketFiles#open} recognises by their magic number. */
public enum PacketFileFormat {
    /** libpcap classic format: micro- or nanosecond timestamps, either byte order. */
    PCAP,
    /** pcapng: sections, interfaces and blocks (IETF draft-ietf-opsawg-pcapng). */
    PCAPNG
}
