package io.peerwatch.core;

import java.io.IOException;

/**
 * Base of the checked "this input cannot be read" exceptions of the text and record readers
 * (flow files, Zeek logs): names the source, the line (or record) number and the reason. The
 * message is {@code source:line: reason}, or {@code source: reason} when the problem concerns
 * the whole input (line 0), e.g. {@code conn.log:12: field 'id.orig_p': bad port 'http'}.
 *
 * <p>Callers catch the concrete subclass of the reader they use.
 */
public abstract class SourceLineException extends IOException {
    private static final long serialVersionUID = 1L;

    /** File name or other source label. */
    private final String source;
    /** 1-based line (or record) number; 0 for the whole input. */
    private final long line;
    /** What is wrong, without the position. */
    private final String reason;

    /**
     * @param source file name or other source label
     * @param line 1-based line (or record) number; 0 for the whole input
     * @param reason what is wrong, without the position
     */
    protected SourceLineException(String source, long line, String reason) {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** {@return the file name or source label} */
    public String source() {
        return source;
    }

    /** {@return 1-based line (text) or record (binary) number; 0 when the problem concerns the whole input} */
    public long line() {
        return line;
    }

    /** {@return what is wrong, without the position} */
    public String reason() {
        return reason;
    }
}
