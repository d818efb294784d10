package io.peerwatch.schemas.codec;

/** A Kafka value could not be decoded; {@link #reason()} classifies why (for the dead-letter topic). */
public final class RecordDecodeException extends RuntimeException {

    /** Why decoding failed. */
    public enum Reason {
        /** Zero-length value. */
        EMPTY,
        /** Not Avro single-object encoding (wrong magic). */
        BAD_HEADER,
        /** Single-object encoded, but with a schema this reader does not know. */
        SCHEMA_MISMATCH,
        /** The body ends before the record does. */
        TRUNCATED,
        /** The body is malformed or has trailing bytes. */
        CORRUPT,
        /** Decoded, but a field is out of range (e.g. a 5-byte address). */
        INVALID
    }

    private final Reason reason;

    public RecordDecodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The failure class. */
    public Reason reason() {
        return reason;
    }
}
