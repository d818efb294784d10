package io.peerwatch.bench.job;

/**
 * One record of the lab corpus as the generator sees it: an event time, and a way to write a
 * copy of it moved in time and to other host addresses. Implementations live in
 * {@link BenchRecords} (the only class that knows the project's record types).
 */
interface Template {

    /** Event time of the record as read from the corpus, epoch milliseconds. */
    long timeMs();

    /**
     * The Kafka value of a copy: every time of the record moved by {@code shiftMs}, every address
     * passed through {@code addresses}.
     */
    byte[] value(long shiftMs, AddressMap addresses);

    /** The Kafka key of a copy (as the project's sensor keys this input), or null for no key. */
    byte[] key(AddressMap addresses);
}
