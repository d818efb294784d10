package io.peerwatch.core;

/**
 * Byte and packet counters from untrusted input: the bound a single record's counter must stay
 * within, and saturating sums, so a detector adding up any number of accepted records never
 * overflows into a negative total (and never fails on one).
 */
public final class Counters {

    /**
     * Default of the largest byte or packet count one record may carry: 2^50 (about 1.1 PB, or a
     * petabit per second for ten seconds). No link fills that in one flow or request; a larger
     * value is a corrupt or forged record, and parsers turn it into a dead letter. The bound also
     * leaves room for 2^13 such records to be summed before a total saturates. The key
     * {@code records.max-plausible-counter} sets the bound in force ({@link #maxPlausible()}).
     */
    public static final long MAX_PLAUSIBLE = 1L << 50;

    /**
     * The bound in force: records are checked in their constructors (parsers, Avro decoding), which
     * take no configuration, so it is one value per JVM, set by every configuration built in it
     * ({@code LibraryConfig.of}, on the CLI and on each TaskManager as the job's sources open).
     */
    private static volatile long maxPlausible = MAX_PLAUSIBLE;

    private Counters() {
    }

    /** {@return the largest count a record may carry now (default {@link #MAX_PLAUSIBLE})} */
    public static long maxPlausible() {
        return maxPlausible;
    }

    /**
     * Sets the largest count a record may carry, for this JVM (the key
     * {@code records.max-plausible-counter}).
     *
     * @param limit the largest count, at least 1
     * @throws IllegalArgumentException when below 1
     */
    public static void maxPlausible(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the largest plausible counter must be at least 1: " + limit);
        }
        maxPlausible = limit;
    }

    /**
     * {@return whether {@code v} is a count a record may carry: 0 to {@link #maxPlausible()}}
     *
     * @param v a count
     */
    public static boolean plausible(long v) {
        return v >= 0 && v <= maxPlausible;
    }

    /**
     * Checks a record's counter.
     *
     * @param what what the counter is, for the message (e.g. {@code "byte count"})
     * @param v the counter
     * @return {@code v}
     * @throws IllegalArgumentException naming {@code what} when negative or above {@link #maxPlausible()}
     */
    public static long check(String what, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative " + what + ": " + v);
        }
        long limit = maxPlausible;
        if (v > limit) {
            throw new IllegalArgumentException(what + " implausibly large: " + v + " (limit " + limit + ")");
        }
        return v;
    }

    /**
     * {@return {@code a + b} for non-negative counters, saturating at {@link Long#MAX_VALUE}}
     *
     * @param a a non-negative counter
     * @param b a non-negative counter
     */
    public static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
