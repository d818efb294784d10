package io.peerwatch.api;

import io.peerwatch.classify.ClassifyReport;
import io.peerwatch.classify.Classifier;
import io.peerwatch.config.LibraryConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureEngine;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Classifies packets: whole captures (pcap or pcapng files, read as one capture) flow by flow,
 * or a single payload. The same reader, decoder, flow table and signatures as
 * {@code peerwatch classify} and the streaming job.
 *
 * <pre>{@code
 * PacketClassifier classifier = PacketClassifier.create(LibraryConfig.defaults());
 * CaptureVerdict v = classifier.classify(Path.of("capture.pcapng"));
 * for (FlowVerdict f : v.p2pFlows()) {
 *     System.out.println(f);   // 6 10.0.0.2:51413 -> 198.51.100.7:6881 BitTorrent PAYLOAD 0.95
 * }
 * v.losses().forEach(System.err::println);
 * }</pre>
 *
 * <p>Thread-safety: immutable; one instance may classify on several threads at once (each call
 * has its own decoder, flow table and scratch state).
 */
public final class PacketClassifier {

    private final Classifier classifier;
    private final SignatureEngine engine;

    private PacketClassifier(LibraryConfig config) {
        this.classifier = Classifier.builder().registry(config.signatureRegistry()).config(config.detection())
                .fragments(config.fragments()).portTable(config.portTable()).hosts(config.hostSettings()).build();
        this.engine = config.signatureEngine();
    }

    /**
     * A classifier with these settings (signatures, port table, host judgements, fragments).
     *
     * @param config the settings; {@link LibraryConfig#defaults()} for the defaults
     * @return the classifier
     */
    public static PacketClassifier create(LibraryConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new PacketClassifier(config);
    }

    /**
     * A classifier with the default settings.
     *
     * @return the classifier
     */
    public static PacketClassifier defaults() {
        return create(LibraryConfig.defaults());
    }

    /**
     * Classifies capture files, read in the order given as one capture (a capture split by
     * {@code tcpdump -C} keeps its flows). A corrupt or truncated record does not throw: it lands
     * in {@link CaptureVerdict#losses()} and reading goes on.
     *
     * @param files pcap or pcapng files
     * @return every flow and host judgement
     */
    public CaptureVerdict classify(Path... files) {
        return classify(List.of(files));
    }

    /**
     * Classifies capture files; see {@link #classify(Path...)}.
     *
     * @param files pcap or pcapng files
     * @return every flow and host judgement
     */
    public CaptureVerdict classify(List<Path> files) {
        ClassifyReport r = classifier.classify(List.copyOf(files));
        return new CaptureVerdict(r.summary().packetsRead(), r.flows().stream().map(FlowVerdict::of).toList(),
                r.summary().hosts().stream().map(HostVerdict::of).toList(),
                r.summary().losses().stream().map(Object::toString).toList());
    }

    /**
     * Classifies one payload as the client's first payload of a flow.
     *
     * @param payload the transport payload (without IP and TCP/UDP headers)
     * @param ipProtocol IP protocol number (6 TCP, 17 UDP)
     * @param clientPort the client's port
     * @param serverPort the server's port
     * @return the verdict, or empty when no signature recognises the payload on its own
     */
    public Optional<PayloadVerdict> classifyPayload(byte[] payload, int ipProtocol, int clientPort, int serverPort) {
        FlowScratch s = new FlowScratch();
        engine.begin(s, ipProtocol, clientPort, serverPort);
        engine.inspect(s, ByteBuffer.wrap(payload.clone()), Direction.CLIENT_TO_SERVER);
        return engine.result(s).map(PayloadVerdict::of);
    }
}
