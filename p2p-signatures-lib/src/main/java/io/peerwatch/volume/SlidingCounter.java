package io.peerwatch.volume;

/**
 * Bytes and requests over a sliding span, kept in a ring of fixed-width buckets: memory is
 * {@code 2 x buckets} longs whatever the traffic. Events older than the span (relative to the
 * newest event seen) are dropped and counted in {@link #late()}. Not thread-safe.
 */
public final class SlidingCounter {
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
        bytes[slot] += n;
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
            s += a[(int) Math.floorMod(b, (long) a.length)];
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
