package io.peerwatch.flowfile;

import java.io.IOException;

/**
 * A flow file (or one line/record of it) that cannot be read: names the file, the line or record
 * number and the reason, e.g. {@code flows.csv:17: bad source address '10.0.0.x'}.
 */
public final class FlowFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String reason;

    /**
     * @param source file name (or other source label)
     * @param line 1-based line number, or record (packet) number for binary files; 0 for the whole file
     * @param reason what is wrong
     */
    public FlowFileException(String source, long line, String reason) {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file name or source label. */
    public String source() {
        return source;
    }

    /** 1-based line (text) or record (binary) number; 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
