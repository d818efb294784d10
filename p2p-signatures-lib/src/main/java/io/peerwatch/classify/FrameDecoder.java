package io.peerwatch.classify;

import io.peerwatch.packet.DecodeFailure;
import io.peerwatch.packet.DecodeStats;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.LinkType;
import java.nio.ByteBuffer;

/**
 * The decoder of one classify run, which also remembers the last link type it cannot read, for
 * the input-lost line of a file of such frames ({@link Classifier#read}). Not thread-safe.
 */
final class FrameDecoder {
    private final PacketDecoder decoder = new PacketDecoder();
    private int unsupportedLinkType = -1;

    /** {@link PacketDecoder#decode(int, ByteBuffer, int, int, int, DecodedPacket)}, noting an unreadable link type. */
    boolean decode(int linkType, ByteBuffer frame, int offset, int capturedLength, int originalLength, DecodedPacket out) {
        if (decoder.decode(linkType, frame, offset, capturedLength, originalLength, out)) {
            return true;
        }
        if (!LinkType.isSupported(linkType)) {
            unsupportedLinkType = linkType;
        }
        return false;
    }

    /** Frames not decoded so far because their link type is not read. */
    long unsupportedLinkTypePackets() {
        return decoder.stats().failed(DecodeFailure.UNSUPPORTED_LINK_TYPE);
    }

    /** The last link type not read (-1 when none). */
    int unsupportedLinkType() {
        return unsupportedLinkType;
    }

    DecodeStats stats() {
        return decoder.stats();
    }
}
