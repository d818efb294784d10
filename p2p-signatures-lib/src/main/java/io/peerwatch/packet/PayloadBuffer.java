package io.peerwatch.packet;

import java.nio.ByteBuffer;

/**
 * A reused buffer that holds one packet's payload at a time, for readers that need it as a
 * {@link ByteBuffer} from position 0 (the signature engine, the DNS and echo observations). It
 * grows to the largest payload seen, so steady state allocates nothing. Not thread-safe: one per
 * thread.
 */
public final class PayloadBuffer {
    /** First capacity: holds any payload of a 64 KiB datagram. */
    private static final int INITIAL_CAPACITY = 1 << 16;

    private byte[] array = new byte[INITIAL_CAPACITY];
    private ByteBuffer view = ByteBuffer.wrap(array);

    /**
     * The packet's available payload, from position 0 to its limit; valid until the next call.
     *
     * @param p a decoded packet
     * @return this buffer's view of the payload
     */
    public ByteBuffer copyOf(IpPacket p) {
        int len = p.availablePayloadLength();
        if (len > array.length) {
            array = new byte[Math.max(len, 2 * array.length)];
            view = ByteBuffer.wrap(array);
        }
        p.copyPayload(array);
        view.limit(len).position(0);
        return view;
    }
}
