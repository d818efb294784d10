package io.peerwatch.flowfile;

import java.util.function.Consumer;

/** The caller's bad-line policy: throw at the first one (no handler) or report and skip. */
final class BadLines {
    private final Consumer<? super FlowFileException> handler;
    private long skipped;

    BadLines(Consumer<? super FlowFileException> handler) {
        this.handler = handler;
    }

    /** Throws {@code e} under the fail-fast policy; otherwise reports it and counts a skip. */
    void handle(FlowFileException e) throws FlowFileException {
        if (handler == null) {
            throw e;
        }
        skipped++;
        handler.accept(e);
    }

    long skipped() {
        return skipped;
    }
}
