package io.peerwatch.ports;

/** A port table file has a malformed line; the message names the source and line. */
public final class PortTableFormatException extends IllegalArgumentException {
    private final String source;
    private final int line;

    public PortTableFormatException(String source, int line, String reason) {
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
