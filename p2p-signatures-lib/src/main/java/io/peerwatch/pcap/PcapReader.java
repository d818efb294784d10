package io.peerwatch.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reader of the classic libpcap format (https://www.tcpdump.org/manpages/pcap-savefile.5.html,
 * draft-ietf-opsawg-pcap): a 24-byte file header (magic, version 2.4, snap length, link type)
 * then records of a 16-byte header (seconds, micro- or nanoseconds, captured length, original
 * length) and the frame. The magic's byte order gives the file's byte order. Also reads
 * Alexey Kuznetzov's variant (magic 0xa1b2cd34), whose record headers carry 8 more bytes.
 */
final class PcapReader extends WindowedPacketReader {
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;
    static final int MAGIC_KUZNETZOV = 0xa1b2cd34;
    static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int KUZNETZOV_EXTRA = 8;
    private static final int SUPPORTED_MAJOR = 2;
    private static final int LINK_TYPE_MASK = 0xffff;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private final int recordHeader;
    private final long fracToNanos;
    private final long snapLength;
    private final int linkType;
    /** Seconds of the last good record, to judge candidate records when resynchronising; -1 before one. */
    private long lastSeconds = -1;

    /** A candidate record's time must be within this of the last good one (seconds). */
    private static final long RESYNC_TIME_WINDOW = 86_400;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    PcapReader(FileWindow win) throws PacketFileException {
        super(win);
        Path file = win.file();
        if (win.size() < FILE_HEADER_LENGTH) {
            throw new PacketFileException(file, 0, "truncated pcap file header: " + win.size() + " of "
                    + FILE_HEADER_LENGTH + " bytes");
        }
        int i = win.at(0, FILE_HEADER_LENGTH);
        ByteBuffer b = win.ordered();
        int magicBe = b.order(ByteOrder.BIG_ENDIAN).getInt(i);
        int magic = magicBe;
        if (!isMagic(magicBe)) {
            magic = Integer.reverseBytes(magicBe);
            win.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            win.order(ByteOrder.BIG_ENDIAN);
        }
        b = win.ordered();
        int major = b.getShort(i + 4) & 0xffff;
        if (major != SUPPORTED_MAJOR) {
            throw new PacketFileException(file, 4, "unsupported pcap version " + major + "."
                    + (b.getShort(i + 6) & 0xffff));
        }
        snapLength = b.getInt(i + 16) & 0xffffffffL;
        linkType = b.getInt(i + 20) & LINK_TYPE_MASK;
        fracToNanos = magic == MAGIC_NANOS ? 1 : NANOS_PER_MICRO;
        recordHeader = RECORD_HEADER_LENGTH + (magic == MAGIC_KUZNETZOV ? KUZNETZOV_EXTRA : 0);
        view.linkType = linkType;
        pos = FILE_HEADER_LENGTH;
    }

    static boolean isMagic(int bigEndianValue) {
        return bigEndianValue == MAGIC_MICROS || bigEndianValue == MAGIC_NANOS || bigEndianValue == MAGIC_KUZNETZOV;
    }

    @Override
    public boolean next() throws PacketFileException {
        if (done) {
            return false;
        }
        long size = win.size();
        if (pos == size) {
            done = true;
            return false;
        }
        try {
            return read(size);
        } catch (PacketFileException e) {
            done = true;
            failedAt = pos;
            throw e;
        }
    }

    /**
     * Classic pcap has no sync marker, so the next record is the first offset after the failed
     * one whose header is plausible (lengths within the snap length and the file, captured at
     * most original, a fraction below one second, a time within a day of the last good record)
     * and is followed by another plausible header or the end of the file.
     */
    @Override
    public long resync() throws PacketFileException {
        return resync(recordHeader, this::plausibleEnd);
    }

    /** The end of a plausible record at {@code p}, or -1. */
    private long plausibleEnd(long p, long size) throws PacketFileException {
        if (size - p < recordHeader) {
            return -1;
        }
        int i = win.at(p, recordHeader);
        ByteBuffer b = win.ordered();
        long seconds = b.getInt(i) & 0xffffffffL;
        long fraction = b.getInt(i + 4) & 0xffffffffL;
        long captured = b.getInt(i + 8) & 0xffffffffL;
        long original = b.getInt(i + 12) & 0xffffffffL;
        boolean ok = captured > 0 && captured <= original && original <= Limits.MAX_FRAME_LENGTH
                && (snapLength == 0 || captured <= snapLength)
                && fraction < (fracToNanos == 1 ? NANOS_PER_SECOND : MICROS_PER_SECOND)
                && (lastSeconds < 0 || Math.abs(seconds - lastSeconds) <= RESYNC_TIME_WINDOW)
                && p + recordHeader + captured <= size;
        return ok ? p + recordHeader + captured : -1;
    }

    private boolean read(long size) throws PacketFileException {
        long left = size - pos;
        if (left < recordHeader) {
            throw fail(pos, "truncated record header: " + left + " of " + recordHeader + " bytes (truncated file?)");
        }
        int i = win.at(pos, recordHeader);
        ByteBuffer b = win.ordered();
        // Two 8-byte reads instead of four 4-byte ones (each read is a call chain until the JIT
        // inlines it); the file's byte order decides which half holds which field.
        long first = b.getLong(i);
        long second = b.getLong(i + 8);
        boolean little = b.order() == ByteOrder.LITTLE_ENDIAN;
        long seconds = little ? first & 0xffffffffL : first >>> 32;
        long fraction = little ? first >>> 32 : first & 0xffffffffL;
        long captured = little ? second & 0xffffffffL : second >>> 32;
        long original = little ? second >>> 32 : second & 0xffffffffL;
        if (snapLength > 0 && captured > snapLength) {
            throw fail(pos, "captured length " + captured + " exceeds the snap length " + snapLength);
        }
        if (captured > Limits.MAX_FRAME_LENGTH) {
            throw fail(pos, "captured length " + captured + " is implausible (limit " + Limits.MAX_FRAME_LENGTH + ")");
        }
        if (captured > left - recordHeader) {
            throw fail(pos, "record needs " + captured + " bytes of packet data but only " + (left - recordHeader)
                    + " are left (truncated file?)");
        }
        int total = recordHeader + (int) captured;
        int j = win.at(pos, total);
        view.buffer = win.network();
        view.offset = j + recordHeader;
        view.capturedLength = (int) captured;
        view.originalLength = (int) Math.min(original, Integer.MAX_VALUE);
        view.timestampNanos = seconds * NANOS_PER_SECOND + fraction * fracToNanos;
        view.fileOffset = pos;
        view.index = count++;
        lastSeconds = seconds;
        pos += total;
        return true;
    }

    /** The snap length from the file header (0 = not set). */
    long snapLength() {
        return snapLength;
    }

    @Override
    public PacketFileFormat format() {
        return PacketFileFormat.PCAP;
    }
}
