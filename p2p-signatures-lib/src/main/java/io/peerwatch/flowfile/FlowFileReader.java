package io.peerwatch.flowfile;

import io.peerwatch.core.FlowRecord;
import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * A stream of flow records read from a file, one at a time, in file order. Implementations are not
 * thread-safe.
 *
 * <p>Bad lines or records: a reader built without a bad-record handler throws
 * {@link FlowFileException} from {@link #next()} at the first one; with a handler it passes each
 * bad line to the handler, counts it in {@link #skipped()} and carries on. Problems that make the
 * whole file unreadable (not the format, unreadable header) always throw.
 */
public interface FlowFileReader extends Closeable {

    /**
     * The next flow, or empty at the end of the file.
     *
     * @throws FlowFileException naming file, line and reason, for a bad line when no handler was
     *     given, or when the file as a whole cannot be read
     * @throws IOException when reading fails
     */
    Optional<FlowRecord> next() throws IOException;

    /** The file format. */
    FlowFileFormat format();

    /** Source label used in messages (the file name). */
    String source();

    /** Bad lines or records skipped so far. */
    long skipped();
}
