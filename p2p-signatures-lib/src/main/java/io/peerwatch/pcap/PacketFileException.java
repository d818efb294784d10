package io.peerwatch.pcap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A capture file cannot be opened or read further: bad magic, truncated header or record, a
 * length that does not fit the file or the snap length, or an I/O error. The message names the
 * file, the byte offset of the offending header or record, and the reason, e.g.
 * {@code "dump.pcap: at byte 1044: record needs 1514 bytes of packet data but only 800 are left
 * (truncated file?)"}.
 *
 * <p>Packets a reader returned before throwing stay valid for the caller: a reader reports
 * the problem where it finds it and delivers everything before it.
 */
public final class PacketFileException extends IOException {
    private final Path file;
    private final long offset;
    private final String reason;

    /**
     * @param file the capture file
     * @param offset byte offset (from the start of the file) of the header or record at fault
     * @param reason what is wrong, without the file name or offset
     */
    public PacketFileException(Path file, long offset, String reason) {
        this(file, offset, reason, null);
    }

    /** As {@link #PacketFileException(Path, long, String)}, keeping the underlying cause. */
    public PacketFileException(Path file, long offset, String reason, Throwable cause) {
        super(file + ": at byte " + offset + ": " + reason, cause);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    /** The capture file. */
    public Path file() {
        return file;
    }

    /** Byte offset of the header or record at fault. */
    public long offset() {
        return offset;
    }

    /** The reason alone, without file name and offset. */
    public String reason() {
        return reason;
    }
}
