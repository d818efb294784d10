package io.peerwatch.pcap;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Opens capture files: the one entry point to the readers. The format is sniffed from the magic
 * number, not the file name (nDPI's {@code bittorrent_utp.pcap} is really pcapng).
 *
 * <pre>{@code
 * try (PacketReader r = PacketFiles.open(Path.of("capture.pcap"))) {
 *     while (r.next()) {
 *         PacketView p = r.packet();
 *         // p.timestampNanos(), p.linkType(), p.buffer() at [p.offset(), p.offset() + p.capturedLength())
 *     }
 * }
 * }</pre>
 *
 * <p>Files are read in windows of 1 MiB (a larger record gets a larger window), so a capture of
 * any size costs little memory.
 */
public final class PacketFiles {

    private static final int MAGIC_LENGTH = 4;

    private PacketFiles() {
    }

    /**
     * Opens a pcap or pcapng file.
     *
     * @throws PacketFileException when the file cannot be opened, is too short, has an unknown
     *     magic number or a bad file/section header; the message names file, offset and reason
     */
    public static PacketReader open(Path file) throws PacketFileException {
        return open(file, FileWindow.DEFAULT_WINDOW);
    }

    /** As {@link #open(Path)} with a given window (tests use small windows). */
    static PacketReader open(Path file, int window) throws PacketFileException {
        FileWindow win = new FileWindow(file, window);
        try {
            if (win.size() < MAGIC_LENGTH) {
                throw new PacketFileException(file, 0, "not a capture file: " + win.size() + " bytes, too short for a magic number");
            }
            int i = win.at(0, MAGIC_LENGTH);
            int magic = win.ordered().order(ByteOrder.BIG_ENDIAN).getInt(i);
            PacketReader reader;
            if (magic == PcapngReader.SHB) {
                reader = new PcapngReader(win);
            } else if (PcapReader.isMagic(magic) || PcapReader.isMagic(Integer.reverseBytes(magic))) {
                reader = new PcapReader(win);
            } else {
                throw new PacketFileException(file, 0, String.format(
                        "not a pcap or pcapng file (magic 0x%08x)", magic));
            }
            return reader;
        } catch (PacketFileException | RuntimeException e) {
            win.close();
            throw e;
        }
    }
}
