package io.peerwatch.sensor.netflow;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Datagrams handed from the receive thread to a worker in one go: received straight into one
 * direct buffer (off the Java heap, so the garbage collector never copies the pooled batches),
 * with sender and receive time each. Batches are pooled, so receiving allocates nothing per
 * datagram beyond what the JDK allocates for a new sender address.
 */
final class DatagramBatch {
    /** Largest UDP payload: a receive needs this much room, or a datagram could be cut short. */
    static final int MAX_DATAGRAM = 65_535;

    final ByteBuffer data;
    final int[] offsets;
    final int[] lengths;
    final long[] receivedAtMs;
    final InetSocketAddress[] senders;
    int count;
    /** Set on the batch that tells a worker to finish. */
    final boolean last;

    DatagramBatch(int bytes, int maxDatagrams) {
        this(bytes, maxDatagrams, false);
    }

    private DatagramBatch(int bytes, int maxDatagrams, boolean last) {
        this.data = ByteBuffer.allocateDirect(last ? 0 : Math.max(bytes, 2 * MAX_DATAGRAM));
        this.offsets = new int[maxDatagrams];
        this.lengths = new int[maxDatagrams];
        this.receivedAtMs = new long[maxDatagrams];
        this.senders = new InetSocketAddress[maxDatagrams];
        this.last = last;
    }

    static DatagramBatch endMarker() {
        return new DatagramBatch(0, 0, true);
    }

    /** True when another receive is safe: a free slot and room for the largest datagram. */
    boolean hasRoom() {
        return count < offsets.length && data.capacity() - data.position() >= MAX_DATAGRAM;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Receives the next datagram, if one is waiting, into the free part of the buffer.
     *
     * @return the sender, or null when the (non-blocking) socket had nothing
     */
    InetSocketAddress receive(DatagramChannel ch, long nowMs) throws java.io.IOException {
        int start = data.position();
        data.limit(data.capacity());
        SocketAddress from = ch.receive(data);
        if (from == null) {
            return null;
        }
        InetSocketAddress sender = (InetSocketAddress) from;
        offsets[count] = start;
        lengths[count] = data.position() - start;
        receivedAtMs[count] = nowMs;
        senders[count] = sender;
        count++;
        return sender;
    }

    void clear() {
        for (int i = 0; i < count; i++) {
            senders[i] = null;
        }
        count = 0;
        data.clear();
    }
}
