package io.peerwatch.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Input PeerWatch could not use, with the reason and where it came from: a Kafka record (topic,
 * partition, offset), a line of a file (source kind, file name, line) or a datagram (source kind,
 * exporter). Every parser and decoder reports bad input as one of these instead of stopping; the
 * job sends them to the dead-letter topic and the command line prints them.
 *
 * @param source the topic the record was read from, or the input kind for other sources (for
 *     example {@code file:proxy-log} or {@code udp:netflow})
 * @param partition Kafka partition; -1 for other sources
 * @param offset Kafka offset; -1 for other sources
 * @param raw the bytes as received (for a line: the line; may be empty)
 * @param errorClass machine-readable failure class, e.g. {@code TRUNCATED}, {@code INVALID}, {@code PARSE}
 * @param message one line naming the position and the reason
 * @param timeMs when the failure was recorded, epoch milliseconds
 * @param sourceName the file or sensor, for sources other than Kafka
 * @param lineNumber 1-based line (or record) number in {@code sourceName}, when known
 */
public record DeadLetter(String source, int partition, long offset, byte[] raw, String errorClass, String message,
        long timeMs, Optional<String> sourceName, OptionalLong lineNumber) {

    /**
     * Checks the fields and copies {@code raw}.
     *
     * @param source the topic the record was read from, or the input kind for other sources
     * @param partition Kafka partition; -1 for other sources
     * @param offset Kafka offset; -1 for other sources
     * @param raw the bytes as received; not null, may be empty
     * @param errorClass machine-readable failure class
     * @param message one line naming the position and the reason
     * @param timeMs when the failure was recorded, epoch milliseconds
     * @param sourceName the file or sensor, for sources other than Kafka
     * @param lineNumber 1-based line (or record) number in {@code sourceName}, when known
     */
    public DeadLetter {
        if (source == null || raw == null || errorClass == null || message == null || sourceName == null
                || lineNumber == null) {
            throw new IllegalArgumentException("dead letter fields must not be null");
        }
        if (partition < -1 || offset < -1) {
            throw new IllegalArgumentException("partition and offset are -1 or more: " + partition + "@" + offset);
        }
        raw = raw.clone();
    }

    /**
     * {@return a Kafka record that could not be used}
     *
     * @param topic the topic the record was read from
     * @param partition its partition
     * @param offset its offset
     * @param raw the record's value as received
     * @param errorClass machine-readable failure class, e.g. {@code TRUNCATED}, {@code INVALID}, {@code PARSE}
     * @param message one line naming the position and the reason
     * @param timeMs when the failure was recorded, epoch milliseconds
     */
    public static DeadLetter ofRecord(String topic, int partition, long offset, byte[] raw, String errorClass,
            String message, long timeMs) {
        return new DeadLetter(topic, partition, offset, raw, errorClass, message, timeMs, Optional.empty(),
                OptionalLong.empty());
    }

    /**
     * Input from a file, stream or datagram that could not be used.
     *
     * @param sourceKind what kind of input, e.g. {@code file:proxy-log}
     * @param sourceName the file name or exporter address
     * @param lineNumber 1-based line number; 0 or less when none
     * @param raw the bytes as received (for a line: the line; may be empty)
     * @param errorClass machine-readable failure class, e.g. {@code TRUNCATED}, {@code INVALID}, {@code PARSE}
     * @param message one line naming the position and the reason
     * @param timeMs when the failure was recorded, epoch milliseconds
     * @return the dead letter, partition and offset -1
     */
    public static DeadLetter ofSource(String sourceKind, String sourceName, long lineNumber, byte[] raw,
            String errorClass, String message, long timeMs) {
        return new DeadLetter(sourceKind, -1, -1, raw, errorClass, message, timeMs, Optional.of(sourceName),
                lineNumber > 0 ? OptionalLong.of(lineNumber) : OptionalLong.empty());
    }

    /** {@return the bytes as received (a copy)} */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /**
     * {@return where it came from: {@code file:line} (or {@code file} alone), or {@code topic-partition@offset}}
     */
    public String position() {
        if (sourceName.isPresent()) {
            return sourceName.get() + (lineNumber.isPresent() ? ":" + lineNumber.getAsLong() : "");
        }
        return source + "-" + partition + "@" + offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && partition == d.partition && offset == d.offset && timeMs == d.timeMs
                && source.equals(d.source) && Arrays.equals(raw, d.raw) && errorClass.equals(d.errorClass)
                && message.equals(d.message) && sourceName.equals(d.sourceName) && lineNumber.equals(d.lineNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, partition, offset, errorClass, message, timeMs, sourceName, lineNumber) * 31
                + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + position() + " " + errorClass + ": " + message + "]";
    }
}
