package io.peerwatch.ports;

import io.peerwatch.core.SourceLineFormatException;

/** A port table file has a malformed line; the message names the source and line. */
public final class PortTableFormatException extends SourceLineFormatException {
    public PortTableFormatException(String source, int line, String reason) {
        super(source, line, reason);
    }
}
