package io.peerwatch.filetype;

import io.peerwatch.core.SourceLineFormatException;

/** A rule file has a malformed line; the message names the source and line. */
public final class FileSizeRulesFormatException extends SourceLineFormatException {
    public FileSizeRulesFormatException(String source, int line, String reason) {
        super(source, line, reason);
    }
}
