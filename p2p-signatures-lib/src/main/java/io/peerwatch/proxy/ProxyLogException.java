package io.peerwatch.proxy;

/**
 * A log line that cannot be parsed. The message names the source, the 1-based line number and
 * the reason, e.g. {@code access.log:17: status is not a number: 'abc'}. Parsers throw it for
 * one line; the caller decides whether to skip the line (count it, send it to a dead-letter
 * topic) and go on with the next one; the parser stays usable.
 */
public final class ProxyLogException extends Exception {
    /** Longest excerpt of the offending line kept in the exception. */
    public static final int MAX_EXCERPT = 200;

    private final String source;
    private final long lineNumber;
    private final String reason;
    private final String excerpt;

    public ProxyLogException(String source, long lineNumber, String reason, String line) {
        super(source + ":" + lineNumber + ": " + reason);
        this.source = source;
        this.lineNumber = lineNumber;
        this.reason = reason;
        this.excerpt = line == null ? "" : line.length() > MAX_EXCERPT ? line.substring(0, MAX_EXCERPT) : line;
    }

    /** The file name or stream the line came from. */
    public String source() {
        return source;
    }

    /** 1-based line number within the source. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Why the line was rejected, without the position. */
    public String reason() {
        return reason;
    }

    /** The start of the offending line (at most {@link #MAX_EXCERPT} characters), for a dead-letter record. */
    public String excerpt() {
        return excerpt;
    }
}
