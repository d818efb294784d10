package io.peerwatch.packet;

import java.nio.ByteBuffer;

/**
 * What ordinary ping programs put into ICMP echo payloads (RFC 792 type 8/0, RFC 4443
 * type 128/129), shared by the per-flow ICMP-tunnel signature and the per-host-pair ICMP-tunnel
 * judgement: an optional timestamp of up to {@link #TIMESTAMP} bytes, then a fill pattern.
 * iputils/BSD/macOS {@code ping}: byte {@code i} holds {@code i}; Windows:
 * "abcdefghijklmnopqrstuvw" repeated (period 23); {@code ping -p}, fping, busybox and zero fills:
 * short periods. Allocation-free.
 */
public final class EchoPayload {

    /** Leading bytes a ping program may use for a timestamp before its fill pattern. */
    public static final int TIMESTAMP = 16;
    /** Longest fill-pattern period recognised (Windows uses 23). */
    public static final int MAX_PERIOD = 32;

    private EchoPayload() {
    }

    /**
     * True when the bytes after the timestamp follow a ping fill pattern. Payloads of at most
     * {@code TIMESTAMP + MAX_PERIOD} bytes always pass: they are too short to tell; callers judge
     * only longer ones.
     */
    public static boolean isPatterned(ByteBuffer p) {
        int n = p.limit();
        boolean counting = true;
        for (int i = TIMESTAMP; i < n && counting; i++) {
            counting = (p.get(i) & 0xff) == (i & 0xff);
        }
        if (counting) {
            return true;
        }
        for (int period = 1; period <= MAX_PERIOD; period++) {
            int i = TIMESTAMP + period;
            while (i < n && p.get(i) == p.get(i - period)) {
                i++;
            }
            if (i >= n) {
                return true;
            }
        }
        return false;
    }

    /** Distinct byte values in {@code [from, limit)}. */
    public static int distinct(ByteBuffer p, int from) {
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        long w3 = 0;
        for (int i = Math.max(0, from); i < p.limit(); i++) {
            int v = p.get(i) & 0xff;
            long bit = 1L << (v & 63);
            switch (v >>> 6) {
                case 0 -> w0 |= bit;
                case 1 -> w1 |= bit;
                case 2 -> w2 |= bit;
                default -> w3 |= bit;
            }
        }
        return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3);
    }

    /** A 32-bit hash of the whole payload (an echo reply that mirrors its request has the request's hash). */
    public static int hash(ByteBuffer p) {
        int h = p.limit();
        for (int i = 0; i < p.limit(); i++) {
            h = h * 31 + p.get(i);
        }
        return h;
    }
}
