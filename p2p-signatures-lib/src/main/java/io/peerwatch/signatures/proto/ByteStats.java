package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;

/**
 * Allocation-free statistics over payload bytes for the behavioural signatures: how many
 * distinct byte values a range holds compared with uniformly random data, and the Shannon
 * entropy of short ranges such as DNS labels. Ranges are clipped to {@code [0, limit())}.
 */
final class ByteStats {

    private static final int BYTE_VALUES = 256;
    private static final int BITS_PER_WORD = 64;

    private ByteStats() {
    }

    /** Number of distinct byte values in {@code [from, to)}; four longs act as the bitmap. */
    static int distinct(ByteBuffer b, int from, int to) {
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        long w3 = 0;
        int end = Math.min(to, b.limit());
        for (int i = Math.max(0, from); i < end; i++) {
            int v = b.get(i) & 0xff;
            long bit = 1L << (v & (BITS_PER_WORD - 1));
            switch (v >>> 6) {
                case 0 -> w0 |= bit;
                case 1 -> w1 |= bit;
                case 2 -> w2 |= bit;
                default -> w3 |= bit;
            }
        }
        return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3);
    }

    /** Expected number of distinct values among {@code n} uniformly random bytes. */
    static double expectedDistinct(int n) {
        return BYTE_VALUES * (1 - Math.pow(1 - 1.0 / BYTE_VALUES, n));
    }

    /**
     * True when {@code [from, to)} has at least {@code ratio} times the distinct byte values
     * that random data of the same length would have (random data is near 1.0, text and
     * structured headers far below).
     */
    static boolean looksRandom(ByteBuffer b, int from, int to, double ratio) {
        int start = Math.max(0, from);
        int end = Math.min(to, b.limit());
        int n = end - start;
        if (n <= 0) {
            return false;
        }
        // The same census as distinct(), stopped as soon as the answer is known: random data
        // reaches the target about two thirds of the way through, text cannot reach it any more
        // well before the end.
        int target = (int) Math.ceil(ratio * expectedDistinct(n));
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        long w3 = 0;
        int count = 0;
        for (int i = start; i < end; i++) {
            int v = b.get(i) & 0xff;
            long bit = 1L << (v & (BITS_PER_WORD - 1));
            boolean fresh;
            switch (v >>> 6) {
                case 0 -> {
                    fresh = (w0 & bit) == 0;
                    w0 |= bit;
                }
                case 1 -> {
                    fresh = (w1 & bit) == 0;
                    w1 |= bit;
                }
                case 2 -> {
                    fresh = (w2 & bit) == 0;
                    w2 |= bit;
                }
                default -> {
                    fresh = (w3 & bit) == 0;
                    w3 |= bit;
                }
            }
            if (fresh && ++count >= target) {
                return true;
            }
            if (count + (end - i - 1) < target) {
                return false;
            }
        }
        return false;
    }

    /**
     * Shannon entropy in bits per byte of {@code [from, to)}. Quadratic in the length, so
     * only for short ranges (DNS labels are at most 63 bytes).
     */
    static double entropy(ByteBuffer b, int from, int to) {
        int start = Math.max(0, from);
        int end = Math.min(to, b.limit());
        int n = end - start;
        if (n <= 0) {
            return 0;
        }
        double bits = 0;
        for (int i = start; i < end; i++) {
            byte v = b.get(i);
            boolean seen = false;
            for (int j = start; j < i && !seen; j++) {
                seen = b.get(j) == v;
            }
            if (seen) {
                continue;
            }
            int count = 0;
            for (int j = i; j < end; j++) {
                if (b.get(j) == v) {
                    count++;
                }
            }
            double p = (double) count / n;
            bits -= p * Math.log(p);
        }
        return bits / Math.log(2);
    }
}
