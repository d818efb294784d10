package io.peerwatch.netflow;

/** Why (part of) an export datagram could not be decoded. */
public enum DecodeErrorKind {
    /** The version field is not 1, 5, 7, 9 or 10. */
    UNKNOWN_VERSION,
    /** The datagram ends before its header, a record or the length its header announces. */
    TRUNCATED,
    /** A header length or count is inconsistent with the datagram (too small, too large, trailing bytes). */
    BAD_LENGTH,
    /** A (Flow)Set length is below 4 or runs past the end of the message. */
    BAD_SET,
    /** A template or options template is malformed: zero or absurd field count, bad scope, truncated. */
    BAD_TEMPLATE,
    /** A data record cannot be decoded with its template (a variable-length field runs past its set). */
    BAD_RECORD,
    /** The decoder's state is full: template or exporter limits of {@link DecoderConfig} reached. */
    STATE_LIMIT,
    /** Data arrived for a template that never came within the pending timeout, or the pending buffer was full. */
    MISSING_TEMPLATE
}
