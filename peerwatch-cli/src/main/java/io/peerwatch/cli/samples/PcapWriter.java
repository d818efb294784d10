package io.peerwatch.cli.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects Ethernet frames with their capture times and writes them as a classic pcap file
 * (libpcap format: 24-byte global header, magic {@code a1b2c3d4} in little-endian byte order,
 * microsecond time stamps, link type 1 = Ethernet; a 16-byte record header per frame), sorted by
 * time. Frames of the same time keep the order they were added in, so the output is a function
 * of the calls alone.
 */
final class PcapWriter {

    /** LINKTYPE_ETHERNET (tcpdump.org link-layer header types). */
    static final int LINKTYPE_ETHERNET = 1;
    private static final int MAGIC = 0xa1b2c3d4;
    private static final int SNAPLEN = 65535;

    private record Frame(long timeMicros, long order, byte[] bytes) {
    }

    private final List<Frame> frames = new ArrayList<>();

    /** Adds a frame captured at {@code timeMicros} (microseconds since the epoch). */
    void add(long timeMicros, byte[] frame) {
        frames.add(new Frame(timeMicros, frames.size(), frame));
    }

    /** Frames added so far. */
    int size() {
        return frames.size();
    }

    /** Receives frames with their capture times. */
    interface FrameSink {
        void frame(long timeMicros, byte[] frame);
    }

    /** Every frame, oldest first (the order {@link #write} writes them in). */
    void forEach(FrameSink sink) {
        for (Frame f : sorted()) {
            sink.frame(f.timeMicros(), f.bytes());
        }
    }

    private List<Frame> sorted() {
        List<Frame> sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.comparingLong(Frame::timeMicros).thenComparingLong(Frame::order));
        return sorted;
    }

    /** Writes every frame, oldest first. */
    void write(Path file) throws IOException {
        List<Frame> sorted = sorted();
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                    .putInt(LINKTYPE_ETHERNET);
            out.write(h.array());
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (Frame f : sorted) {
                r.clear();
                r.putInt((int) (f.timeMicros() / 1_000_000)).putInt((int) (f.timeMicros() % 1_000_000))
                        .putInt(f.bytes().length).putInt(f.bytes().length);
                out.write(r.array());
                out.write(f.bytes());
            }
        }
    }
}
