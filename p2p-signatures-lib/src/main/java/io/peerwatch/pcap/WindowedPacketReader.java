package io.peerwatch.pcap;

import java.nio.file.Path;

/**
 * What the pcap and pcapng readers share: the file window, the one reused {@link PacketView},
 * the cursor (byte position, packets delivered, finished flag) and the {@link PacketReader}
 * accessors over them. Each subclass walks its own container format in {@link #next()}.
 */
abstract class WindowedPacketReader implements PacketReader {
    final FileWindow win;
    final PacketView view = new PacketView();
    /** Byte offset of the next record or block. */
    long pos;
    /** Packets delivered so far. */
    long count;
    /** True once the end or an error was reached: further {@link #next()} calls return false. */
    boolean done;
    /** Offset of the record {@link #next()} last failed on, or -1. */
    long failedAt = -1;

    WindowedPacketReader(FileWindow win) {
        this.win = win;
    }

    /** Bytes searched for the next record after a corrupt one before the rest of the file is given up. */
    static final int MAX_RESYNC_BYTES = 16 << 20;

    /** Where a plausible record (or block) that starts at {@code p} ends, or -1 (a format's own test). */
    @FunctionalInterface
    interface RecordEnd {
        long at(long p, long size) throws PacketFileException;
    }

    /**
     * The resynchronisation both formats share: after {@link #next()} failed, the first offset
     * (within {@link #MAX_RESYNC_BYTES}) holding a plausible record that is followed by another
     * plausible one or the end of the file; reading resumes there.
     *
     * @param minRecord the shortest record header or block of the format
     * @return the offset where reading resumes, or -1
     */
    final long resync(int minRecord, RecordEnd plausible) throws PacketFileException {
        if (failedAt < 0) {
            return -1;
        }
        long size = win.size();
        long from = failedAt + 1;
        failedAt = -1;
        long last = Math.min(size - minRecord, from + MAX_RESYNC_BYTES);
        for (long p = from; p <= last; p++) {
            long end = plausible.at(p, size);
            if (end > 0 && (end == size || plausible.at(end, size) > 0)) {
                pos = p;
                done = false;
                return p;
            }
        }
        return -1;
    }

    /** The exception for a bad record at {@code offset}, naming this reader's file. */
    final PacketFileException fail(long offset, String reason) {
        return new PacketFileException(win.file(), offset, reason);
    }

    @Override
    public final Path file() {
        return win.file();
    }

    @Override
    public final long size() {
        return win.size();
    }

    @Override
    public final long position() {
        return pos;
    }

    @Override
    public final long packetCount() {
        return count;
    }

    @Override
    public final PacketView packet() {
        return view;
    }

    @Override
    public final void close() {
        done = true;
        win.close();
    }
}
