package io.peerwatch.zeek;

import io.peerwatch.core.SourceLineException;

/**
 * A Zeek log (or one line of it) that cannot be read: names the file, the line and the reason, e.g.
 * {@code conn.log:12: field 'id.orig_p': bad port 'http'}.
 */
public final class ZeekLogException extends SourceLineException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source file name or source label
     * @param line 1-based line number, 0 when the problem concerns the whole file
     * @param reason what is wrong
     */
    public ZeekLogException(String source, long line, String reason) {
        super(source, line, reason);
    }
}
