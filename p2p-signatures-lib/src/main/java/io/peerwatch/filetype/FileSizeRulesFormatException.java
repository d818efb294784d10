package io.peerwatch.filetype;

/** A rule file has a malformed line; the message names the source and line. */
public final class FileSizeRulesFormatException extends IllegalArgumentException {
    private final String source;
    private final int line;

    public FileSizeRulesFormatException(String source, int line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
    }

    /** The file or resource name. */
    public String source() {
        return source;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }
}
