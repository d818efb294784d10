package io.peerwatch.config;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where a setting came from: a file and line, a command-line flag, code, or the default. Error
 * messages start with it, so a bad value points at the place to fix.
 *
 * @param source file name, flag or {@code "default"}
 * @param line 1-based line in {@code source}, or 0 when it has no lines
 * @serial exclude
 */
public record Origin(String source, int line) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The key's default, from the library's {@code DEFAULT_*} constant. */
    public static final Origin DEFAULT = new Origin("default", 0);

    /**
     * Checks the fields.
     *
     * @param source file name, flag or {@code "default"}; not blank
     * @param line 1-based line in {@code source}, or 0 when it has no lines
     */
    public Origin {
        if (source == null || source.isBlank() || line < 0) {
            throw new IllegalArgumentException("an origin needs a source and a line >= 0");
        }
    }

    /**
     * {@return a line of a configuration file}
     *
     * @param file the configuration file
     * @param line the 1-based line in {@code file}
     */
    public static Origin file(Path file, int line) {
        return new Origin(file.toString(), line);
    }

    /**
     * {@return a command-line flag, e.g. {@code --window} or {@code --set}}
     *
     * @param flag the flag as written
     */
    public static Origin flag(String flag) {
        return new Origin(flag, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line : source;
    }
}
