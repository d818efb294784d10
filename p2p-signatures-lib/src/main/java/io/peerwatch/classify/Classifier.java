package io.peerwatch.classify;

import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowTable;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.InputLoss;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.ports.PortEntry;
import io.peerwatch.ports.PortTable;
import io.peerwatch.ports.Transport;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Classifies the flows of capture files: reader ({@link PacketFiles}) &rarr; decoder
 * ({@link PacketDecoder}) &rarr; flow table ({@link FlowTable}) &rarr; signatures
 * ({@link SignatureEngine}), the path every packet source of PeerWatch shares. A flow no
 * signature recognised but whose server port is in the port table is reported as the table's
 * application with {@link ConfidenceKind#PORT}.
 *
 * <pre>{@code
 * Classifier classifier = Classifier.builder()
 *         .progress((file, done, total) -> bar.update(done, total))
 *         .build();
 * ClassifyReport report = classifier.classify(List.of(Path.of("capture.pcapng")));
 * report.flows().forEach(System.out::println);   // one ndpiReader-like line per flow
 * report.summary().protocols().forEach(System.out::println);
 * for (InputLoss l : report.summary().losses()) {
 *     System.err.println(l);   // "capture.pcapng: packet 7 at byte 1044: ...; 96 bytes skipped, ..."
 * }
 * }</pre>
 *
 * <p>Files are read in the order given into one flow table, so a capture split into several
 * files (tcpdump {@code -C}) keeps its flows. A corrupt record does not stop the run: the reader
 * resynchronises where the format allows ({@link io.peerwatch.pcap.PacketReader#nextOrSkip}), each
 * loss lands in {@link ClassifySummary#losses()}, the packets around it count, and the remaining
 * files are read. Every flow is reported once the input ends.
 *
 * <p>A {@code Classifier} is immutable and may run on several threads at once; each run has its
 * own decoder, flow table and scratches.
 */
public final class Classifier {

    /** Bytes read between two progress callbacks. */
    public static final long DEFAULT_PROGRESS_INTERVAL = 4L << 20;

    private static final Comparator<FlowResult> BY_TIME = Comparator
            .comparingLong((FlowResult r) -> r.flow().firstNanos())
            .thenComparing(r -> r.key().toString());

    private final SignatureRegistry registry;
    private final DetectionConfig config;
    private final PortTable portTable;
    private final Optional<ProgressListener> progress;
    private final long progressInterval;
    private final Optional<HostSettings> hosts;
    private final io.peerwatch.packet.FragmentConfig fragments;
    private final boolean pipelined;

    /** Start of the note on a flow whose only evidence is a P2P-shaped random handshake. */
    public static final String SUSPICION_NOTE = "suspicion only:";

    /**
     * Settings of the per-host judgements ({@link HostFinding}): the same detectors and
     * thresholds as the streaming job's.
     *
     * @param internalNetworks which addresses are internal hosts
     * @param publicSuffixList names registered domains
     * @param dnsTunnel DNS tunnels per host and registered domain
     * @param icmpTunnel ICMP tunnels per host pair
     * @param corroboration encrypted P2P per host
     * @param notice suppression intervals of the alerts the detectors build
     */
    public record HostSettings(io.peerwatch.core.InternalNetworks internalNetworks,
            io.peerwatch.dns.PublicSuffixList publicSuffixList, io.peerwatch.detect.DnsTunnelConfig dnsTunnel,
            io.peerwatch.detect.IcmpTunnelConfig icmpTunnel, io.peerwatch.detect.P2pCorroborationConfig corroboration,
            io.peerwatch.notice.NoticePolicy notice) {

        public HostSettings {
            if (internalNetworks == null || publicSuffixList == null || dnsTunnel == null || icmpTunnel == null
                    || corroboration == null || notice == null) {
                throw new IllegalArgumentException("host settings must not be null");
            }
        }

        /** Default networks, the bundled public suffix list and every detector's defaults. */
        public static HostSettings defaults() {
            return new HostSettings(io.peerwatch.core.InternalNetworks.defaults(),
                    io.peerwatch.dns.PublicSuffixList.defaults(), io.peerwatch.detect.DnsTunnelConfig.defaults(),
                    io.peerwatch.detect.IcmpTunnelConfig.defaults(), io.peerwatch.detect.P2pCorroborationConfig.defaults(),
                    io.peerwatch.notice.NoticePolicy.defaults());
        }
    }

    private Classifier(Builder b) {
        this.registry = b.registry;
        this.config = b.config;
        this.portTable = b.portTable;
        this.progress = Optional.ofNullable(b.progress);
        this.progressInterval = b.progressInterval;
        this.hosts = Optional.ofNullable(b.hosts);
        this.fragments = b.fragments;
        this.pipelined = b.pipelined;
    }

    /** Default signatures, limits and port table; no progress callback. */
    public static Classifier defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Classifies the files and collects every flow.
     *
     * @return flows ordered by first packet time, and the summary (check
     *     {@link ClassifySummary#losses()}: a truncated or corrupt file does not throw)
     */
    public ClassifyReport classify(List<Path> files) {
        List<FlowResult> flows = new ArrayList<>();
        ClassifySummary summary = classify(files, flows::add);
        flows.sort(BY_TIME);
        return new ClassifyReport(flows, summary);
    }

    /**
     * Classifies the files, handing each flow to {@code sink} as it ends (timeout, eviction, or
     * end of input), so memory stays bounded by the flow table on any input size.
     *
     * @return the totals and per-protocol summary; input lost is in {@link ClassifySummary#losses()}
     */
    public ClassifySummary classify(List<Path> files, Consumer<FlowResult> sink) {
        if (pipelined) {
            return new PipelinedRun(this, this::result, sink).run(files);
        }
        Session session = session(sink);
        List<InputLoss> losses = new ArrayList<>();
        read(files, session, losses);
        return session.finish(files, losses);
    }

    /** Where {@link #read} hands the frames of the files: a session, or a pipelined run's reader. */
    interface Frames {
        /** One captured frame; see {@link Session#accept}. */
        void accept(int linkType, ByteBuffer frame, int offset, int capturedLength, int originalLength,
                long timestampNanos);

        /** The run's decoder: what it could not read goes into the input-lost lines. */
        FrameDecoder decoder();
    }

    /** Reads the files in order into {@code frames}; what cannot be read goes to {@code losses}. */
    void read(List<Path> files, Frames frames, List<InputLoss> losses) {
        long total = 0;
        for (Path f : files) {
            total += sizeOf(f);
        }
        long before = 0;
        Consumer<InputLoss> onLoss = losses::add; // made once: a bound method reference in the loop is an object per packet
        for (Path file : files) {
            try (PacketReader reader = PacketFiles.open(file)) {
                long unsupportedBefore = frames.decoder().unsupportedLinkTypePackets();
                long nextReport = progressInterval;
                while (reader.nextOrSkip(onLoss)) {
                    PacketView v = reader.packet();
                    frames.accept(v.linkType(), v.buffer(), v.offset(), v.capturedLength(), v.originalLength(),
                            v.timestampNanos());
                    if (reader.position() >= nextReport) {
                        nextReport = reader.position() + progressInterval;
                        report(file, before + reader.position(), total);
                    }
                }
                long unsupported = frames.decoder().unsupportedLinkTypePackets() - unsupportedBefore;
                if (unsupported > 0) {
                    losses.add(InputLoss.undecoded(file, unsupported, reader.packetCount(),
                            frames.decoder().unsupportedLinkType()));
                }
            } catch (PacketFileException e) {
                // Not a capture at all, or its file header is corrupt: nothing of it was read.
                losses.add(new InputLoss(file, 1, e.offset(), e.reason(), -1, sizeOf(file)));
            }
            before += sizeOf(file);
            report(file, before, total);
        }
    }

    SignatureRegistry registry() {
        return registry;
    }

    DetectionConfig config() {
        return config;
    }

    io.peerwatch.packet.FragmentConfig fragments() {
        return fragments;
    }

    Optional<HostSettings> hosts() {
        return hosts;
    }

    /**
     * Starts a run fed one frame at a time, for packet sources that are not files (live
     * capture). Same decoder, flow table, signatures and port fallback as {@link #classify}.
     *
     * <pre>{@code
     * Classifier.Session s = Classifier.defaults().session(flow -> System.out.println(flow));
     * // per captured frame:
     * s.accept(linkType, frame, 0, capturedLength, originalLength, timestampNanos);
     * // now and then when no frame arrives, so idle flows end:
     * s.advanceTo(System.currentTimeMillis() * 1_000_000L);
     * ClassifySummary summary = s.finish();   // ends every flow still open
     * }</pre>
     */
    public Session session(Consumer<FlowResult> sink) {
        if (sink == null) {
            throw new IllegalArgumentException("sink must not be null");
        }
        return new Session(sink);
    }

    /**
     * One packet-fed classification run: see {@link Classifier#session}. Not thread-safe: feed it
     * from one thread. Flows go to the sink as they end, on the feeding thread.
     */
    public final class Session implements Frames {
        private final Totals totals = new Totals();
        private final FlowTable table;
        private final FrameDecoder decoder = new FrameDecoder();
        private final DecodedPacket packet = new DecodedPacket();
        private final io.peerwatch.packet.FragmentReassembler reassembler = new io.peerwatch.packet.FragmentReassembler(fragments);
        private final HostJudgements judgements;
        private final Consumer<FlowResult> report;
        private boolean finished;

        private Session(Consumer<FlowResult> sink) {
            SignatureEngine engine = new SignatureEngine(registry, config);
            this.report = r -> {
                totals.add(r);
                sink.accept(r);
            };
            this.judgements = hosts.map(h -> new HostJudgements(h, config.flowIdleTimeout().toMillis())).orElse(null);
            this.table = new FlowTable(engine, flow -> {
                FlowResult r = result(flow);
                if (judgements == null) {
                    report.accept(r);
                } else {
                    judgements.ended(r, report);
                }
            });
        }

        /** Host-level findings so far (all of them once {@link #finish()} returned). */
        public List<HostFinding> hostFindings() {
            return judgements == null ? List.of() : judgements.findings();
        }

        /**
         * Adds one captured frame (see {@link PacketDecoder#decode(int, ByteBuffer, int, int, int,
         * DecodedPacket)} for the arguments). Frames that do not decode are counted, not thrown.
         *
         * @throws IllegalStateException after {@link #finish()}
         */
        @Override
        public void accept(int linkType, ByteBuffer frame, int offset, int capturedLength, int originalLength,
                long timestampNanos) {
            if (finished) {
                throw new IllegalStateException("session finished");
            }
            totals.packetsRead++;
            totals.frameBytes += originalLength;
            if (!decoder.decode(linkType, frame, offset, capturedLength, originalLength, packet)) {
                return;
            }
            // Fragments are held until their datagram is whole; it is judged as one packet.
            DecodedPacket p = reassembler.offer(packet, originalLength, timestampNanos);
            if (p == null) {
                return;
            }
            table.accept(p, timestampNanos);
            if (judgements != null) {
                judgements.packet(p, timestampNanos);
                judgements.advanceTo(timestampNanos, report);
            }
        }

        @Override
        public FrameDecoder decoder() {
            return decoder;
        }

        /** Moves the flow table's clock (if later) so idle and old flows end without new packets. */
        public void advanceTo(long timestampNanos) {
            reassembler.expire(timestampNanos);
            table.advanceTo(timestampNanos);
            if (judgements != null) {
                judgements.advanceTo(timestampNanos, report);
            }
        }

        /** Flows currently open. */
        public int openFlows() {
            return table.size();
        }

        /** Packets accepted so far (decodable or not). */
        public long packetsRead() {
            return totals.packetsRead;
        }

        /** Ends every open flow (each goes to the sink) and returns the totals; idempotent. */
        public ClassifySummary finish() {
            return finish(List.of(), List.of());
        }

        ClassifySummary finish(List<Path> files, List<InputLoss> losses) {
            if (!finished) {
                finished = true;
                reassembler.finish();
                table.flush();
                if (judgements != null) {
                    judgements.finish(report);
                }
            }
            return new ClassifySummary(files, totals.packetsRead, totals.frameBytes, decoder.stats(), table.stats(),
                    reassembler.stats(), totals.protocols(), losses, hostFindings());
        }
    }

    private void report(Path file, long done, long total) {
        progress.ifPresent(p -> p.progress(file, done, total));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException | RuntimeException e) {
            return 0; // reported as input lost when the file is opened
        }
    }

    /** The verdict: the engine's, else the port table's, else unknown. */
    private FlowResult result(Flow flow) {
        Optional<Classification> c = flow.classification();
        if (c.isPresent() && c.get().signature().needsCorroboration()) {
            // random-looking handshakes alone name no protocol: a suspicion, which the host's
            // window may corroborate (HostJudgements)
            Classification k = c.get();
            java.util.Map<io.peerwatch.signatures.MetadataKey, List<String>> m = new java.util.EnumMap<>(
                    io.peerwatch.signatures.MetadataKey.class);
            m.putAll(k.metadata());
            List<String> notes = new ArrayList<>(m.getOrDefault(io.peerwatch.signatures.MetadataKey.NOTE, List.of()));
            notes.add(SUSPICION_NOTE + " " + k.protocol().displayName() + "-shaped, not corroborated by the host's other traffic");
            m.put(io.peerwatch.signatures.MetadataKey.NOTE, notes);
            double suspicion = hosts.map(h -> h.corroboration().suspicionConfidence())
                    .orElse(io.peerwatch.detect.P2pCorroborationConfig.DEFAULT_SUSPICION_CONFIDENCE);
            return new FlowResult(flow, Protocol.UNKNOWN, Protocol.UNKNOWN.displayName(), Optional.of(k.signature()),
                    Optional.of(k.kind()), suspicion, k.packetsToVerdict(), m, Optional.empty());
        }
        if (c.isPresent()) {
            Classification k = c.get();
            return new FlowResult(flow, k.protocol(), k.protocol().displayName(), Optional.of(k.signature()),
                    Optional.of(k.kind()), k.confidence(), k.packetsToVerdict(), k.metadata(), Optional.empty());
        }
        Optional<PortEntry> port = Transport.ofIpProtocol(flow.key().ipProtocol())
                .flatMap(t -> portTable.lookup(t, flow.key().serverPort()));
        if (port.isPresent()) {
            Protocol p = PortApplications.protocolFor(port.get().application());
            String label = p == Protocol.UNKNOWN ? port.get().application() : p.displayName();
            return new FlowResult(flow, p, label, Optional.empty(), Optional.of(ConfidenceKind.PORT),
                    ConfidenceKind.PORT.defaultConfidence(), 0, Map.of(), port);
        }
        return new FlowResult(flow, Protocol.UNKNOWN, Protocol.UNKNOWN.displayName(), Optional.empty(),
                Optional.empty(), 0.0, 0, Map.of(), Optional.empty());
    }

    /** Builder: every setting has a default. */
    public static final class Builder {
        private SignatureRegistry registry = SignatureRegistry.defaults();
        private DetectionConfig config = DetectionConfig.defaults();
        private PortTable portTable = PortTable.defaults();
        private ProgressListener progress;
        private long progressInterval = DEFAULT_PROGRESS_INTERVAL;
        private HostSettings hosts = HostSettings.defaults();
        private io.peerwatch.packet.FragmentConfig fragments = io.peerwatch.packet.FragmentConfig.defaults();
        private boolean pipelined;

        private Builder() {
        }

        /** Signatures to run (default {@link SignatureRegistry#defaults()}). */
        public Builder registry(SignatureRegistry v) {
            registry = require(v, "registry");
            return this;
        }

        /** Limits of IP fragment reassembly (default: {@link io.peerwatch.packet.FragmentConfig#defaults()}). */
        public Builder fragments(io.peerwatch.packet.FragmentConfig v) {
            fragments = require(v, "fragments");
            return this;
        }

        /** Engine and flow-table limits (default {@link DetectionConfig#defaults()}). */
        public Builder config(DetectionConfig v) {
            config = require(v, "config");
            return this;
        }

        /** Port table for the port fallback (default {@link PortTable#defaults()}). */
        public Builder portTable(PortTable v) {
            portTable = require(v, "portTable");
            return this;
        }

        /** Per-host judgements' settings (default {@link HostSettings#defaults()}). */
        public Builder hosts(HostSettings v) {
            hosts = require(v, "hosts");
            return this;
        }

        /**
         * Without per-host judgements: every flow is reported as its signatures classify it, the
         * moment it ends (P2P-shaped random handshakes stay suspicions).
         */
        public Builder withoutHostJudgements() {
            hosts = null;
            return this;
        }

        /**
         * Runs {@link Classifier#classify} over files as a pipeline of three threads (default
         * false): the calling thread reads and decodes, one thread tracks and classifies flows, one
         * judges hosts and calls the sink. The results, and the order the sink gets them in, are
         * those of one thread; only the wall time differs. Live sessions ({@link Classifier#session})
         * are always one thread.
         */
        public Builder pipelined(boolean v) {
            pipelined = v;
            return this;
        }

        /** Progress callback (default none). */
        public Builder progress(ProgressListener v) {
            progress = require(v, "progress");
            return this;
        }

        /** Bytes between progress callbacks, at least 1 (default {@link #DEFAULT_PROGRESS_INTERVAL}). */
        public Builder progressInterval(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("progressInterval must be at least 1 byte: " + bytes);
            }
            progressInterval = bytes;
            return this;
        }

        private static <T> T require(T v, String name) {
            if (v == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            return v;
        }

        public Classifier build() {
            return new Classifier(this);
        }
    }
}
