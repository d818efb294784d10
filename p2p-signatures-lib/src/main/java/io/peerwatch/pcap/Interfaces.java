package io.peerwatch.pcap;

import java.util.Arrays;

/**
 * The interfaces of the current pcapng section: link type, snap length and the timestamp
 * conversion implied by {@code if_tsresol} (option 9: bit 7 clear = 10^-n s, set = 2^-n s;
 * default 10^-6) and {@code if_tsoffset} (option 14: seconds added to every timestamp).
 */
final class Interfaces {
    static final int OPT_TSRESOL = 9;
    static final int OPT_TSOFFSET = 14;
    static final int DEFAULT_TSRESOL = 6;
    /** More interfaces than this in one section is a corrupt or hostile file. */
    static final int MAX_INTERFACES = 1 << 16;
    private static final int BINARY_FLAG = 0x80;
    private static final int NANO_DIGITS = 9;
    private static final int MAX_POW10 = 18;
    /** Fraction bits kept for binary resolutions, so that fraction * 10^9 fits in a long. */
    private static final int MAX_BINARY_BITS = 30;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int INITIAL = 4;

    private int count;
    private int[] linkType = new int[INITIAL];
    private long[] snap = new long[INITIAL];
    /** Decimal: multiply by mul then divide by div. Binary: shift > 0. */
    private long[] mul = new long[INITIAL];
    private long[] div = new long[INITIAL];
    private int[] shift = new int[INITIAL];
    private int[] preShift = new int[INITIAL];
    private long[] offsetNanos = new long[INITIAL];

    void clear() {
        count = 0;
    }

    int count() {
        return count;
    }

    /** Adds an interface; returns an error message, or null. */
    String add(int link, long snapLength, int resolution, long offsetSeconds) {
        if (count == MAX_INTERFACES) {
            return "more than " + MAX_INTERFACES + " interfaces in one section";
        }
        if (count == linkType.length) {
            int n = count * 2;
            linkType = Arrays.copyOf(linkType, n);
            snap = Arrays.copyOf(snap, n);
            mul = Arrays.copyOf(mul, n);
            div = Arrays.copyOf(div, n);
            shift = Arrays.copyOf(shift, n);
            preShift = Arrays.copyOf(preShift, n);
            offsetNanos = Arrays.copyOf(offsetNanos, n);
        }
        int k = count++;
        linkType[k] = link;
        snap[k] = snapLength;
        offsetNanos[k] = offsetSeconds * NANOS_PER_SECOND;
        mul[k] = 1;
        div[k] = 1;
        shift[k] = 0;
        preShift[k] = 0;
        int n = resolution & ~BINARY_FLAG;
        if ((resolution & BINARY_FLAG) != 0) {
            shift[k] = Math.min(n, MAX_BINARY_BITS);
            preShift[k] = n - shift[k];
            mul[k] = NANOS_PER_SECOND;
        } else if (n <= NANO_DIGITS) {
            mul[k] = pow10(NANO_DIGITS - n);
        } else if (n - NANO_DIGITS <= MAX_POW10) {
            div[k] = pow10(n - NANO_DIGITS);
        } else {
            mul[k] = 0;
        }
        return null;
    }

    private static long pow10(int e) {
        long v = 1;
        for (int i = 0; i < e; i++) {
            v *= 10;
        }
        return v;
    }

    int linkType(int ifId) {
        return linkType[ifId];
    }

    long snapLength(int ifId) {
        return snap[ifId];
    }

    /** Converts a timestamp in the interface's units to nanoseconds since the epoch. */
    long toNanos(int ifId, long units) {
        int s = shift[ifId];
        if (s == 0 && preShift[ifId] == 0) {
            return units * mul[ifId] / div[ifId] + offsetNanos[ifId];
        }
        int pre = preShift[ifId];
        long u = pre >= Long.SIZE ? 0 : units >>> pre;
        long whole = u >>> s;
        long frac = u & ((1L << s) - 1);
        return whole * NANOS_PER_SECOND + ((frac * NANOS_PER_SECOND) >>> s) + offsetNanos[ifId];
    }
}
