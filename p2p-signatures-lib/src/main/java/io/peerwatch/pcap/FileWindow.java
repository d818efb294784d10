package io.peerwatch.pcap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A window of a file held in one reused buffer: when a record does not lie wholly inside the
 * current window, the window is refilled from that record on with positional reads. Allocation
 * happens only when a record is larger than every window before it, never per record.
 *
 * <p>Why reads and not a memory mapping (which this class was until issue 17): the pages of a
 * mapped capture count in the process's resident set as they are touched, so classifying a
 * 204 MB capture peaked at ~450 MB RSS, twice ndpiReader's; with a 1 MiB window the file costs
 * 1 MiB and the run ~250 MB, at the same speed (the copy from the page cache is ~0.02 s of a
 * 204 MB file, and the mapping's page faults cost as much). The window's bytes stay valid until
 * the next {@link #at} call that refills it: readers hand out views that are valid until their
 * next packet.
 */
final class FileWindow implements AutoCloseable {
    /**
     * Default window: small enough to stay in the L2 cache while its packets are decoded, large
     * enough that the read calls cost nothing (~200 for a 204 MB capture).
     */
    static final int DEFAULT_WINDOW = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final int window;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private long base = -1;
    private int length;
    private ByteBuffer buffer;
    /** The window in the file's byte order, for headers. */
    private ByteBuffer ordered;
    /** The same memory, big-endian, for frames. */
    private ByteBuffer network;

    FileWindow(Path file, int window) throws PacketFileException {
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
        refill(offset, len);
        return 0;
    }

    private void refill(long offset, int len) throws PacketFileException {
        int n = (int) Math.min(size - offset, Math.max(window, len));
        if (buffer == null || buffer.capacity() < n) {
            // Direct: the channel reads into it without an intermediate copy.
            buffer = ByteBuffer.allocateDirect(Math.max(n, Math.min(window, (int) Math.min(size, Integer.MAX_VALUE))));
            ordered = buffer.asReadOnlyBuffer().order(order);
            network = buffer.asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
        }
        base = -1; // nothing valid while the buffer changes
        try {
            buffer.clear().limit(n);
            long pos = offset;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, pos) < 0) {
                    throw new EOFException("the file ended at " + pos + " (it shrank while being read)");
                }
                pos = offset + buffer.position();
            }
        } catch (IOException | RuntimeException e) {
            throw new PacketFileException(file, offset, "cannot read " + n + " bytes: " + describe(e), e);
        }
        ordered.clear().limit(n);
        network.clear().limit(n);
        base = offset;
        length = n;
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
