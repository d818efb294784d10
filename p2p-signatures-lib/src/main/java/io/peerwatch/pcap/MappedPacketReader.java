package io.peerwatch.pcap;

import java.nio.file.Path;

/**
 * What the pcap and pcapng readers share: the mapped file, the one reused {@link PacketView},
 * the cursor (byte position, packets delivered, finished flag) and the {@link PacketReader}
 * accessors over them. Each subclass walks its own container format in {@link #next()}.
 */
abstract class MappedPacketReader implements PacketReader {
    final MappedWindow win;
    final PacketView view = new PacketView();
    /** Byte offset of the next record or block. */
    long pos;
    /** Packets delivered so far. */
    long count;
    /** True once the end or an error was reached: further {@link #next()} calls return false. */
    boolean done;
    /** Offset of the record {@link #next()} last failed on, or -1. */
    long failedAt = -1;

    MappedPacketReader(MappedWindow win) {
        this.win = win;
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
