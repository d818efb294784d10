package io.peerwatch.pcap;

/** Sanity limits shared by the readers. */
final class Limits {
    /**
     * Largest frame or block accepted. libpcap caps snap lengths at 262,144 bytes and pcapng
     * blocks at 16 MiB; anything near 64 MiB is a corrupt length field, not a packet.
     */
    static final int MAX_FRAME_LENGTH = 64 << 20;

    private Limits() {
    }
}
