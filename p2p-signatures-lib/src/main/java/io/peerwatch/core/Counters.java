package io.peerwatch.core;

/**
 * Byte and packet counters from untrusted input: the bound a single record's counter must stay
 * within, and saturating sums, so a detector adding up any number of accepted records never
 * overflows into a negative total (and never fails on one).
 */
public final class Counters {

    /**
     * Largest byte or packet count one record may carry: 2^50 (about 1.1 PB, or a petabit per
     * second for ten seconds). No link fills that in one flow or request; a larger value is a
     * corrupt or forged record, and parsers turn it into a dead letter. The bound also leaves room
     * for 2^13 such records to be summed before a total saturates.
     */
    public static final long MAX_PLAUSIBLE = 1L << 50;

    private Counters() {
    }

    /** Whether {@code v} is a count a record may carry: 0 to {@link #MAX_PLAUSIBLE}. */
    public static boolean plausible(long v) {
        return v >= 0 && v <= MAX_PLAUSIBLE;
    }

    /**
     * Checks a record's counter.
     *
     * @throws IllegalArgumentException naming {@code what} when negative or above {@link #MAX_PLAUSIBLE}
     */
    public static long check(String what, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative " + what + ": " + v);
        }
        if (v > MAX_PLAUSIBLE) {
            throw new IllegalArgumentException(what + " implausibly large: " + v + " (limit " + MAX_PLAUSIBLE + ")");
        }
        return v;
    }

    /** {@code a + b} for non-negative counters, saturating at {@link Long#MAX_VALUE}. */
    public static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
