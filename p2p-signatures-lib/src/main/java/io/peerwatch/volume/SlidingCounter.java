package io.peerwatch.volume;

import io.peerwatch.core.Counters;
import io.peerwatch.internal.StateBinary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.StreamCorruptedException;

/**
 * Bytes and requests over a sliding span, kept in a ring of fixed-width buckets: memory is
 * {@code 2 x buckets} longs whatever the traffic. Events older than the span (relative to the
 * newest event seen) are dropped and counted in {@link #late()}. Not thread-safe. Kept as state in
 * the binary form of {@link #writeTo} / {@link #readFrom}.
 */
public final class SlidingCounter {
    /** Version of the binary form {@link #writeTo} writes; {@link #readFrom} reads 1 to this. */
    public static final int FORMAT_VERSION = 1;
    /**
     * Most buckets a counter read by {@link #readFrom} may have: a day of one-minute buckets is
     * 1,440; more can only come from corrupt input.
     */
    public static final int MAX_BUCKETS = 1 << 16;
    private static final String WHAT = "SlidingCounter";

    private final long bucketMs;
    private final long[] bytes;
    private final long[] requests;
    /** Absolute index (time / bucketMs) of the newest bucket, or Long.MIN_VALUE before any event. */
    private long head = Long.MIN_VALUE;
    private long late;

    /**
     * @param bucketMs bucket width
     * @param buckets number of buckets; the span is {@code bucketMs * buckets}
     */
    public SlidingCounter(long bucketMs, int buckets) {
        if (bucketMs < 1 || buckets < 1) {
            throw new IllegalArgumentException("bucket width and count must be positive");
        }
        this.bucketMs = bucketMs;
        this.bytes = new long[buckets];
        this.requests = new long[buckets];
    }

    private SlidingCounter(long bucketMs, long[] bytes, long[] requests, long head, long late) {
        this.bucketMs = bucketMs;
        this.bytes = bytes;
        this.requests = requests;
        this.head = head;
        this.late = late;
    }

    /**
     * Writes this counter's binary form: {@link #FORMAT_VERSION} first, then bucket width,
     * buckets and position (JDK {@link DataOutput} only, so any framework can keep it as state).
     */
    public void writeTo(DataOutput out) throws IOException {
        StateBinary.writeVersion(out, FORMAT_VERSION);
        out.writeLong(bucketMs);
        StateBinary.writeCount(out, bytes.length);
        StateBinary.writeLongs(out, bytes, bytes.length);
        StateBinary.writeLongs(out, requests, requests.length);
        out.writeLong(head);
        out.writeLong(late);
    }

    /**
     * Reads a counter written by {@link #writeTo} (any version up to {@link #FORMAT_VERSION}).
     *
     * @throws IOException when the input ends early or is not such a counter
     */
    public static SlidingCounter readFrom(DataInput in) throws IOException {
        StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
        long bucketMs = in.readLong();
        int n = StateBinary.readCount(in, MAX_BUCKETS, WHAT);
        if (bucketMs < 1 || n < 1) {
            throw new StreamCorruptedException("corrupt state: " + WHAT + " of " + n + " buckets of " + bucketMs + " ms");
        }
        long[] bytes = StateBinary.readLongs(in, n, 0);
        long[] requests = StateBinary.readLongs(in, n, 0);
        return new SlidingCounter(bucketMs, bytes, requests, in.readLong(), in.readLong());
    }

    /** Adds one request of {@code n} bytes at {@code timeMs}. */
    public void add(long timeMs, long n) {
        long b = Math.floorDiv(timeMs, bucketMs);
        int size = bytes.length;
        if (head == Long.MIN_VALUE) {
            head = b;
        } else if (b > head) {
            long clear = Math.min(b - head, size);
            for (long i = 1; i <= clear; i++) {
                int slot = (int) Math.floorMod(head + i, (long) size);
                bytes[slot] = 0;
                requests[slot] = 0;
            }
            head = b;
        } else if (b <= head - size) {
            late++;
            return;
        }
        int slot = (int) Math.floorMod(b, (long) size);
        bytes[slot] = Counters.add(bytes[slot], n);
        requests[slot]++;
    }

    /** Bytes in the span ending with the bucket that holds {@code nowMs}. */
    public long bytes(long nowMs) {
        return sum(bytes, nowMs);
    }

    /** Requests in the span ending with the bucket that holds {@code nowMs}. */
    public long requests(long nowMs) {
        return sum(requests, nowMs);
    }

    private long sum(long[] a, long nowMs) {
        if (head == Long.MIN_VALUE) {
            return 0;
        }
        long nb = Math.floorDiv(nowMs, bucketMs);
        long from = Math.max(nb, head) - a.length + 1;
        long to = Math.min(nb, head);
        long s = 0;
        for (long b = from; b <= to; b++) {
            s = Counters.add(s, a[(int) Math.floorMod(b, (long) a.length)]);
        }
        return s;
    }

    /** Start (inclusive) of the span that ends with the bucket holding {@code nowMs}. */
    public long spanStart(long nowMs) {
        return (Math.floorDiv(nowMs, bucketMs) - bytes.length + 1) * bucketMs;
    }

    /** End (exclusive) of that span. */
    public long spanEnd(long nowMs) {
        return (Math.floorDiv(nowMs, bucketMs) + 1) * bucketMs;
    }

    /** Events dropped because they were older than the span. */
    public long late() {
        return late;
    }
}
