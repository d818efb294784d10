package io.peerwatch.sensor.netflow;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Datagrams handed from the receive thread to a worker in one go: their bytes packed into one
 * reused array, with sender and receive time each. Batches are pooled, so receiving allocates
 * nothing per datagram beyond the sender address the JDK returns.
 */
final class DatagramBatch {
    /** Largest UDP payload: a datagram always fits an empty batch. */
    static final int MAX_DATAGRAM = 65_535;

    final byte[] data;
    final int[] offsets;
    final int[] lengths;
    final long[] receivedAtMs;
    final InetSocketAddress[] senders;
    int count;
    int used;
    /** Set on the batch that tells a worker to finish. */
    final boolean last;

    DatagramBatch(int bytes, int maxDatagrams) {
        this(bytes, maxDatagrams, false);
    }

    private DatagramBatch(int bytes, int maxDatagrams, boolean last) {
        this.data = new byte[Math.max(bytes, MAX_DATAGRAM)];
        this.offsets = new int[maxDatagrams];
        this.lengths = new int[maxDatagrams];
        this.receivedAtMs = new long[maxDatagrams];
        this.senders = new InetSocketAddress[maxDatagrams];
        this.last = last;
    }

    static DatagramBatch endMarker() {
        return new DatagramBatch(0, 0, true);
    }

    /** True when a datagram of {@code length} bytes fits. */
    boolean fits(int length) {
        return count < offsets.length && data.length - used >= length;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Appends the bytes from {@code buf}'s position to its limit. */
    void add(ByteBuffer buf, InetSocketAddress from, long nowMs) {
        int n = buf.remaining();
        buf.get(data, used, n);
        offsets[count] = used;
        lengths[count] = n;
        receivedAtMs[count] = nowMs;
        senders[count] = from;
        count++;
        used += n;
    }

    void clear() {
        for (int i = 0; i < count; i++) {
            senders[i] = null;
        }
        count = 0;
        used = 0;
    }
}
