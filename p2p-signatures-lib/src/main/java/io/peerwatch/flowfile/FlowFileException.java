package io.peerwatch.flowfile;

import io.peerwatch.core.SourceLineException;

/**
 * A flow file (or one line/record of it) that cannot be read: names the file, the line or record
 * number and the reason, e.g. {@code flows.csv:17: bad source address '10.0.0.x'}.
 */
public final class FlowFileException extends SourceLineException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source file name (or other source label)
     * @param line 1-based line number, or record (packet) number for binary files; 0 for the whole file
     * @param reason what is wrong
     */
    public FlowFileException(String source, long line, String reason) {
        super(source, line, reason);
    }
}
