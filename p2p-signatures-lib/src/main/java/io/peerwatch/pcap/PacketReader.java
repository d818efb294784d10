package io.peerwatch.pcap;

import java.nio.file.Path;

/**
 * A cursor over the packets of one capture file, from {@link PacketFiles#open}. Each
 * {@link #next()} overwrites the single {@link PacketView} returned by {@link #packet()}; no
 * object is allocated per packet.
 *
 * <pre>{@code
 * try (PacketReader r = PacketFiles.open(Path.of("dump.pcapng"))) {
 *     while (r.next()) {
 *         PacketView p = r.packet();
 *         handle(p.timestampNanos(), p.linkType(), p.buffer(), p.offset(), p.capturedLength());
 *     }
 * } catch (PacketFileException e) {
 *     System.err.println(e.getMessage()); // names file, byte offset and reason
 * }
 * }</pre>
 *
 * <p>Errors: {@link #next()} throws {@link PacketFileException} at the first record it cannot
 * read (truncated, bad length, unknown interface...); every packet before it was delivered.
 * After an exception the reader is finished and further calls return false, unless
 * {@link #resync()} found the next record; {@link #nextOrSkip} does both. Not thread-safe.
 */
public interface PacketReader extends AutoCloseable {

    /** The file being read. */
    Path file();

    /** The file's container format. */
    PacketFileFormat format();

    /** File size in bytes. */
    long size();

    /** Bytes consumed so far (headers and records up to the current packet), for progress. */
    long position();

    /** Packets delivered so far. */
    long packetCount();

    /**
     * Advances to the next packet.
     *
     * @return false at the end of the file
     * @throws PacketFileException when the next record cannot be read; the message names file,
     *     byte offset and reason
     */
    boolean next() throws PacketFileException;

    /**
     * After {@link #next()} threw, looks for the next record that reads plausibly, so the packets
     * after a corrupt record are not lost with it: reading resumes there with {@link #next()}.
     * Formats without a reliable way to find the next record do not resynchronise.
     *
     * @return the byte offset where reading resumes, or -1 when none was found (the reader stays
     *     finished)
     */
    default long resync() throws PacketFileException {
        return -1;
    }

    /**
     * {@link #next()} that passes over corrupt records where the format allows: at a record it
     * cannot read it {@link #resync() resynchronises}, hands the loss to {@code lost} and goes on.
     * The one place where classify, analyze and the pcap sensor skip bad records, so they report
     * the same losses. Allocates nothing unless a record is lost.
     *
     * @param lost receives each loss: resumed ones, and a last one (not resumed) when the rest of
     *     the file could not be read
     * @return false at the end of the file, or after a loss that could not be resumed
     */
    default boolean nextOrSkip(java.util.function.Consumer<? super InputLoss> lost) {
        while (true) {
            try {
                return next();
            } catch (PacketFileException e) {
                long packet = packetCount() + 1;
                long at;
                try {
                    at = resync();
                } catch (PacketFileException again) {
                    at = -1;
                }
                long skipped = (at < 0 ? size() : at) - e.offset();
                lost.accept(new InputLoss(file(), packet, e.offset(), e.reason(), at, Math.max(0, skipped)));
                if (at < 0) {
                    return false;
                }
            }
        }
    }

    /** The current packet: a reused view, valid until the next call to {@link #next()}. */
    PacketView packet();

    /** Releases the file. Safe to call twice. */
    @Override
    void close();
}
