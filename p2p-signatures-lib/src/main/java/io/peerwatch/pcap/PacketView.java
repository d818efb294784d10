package io.peerwatch.pcap;

import java.nio.ByteBuffer;

/**
 * One captured packet as a {@link PacketReader} hands it out: a reused, mutable view that is
 * overwritten by the next call to {@link PacketReader#next()}. Nothing is copied: the frame
 * bytes are a region {@code [offset(), offset() + capturedLength())} of {@link #buffer()}, a
 * read-only big-endian view of the reader's window of the file.
 *
 * <p>Read the frame with absolute gets ({@code buffer().get(offset() + i)}); do not keep the
 * buffer or rely on its position or limit. Copy what must outlive the next packet.
 */
public final class PacketView {
    private static final long NANOS_PER_MICRO = 1_000L;

    ByteBuffer buffer;
    int offset;
    int capturedLength;
    int originalLength;
    int linkType;
    int interfaceId;
    long timestampNanos;
    long fileOffset;
    long index = -1;

    PacketView() {
    }

    /** The buffer holding the frame (read-only, big-endian); valid until the next packet. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Index in {@link #buffer()} of the frame's first byte. */
    public int offset() {
        return offset;
    }

    /** Bytes of the frame present in the file (at most the snap length). */
    public int capturedLength() {
        return capturedLength;
    }

    /** Length of the frame on the wire (at least {@link #capturedLength()} in sane files). */
    public int originalLength() {
        return originalLength;
    }

    /** The frame's link-layer header type ({@link LinkType}); per interface in pcapng. */
    public int linkType() {
        return linkType;
    }

    /** pcapng interface id of the packet (0 for pcap files). */
    public int interfaceId() {
        return interfaceId;
    }

    /** Capture time, nanoseconds since the Unix epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Capture time, microseconds since the Unix epoch (truncated). */
    public long timestampMicros() {
        return Math.floorDiv(timestampNanos, NANOS_PER_MICRO);
    }

    /** Byte offset of the packet's record (pcap) or block (pcapng) in the file. */
    public long fileOffset() {
        return fileOffset;
    }

    /** 0-based number of this packet in the file. */
    public long index() {
        return index;
    }

    @Override
    public String toString() {
        return "packet #" + index + " at byte " + fileOffset + " (" + capturedLength + "/" + originalLength
                + " bytes, " + LinkType.name(linkType) + ", t=" + timestampNanos + " ns)";
    }
}
