package io.peerwatch.zeek;

import java.io.IOException;

/**
 * A Zeek log (or one line of it) that cannot be read: names the file, the line and the reason, e.g.
 * {@code conn.log:12: field 'id.orig_p': bad port 'http'}.
 */
public final class ZeekLogException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String reason;

    /**
     * @param source file name or source label
     * @param line 1-based line number, 0 when the problem concerns the whole file
     * @param reason what is wrong
     */
    public ZeekLogException(String source, long line, String reason) {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public long line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
