package io.peerwatch.sensor.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;

/**
 * Frames from a network interface, through pcap4j over the system's libpcap (Debian's
 * libpcap0.8). Capturing needs root or CAP_NET_RAW. pcap4j is only the capture loop: frames are
 * handed on as raw bytes with the link type, and decoded by the library's own
 * {@link io.peerwatch.packet.PacketDecoder}, the same path as capture files.
 *
 * <pre>{@code
 * try (LiveCapture c = LiveCapture.open(CaptureConfig.builder("eth1").build())) {
 *     c.run((linkType, frame, captured, original, nanos) -> session.accept(linkType, frame, 0, captured, original, nanos),
 *           nanos -> session.advanceTo(nanos), () -> !stopped);
 * }
 * }</pre>
 */
public final class LiveCapture implements AutoCloseable {
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Pause after a read that found no frame: bounds idle CPU; libpcap's buffer holds what arrives meanwhile. */
    private static final long EMPTY_READ_PAUSE_MS = 2;

    /** Receives frames on the capturing thread. */
    @FunctionalInterface
    public interface FrameHandler {
        /**
         * One frame.
         *
         * @param frame the captured bytes, from index 0 (valid until the handler returns)
         * @param capturedLength bytes captured (at most the snap length)
         * @param originalLength the frame's length on the wire
         * @param timestampNanos capture time, nanoseconds since the epoch
         */
        void frame(int linkType, ByteBuffer frame, int capturedLength, int originalLength, long timestampNanos);
    }

    /** Called when no frame arrived within the read timeout, with the wall-clock time. */
    @FunctionalInterface
    public interface IdleHandler {
        void idle(long nowNanos);
    }

    private final CaptureConfig config;
    private final PcapHandle handle;
    private final int linkType;
    private volatile boolean stopped;
    /** Written by the capturing thread only; volatile so that other threads see progress. */
    private volatile long frames;

    private LiveCapture(CaptureConfig config, PcapHandle handle) {
        this.config = config;
        this.handle = handle;
        this.linkType = handle.getDlt().value();
    }

    /**
     * Opens the interface and starts capturing (frames queue in the kernel buffer until
     * {@link #run} reads them).
     *
     * @throws IOException naming the interface and libpcap's reason (no such device, not
     *     permitted, bad filter)
     */
    public static LiveCapture open(CaptureConfig config) throws IOException {
        PcapHandle h;
        try {
            h = new PcapHandle.Builder(config.interfaceName())
                    .snaplen(config.snapLength())
                    .promiscuousMode(config.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis((int) config.readTimeout().toMillis())
                    .bufferSize(config.bufferBytes())
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .immediateMode(true)
                    .build();
            // Non-blocking reads: on Linux (TPACKET_V3) a blocking read may wait forever on a quiet
            // interface whatever the timeout (pcap(3PCAP)), and the loop must wake up to expire
            // flows and to stop.
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        } catch (PcapNativeException | NotOpenException | RuntimeException | UnsatisfiedLinkError e) {
            throw new IOException("cannot capture on " + config.interfaceName() + ": " + e.getMessage()
                    + " (capturing needs root or CAP_NET_RAW, and libpcap: Debian package libpcap0.8)", e);
        }
        if (config.filter().isPresent()) {
            try {
                h.setFilter(config.filter().get(), BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                h.close();
                throw new IOException("bad capture filter '" + config.filter().get() + "': " + e.getMessage(), e);
            }
        }
        return new LiveCapture(config, h);
    }

    /** The interface's link type ({@link io.peerwatch.pcap.LinkType}). */
    public int linkType() {
        return linkType;
    }

    public String interfaceName() {
        return config.interfaceName();
    }

    /**
     * Reads frames until {@link #stop()} is called or {@code keepGoing} turns false (checked
     * after every frame and every read timeout).
     *
     * @throws IOException when the capture fails (interface gone)
     */
    public void run(FrameHandler handler, IdleHandler idle, BooleanSupplier keepGoing) throws IOException {
        ByteBuffer view = ByteBuffer.wrap(new byte[0]);
        long idleEvery = config.readTimeout().toNanos();
        long lastFrameOrIdle = System.nanoTime();
        try {
            while (!stopped && keepGoing.getAsBoolean()) {
                byte[] raw = handle.getNextRawPacket();
                if (raw == null) {
                    long now = System.nanoTime();
                    if (now - lastFrameOrIdle >= idleEvery) {
                        idle.idle(System.currentTimeMillis() * NANOS_PER_MILLI);
                        lastFrameOrIdle = now;
                    }
                    Thread.sleep(EMPTY_READ_PAUSE_MS);
                    continue;
                }
                lastFrameOrIdle = System.nanoTime();
                this.frames++;
                java.sql.Timestamp ts = handle.getTimestamp();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * NANOS_PER_SECOND + ts.getNanos();
                Integer original = handle.getOriginalLength();
                if (view.array() != raw) {
                    view = ByteBuffer.wrap(raw);
                }
                handler.frame(linkType, view, raw.length, original == null ? raw.length : original, nanos);
            }
        } catch (NotOpenException e) {
            if (!stopped) {
                throw new IOException("capture on " + config.interfaceName() + " was closed", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes {@link #run} return after the current frame (any thread). */
    public void stop() {
        stopped = true;
    }

    /** Frames read so far. */
    public long frames() {
        return frames;
    }

    /** libpcap's counters: received, dropped by the kernel buffer, dropped by the interface. */
    public String statsText() {
        try {
            PcapStat s = handle.getStats();
            return String.format(java.util.Locale.ROOT, "%,d frames received by the filter, %,d dropped by the kernel, "
                    + "%,d dropped by the interface", s.getNumPacketsReceived(), s.getNumPacketsDropped(),
                    s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            return "capture counters unavailable (" + e.getMessage() + ")";
        }
    }

    /** Kernel drops so far (frames the reader was too slow for); -1 when unknown. */
    public long kernelDrops() {
        try {
            return handle.getStats().getNumPacketsDropped();
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        stopped = true;
        handle.close();
    }
}
