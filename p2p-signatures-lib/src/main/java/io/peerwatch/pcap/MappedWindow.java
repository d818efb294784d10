package io.peerwatch.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only memory mapping of a window of a file. {@link FileChannel#map} maps at most
 * {@code Integer.MAX_VALUE} bytes, so files over 2 GB are walked window by window: when a
 * record does not lie wholly inside the current window, a new window starting at that record
 * is mapped. Allocation happens only per window, never per record.
 */
final class MappedWindow implements AutoCloseable {
    /** Default window: large enough that most captures are one mapping, well under 2 GB. */
    static final int DEFAULT_WINDOW = 1 << 30;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final int window;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private long base = -1;
    private int length;
    /** The window in the file's byte order, for headers. */
    private ByteBuffer ordered;
    /** The same memory, big-endian, for frames. */
    private ByteBuffer network;

    MappedWindow(Path file, int window) throws PacketFileException {
        this.file = file;
        this.window = window;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.size = channel.size();
        } catch (IOException | RuntimeException e) {
            throw new PacketFileException(file, 0, "cannot open: " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    long size() {
        return size;
    }

    Path file() {
        return file;
    }

    /** Sets the byte order used by {@link #ordered()} (pcapng sections may differ). */
    void order(ByteOrder o) {
        order = o;
        if (ordered != null) {
            ordered.order(o);
        }
    }

    /**
     * Makes {@code [offset, offset + len)} addressable and returns the index of {@code offset}
     * in {@link #ordered()} and {@link #network()}. The caller has checked that the range lies
     * within the file.
     */
    int at(long offset, int len) throws PacketFileException {
        long rel = offset - base;
        if (base >= 0 && rel >= 0 && rel + len <= length) {
            return (int) rel;
        }
        remap(offset, len);
        return 0;
    }

    private void remap(long offset, int len) throws PacketFileException {
        int mapLength = (int) Math.min(size - offset, Math.max(window, len));
        try {
            ByteBuffer m = channel.map(FileChannel.MapMode.READ_ONLY, offset, mapLength);
            network = m.duplicate().order(ByteOrder.BIG_ENDIAN);
            ordered = m.order(order);
            base = offset;
            length = mapLength;
        } catch (IOException | RuntimeException e) {
            throw new PacketFileException(file, offset, "cannot map " + mapLength + " bytes: " + describe(e), e);
        }
    }

    ByteBuffer ordered() {
        return ordered;
    }

    ByteBuffer network() {
        return network;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Read-only channel: nothing was written that a failed close could lose.
        }
    }
}
