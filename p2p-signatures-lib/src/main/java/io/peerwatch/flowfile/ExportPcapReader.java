package io.peerwatch.flowfile;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.netflow.DecodeError;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.netflow.ExporterStats;
import io.peerwatch.netflow.FlowDecoder;
import io.peerwatch.netflow.DecodeListener;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Reads a capture (pcap or pcapng) of NetFlow v1/v5/v7/v9/IPFIX export datagrams, as a collector
 * would have received them, and decodes them with a {@link FlowDecoder}: the exporter is the
 * datagram's source address, the receive time its capture time.
 *
 * <pre>{@code
 * try (ExportPcapReader r = ExportPcapReader.open(Path.of("export.pcap"), OptionalInt.of(2055),
 *         DecoderConfig.defaults(), bad -> System.err.println(bad.getMessage()))) {
 *     for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) { ... }
 * }
 * }</pre>
 *
 * <p>Which packets are export datagrams: UDP to the given collector port; without a port, every
 * UDP datagram that looks like one ({@link FlowDecoder#looksLikeExport}: version 5, 9 or 10, or 1
 * or 7 with the exact length of its records). Other packets are skipped and
 * counted ({@link #ignoredPackets()}). IP fragments are not reassembled: a fragmented datagram is a
 * bad record. Decoding problems ({@link DecodeError}) become bad records numbered by packet (1-based);
 * data sets still waiting for a template at the end of the file are reported then (record 0). A
 * capture file that cannot be read further (truncated record) is a bad record too: it is thrown
 * without a handler; with one, the handler sees it and the reader ends after the flows decoded so far.
 */
public final class ExportPcapReader implements FlowFileReader {
    private final PacketReader packets;
    private final String source;
    private final OptionalInt collectorPort;
    private final FlowDecoder decoder;
    private final BadLines bad;
    private final PacketDecoder packetDecoder = new PacketDecoder();
    private final DecodedPacket decoded = new DecodedPacket();
    private final ArrayDeque<FlowRecord> queued = new ArrayDeque<>();
    private final ArrayDeque<FlowFileException> errors = new ArrayDeque<>();
    private long ignored;
    private long datagrams;
    private boolean finished;
    private long currentPacket;
    private final DecodeListener listener = new DecodeListener() {
        @Override
        public void onFlow(FlowRecord flow) {
            queued.add(flow);
        }

        @Override
        public void onError(DecodeError error) {
            errors.add(new FlowFileException(source, finished ? 0 : currentPacket, error.message()));
        }
    };

    private ExportPcapReader(PacketReader packets, String source, OptionalInt collectorPort, DecoderConfig config,
            Consumer<? super FlowFileException> onBad) {
        this.packets = packets;
        this.source = source;
        this.collectorPort = collectorPort;
        this.decoder = new FlowDecoder(config);
        this.bad = new BadLines(onBad);
    }

    /** Opens a capture with default decoder limits, any collector port, failing at the first bad datagram. */
    public static ExportPcapReader open(Path file) throws IOException {
        return open(file, OptionalInt.empty(), DecoderConfig.defaults(), null);
    }

    /**
     * Opens a capture.
     *
     * @param collectorPort UDP destination port of the export datagrams, or empty to sniff versions
     * @param onBadRecord receives each bad datagram and reading continues; null to throw at the first
     * @throws FlowFileException when the file is not a readable pcap/pcapng file
     */
    public static ExportPcapReader open(Path file, OptionalInt collectorPort, DecoderConfig config,
            Consumer<? super FlowFileException> onBadRecord) throws IOException {
        try {
            return new ExportPcapReader(PacketFiles.open(file), file.getFileName().toString(), collectorPort, config,
                    onBadRecord);
        } catch (PacketFileException e) {
            throw new FlowFileException(file.getFileName().toString(), 0, e.getMessage());
        }
    }

    @Override
    public Optional<FlowRecord> next() throws IOException {
        while (true) {
            if (!errors.isEmpty()) {
                bad.handle(errors.pollFirst());
                continue;
            }
            if (!queued.isEmpty()) {
                return Optional.of(queued.pollFirst());
            }
            if (finished) {
                return Optional.empty();
            }
            advance();
        }
    }

    private void advance() throws FlowFileException {
        boolean more;
        try {
            more = packets.next();
        } catch (PacketFileException e) {
            finished = true;
            decoder.flush(listener);
            bad.handle(new FlowFileException(source, packets.packetCount() + 1, e.getMessage()));
            return;
        }
        if (!more) {
            finished = true;
            decoder.flush(listener);
            return;
        }
        PacketView p = packets.packet();
        currentPacket = p.index() + 1;
        if (!packetDecoder.decode(p, decoded) || decoded.ipProtocol() != IpProtocol.UDP) {
            ignored++;
            return;
        }
        if (decoded.isLaterFragment() || !decoded.hasTransport()) {
            ignored++;
            return;
        }
        ByteBuffer frame = decoded.buffer();
        int at = decoded.payloadOffset();
        int length = decoded.payloadLength();
        boolean wanted = collectorPort.isPresent() ? decoded.dstPort() == collectorPort.getAsInt()
                : FlowDecoder.looksLikeExport(frame, at, length);
        if (!wanted) {
            ignored++;
            return;
        }
        if (decoded.isFragment()) {
            errors.add(new FlowFileException(source, currentPacket, "datagram from " + decoded.srcAddress()
                    + " is IP-fragmented; fragments are not reassembled"));
            return;
        }
        datagrams++;
        ByteBuffer datagram = frame.duplicate();
        datagram.limit(at + length);
        datagram.position(at);
        IpAddress exporter = decoded.srcAddress();
        decoder.decode(datagram, exporter, Math.floorDiv(p.timestampNanos(), 1_000_000L), listener);
    }

    /** Packets that were not export datagrams (other traffic, non-UDP, later fragments). */
    public long ignoredPackets() {
        return ignored;
    }

    /** Export datagrams decoded so far. */
    public long datagrams() {
        return datagrams;
    }

    /** The decoder's per-exporter counters. */
    public List<ExporterStats> exporterStats() {
        return decoder.stats();
    }

    @Override
    public FlowFileFormat format() {
        return FlowFileFormat.EXPORT_PCAP;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long skipped() {
        return bad.skipped();
    }

    @Override
    public void close() {
        packets.close();
    }
}
