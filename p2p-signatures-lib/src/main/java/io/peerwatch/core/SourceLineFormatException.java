package io.peerwatch.core;

/**
 * Base of the unchecked exceptions for a malformed line in a configuration file (port table,
 * file size rules): names the source and the 1-based line, with the message
 * {@code source:line: reason}, e.g. {@code ports.txt:2: bad port number in 'x'}.
 *
 * <p>Unchecked, unlike {@link SourceLineException}: a bad configuration file is a caller's
 * error ({@link IllegalArgumentException}), not an I/O failure. Callers catch the concrete
 * subclass of the parser they use.
 */
public abstract class SourceLineFormatException extends IllegalArgumentException {
    /** File or resource name. */
    private final String source;
    /** 1-based line number. */
    private final int line;

    /**
     * @param source file or resource name
     * @param line 1-based line number
     * @param reason what is wrong, without the position
     */
    protected SourceLineFormatException(String source, int line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
    }

    /** {@return the file or resource name} */
    public String source() {
        return source;
    }

    /** {@return 1-based line number} */
    public int line() {
        return line;
    }
}
