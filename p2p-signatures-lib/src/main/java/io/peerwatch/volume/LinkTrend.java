package io.peerwatch.volume;

import io.peerwatch.internal.StateBinary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The site link's recent utilisation per window, in and out: the last {@code n} windows of
 * {@link LinkSaturationDetector}'s least-squares trend. Windows without traffic count as 0. Not
 * thread-safe.
 */
public final class LinkTrend {

    /** Version of the binary form {@link #writeTo} writes. */
    public static final int FORMAT_VERSION = 1;
    private static final String WHAT = "LinkTrend";

    private final long[] starts;
    private final double[] in;
    private final double[] out;
    private int size;
    private int next;

    /** An empty trend of {@code n} windows (at least 2). */
    public LinkTrend(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a trend needs at least 2 windows: " + n);
        }
        starts = new long[n];
        in = new double[n];
        out = new double[n];
    }

    /** Windows held. */
    public int size() {
        return size;
    }

    /** Start of the newest window held ({@link Long#MIN_VALUE} when empty). */
    public long lastStartMs() {
        return size == 0 ? Long.MIN_VALUE : starts[Math.floorMod(next - 1, starts.length)];
    }

    /** Adds a window's utilisation (shares of the capacities; 0 where a capacity is not watched). */
    public void add(long startMs, double utilisationIn, double utilisationOut) {
        starts[next] = startMs;
        in[next] = utilisationIn;
        out[next] = utilisationOut;
        next = (next + 1) % starts.length;
        size = Math.min(size + 1, starts.length);
    }

    /**
     * Least-squares slope of one direction, in utilisation per millisecond (0 with fewer than 2
     * windows).
     */
    public double slopePerMs(boolean inbound) {
        if (size < 2) {
            return 0;
        }
        double[] v = inbound ? in : out;
        double mt = 0;
        double mv = 0;
        for (int i = 0; i < size; i++) {
            mt += starts[i];
            mv += v[i];
        }
        mt /= size;
        mv /= size;
        double num = 0;
        double den = 0;
        for (int i = 0; i < size; i++) {
            double dt = starts[i] - mt;
            num += dt * (v[i] - mv);
            den += dt * dt;
        }
        return den == 0 ? 0 : num / den;
    }

    /** Writes the binary form. */
    public void writeTo(DataOutput o) throws IOException {
        StateBinary.writeVersion(o, FORMAT_VERSION);
        StateBinary.writeCount(o, starts.length);
        o.writeInt(size);
        o.writeInt(next);
        for (int i = 0; i < starts.length; i++) {
            o.writeLong(starts[i]);
            o.writeDouble(in[i]);
            o.writeDouble(out[i]);
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static LinkTrend readFrom(DataInput i) throws IOException {
        StateBinary.readVersion(i, FORMAT_VERSION, WHAT);
        int n = StateBinary.readCount(i, 1 << 16, WHAT);
        if (n < 2) {
            throw new java.io.StreamCorruptedException(WHAT + ": " + n + " windows");
        }
        LinkTrend t = new LinkTrend(n);
        t.size = i.readInt();
        t.next = i.readInt();
        if (t.size < 0 || t.size > n || t.next < 0 || t.next >= n) {
            throw new java.io.StreamCorruptedException(WHAT + ": bad ring position");
        }
        for (int k = 0; k < n; k++) {
            t.starts[k] = i.readLong();
            t.in[k] = i.readDouble();
            t.out[k] = i.readDouble();
        }
        return t;
    }
}
