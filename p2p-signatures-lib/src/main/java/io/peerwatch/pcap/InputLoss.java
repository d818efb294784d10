package io.peerwatch.pcap;

import java.nio.file.Path;

/**
 * Input lost in a capture file: a record that could not be read, and the bytes skipped with it.
 * Reported by {@link PacketReader#nextOrSkip} for each corrupt stretch it passes over; classify,
 * analyze and the pcap sensor all report it this way and exit with the status for lost input.
 *
 * <p>Packets that were read but could not be decoded at all (an unsupported link type) are input
 * lost too, with no one place in the file: {@link #undecoded}.
 *
 * @param file the capture file
 * @param packet the number (from 1) the first lost packet would have had
 * @param offset byte offset of the record that could not be read; -1 for {@link #undecoded}
 * @param reason why it could not be read, without file name or offset
 * @param resumedAt byte offset where reading resumed, or -1 when the rest of the file is lost
 * @param bytesSkipped bytes not read: up to {@code resumedAt}, or to the end of the file
 */
public record InputLoss(Path file, long packet, long offset, String reason, long resumedAt, long bytesSkipped) {

    /**
     * Packets of a link type the decoder does not read: the message every reader gives, naming
     * the type and the supported ones.
     *
     * @param undecoded packets of the file not decoded for their link type
     * @param packets packets the file held
     */
    public static InputLoss undecoded(Path file, long undecoded, long packets, int linkType) {
        return new InputLoss(file, 0, -1, undecoded + " of " + packets + " packets not decoded: link type " + linkType
                + " (" + LinkType.name(linkType) + ") is not supported (supported: " + LinkType.supportedNames() + ")",
                -1, 0);
    }

    /** True when reading went on after the loss (the format allowed resynchronising). */
    public boolean resumed() {
        return resumedAt >= 0;
    }

    /**
     * Where, what and how much, without the file name, e.g. {@code "packet 7 at byte 4096: captured
     * length 70000 exceeds the snap length 65535; 1,234 bytes skipped, reading resumed at byte
     * 5330"}.
     */
    public String describe() {
        if (offset < 0) {
            return reason;
        }
        return "packet " + packet + " at byte " + offset + ": " + reason + "; " + (resumed()
                ? bytesSkipped + " bytes skipped, reading resumed at byte " + resumedAt
                : "the rest of the file (" + bytesSkipped + " bytes) was not read");
    }

    /** {@link #describe()} after the file name. */
    @Override
    public String toString() {
        return file + ": " + describe();
    }
}
