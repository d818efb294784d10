package io.peerwatch.netflow;

import java.nio.ByteBuffer;

/**
 * Big-endian unsigned reads with absolute indexes, independent of the buffer's byte order and
 * position. Callers check bounds first: every export format states lengths before values.
 */
final class Be {

    private Be() {
    }

    static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xff;
    }

    static int u16(ByteBuffer b, int i) {
        return ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
    }

    static long u32(ByteBuffer b, int i) {
        return ((long) (b.get(i) & 0xff) << 24) | ((b.get(i + 1) & 0xff) << 16)
                | ((b.get(i + 2) & 0xff) << 8) | (b.get(i + 3) & 0xff);
    }

    static int s32(ByteBuffer b, int i) {
        return (int) u32(b, i);
    }

    /**
     * An unsigned value sent in {@code length} bytes (1..8), as RFC 7011 §6.2 reduced-size
     * encoding allows. Values above {@link Long#MAX_VALUE} saturate.
     */
    static long unsigned(ByteBuffer b, int i, int length) {
        long v = 0;
        for (int k = 0; k < length; k++) {
            v = (v << 8) | (b.get(i + k) & 0xff);
        }
        return length == 8 && v < 0 ? Long.MAX_VALUE : v;
    }
}
