package io.peerwatch.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link FlowState#writeTo}/{@link FlowState#readFrom} carry a flow across a checkpoint: every
 * lab capture is tracked the way the streaming job tracks it (one state per
 * {@link CanonicalFlowKey}, ended when its own next packet comes after a timeout, the rest at the
 * end), once as is and once with every flow's state written and read back after each of its
 * packets, mid-flow and mid-inspection. The ended flows (key, orientation, times, counters, end
 * reason, verdict with its evidence) are the same, and the same as the flow table's.
 */
class FlowStateRoundTripTest {

    private static final List<String> CAPTURES = List.of(
            "lab/benign-proxy/benign-browse-s1.pcap",
            "lab/bittorrent/bt-aria2-default-s1.pcap",
            "lab/bittorrent/bt-mse-aria2-required-s1.pcap",
            "lab/bittorrent/bt-tcp-plain-transmission-s1.pcap",
            "lab/bittorrent/bt-utp-transmission-s1.pcap",
            "lab/directconnect/dc-adc-ncdc-s1.pcap",
            "lab/directconnect/dc-adcs-ncdc-s1.pcap",
            "lab/dns-tunnel/dns-dns2tcp-s1.pcap",
            "lab/dns-tunnel/dns-iodine-s1.pcap",
            "lab/http-tunnel/httptunnel-htc-s1.pcap",
            "lab/icmp-tunnel/icmp-ptunnel-ng-s1.pcap",
            "lab/shadowsocks/shadowsocks-chacha20-ietf-poly1305-port8388-s1.pcap",
            "lab/tls-tunnel/tls-stunnel-port443-s1.pcap");

    /** Short timeouts, so the lab captures (up to 25 s each) also end flows on both timeouts. */
    private static final DetectionConfig SHORT = DetectionConfig.builder()
            .flowIdleTimeout(Duration.ofSeconds(2)).flowActiveTimeout(Duration.ofSeconds(5)).build();

    /**
     * Tracks a capture as the job does. With {@code roundTrip}, a flow's state is serialized and
     * replaced by what is read back after every packet.
     */
    static List<Flow> track(Path capture, DetectionConfig config, boolean roundTrip) throws PacketFileException {
        FlowTracker tracker = new FlowTracker(new SignatureEngine(SignatureRegistry.defaults(), config));
        Map<CanonicalFlowKey, FlowState> live = new LinkedHashMap<>();
        List<Flow> ended = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        try (PacketReader r = PacketFiles.open(capture)) {
            while (r.next()) {
                PacketView v = r.packet();
                if (!decoder.decode(v, p) || p.isLaterFragment()) {
                    continue;
                }
                long ts = v.timestampNanos();
                CanonicalFlowKey key = CanonicalFlowKey.of(p);
                FlowState s = live.get(key);
                if (s != null && tracker.expiry(s, ts).isPresent()) {
                    ended.add(tracker.end(s, tracker.expiry(s, ts).get()));
                    s = null;
                }
                if (s == null) {
                    s = tracker.start(p, ts);
                } else {
                    tracker.add(s, p, ts);
                }
                live.put(key, roundTrip ? roundTrip(s) : s);
            }
        }
        for (FlowState s : live.values()) {
            ended.add(tracker.end(s, EndReason.END_OF_INPUT));
        }
        ended.sort(Comparator.comparingLong(Flow::firstNanos).thenComparing(f -> f.key().toString()));
        return ended;
    }

    static FlowState roundTrip(FlowState s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            s.writeTo(new DataOutputStream(bytes));
            return FlowState.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The flow table's flows of a capture, in the same order. */
    static List<Flow> table(Path capture, DetectionConfig config) throws PacketFileException {
        List<Flow> ended = new ArrayList<>();
        FlowTable t = new FlowTable(new SignatureEngine(SignatureRegistry.defaults(), config), ended::add);
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        try (PacketReader r = PacketFiles.open(capture)) {
            while (r.next()) {
                if (decoder.decode(r.packet(), p)) {
                    t.accept(p, r.packet().timestampNanos());
                }
            }
        }
        t.flush();
        ended.sort(Comparator.comparingLong(Flow::firstNanos).thenComparing(f -> f.key().toString()));
        return ended;
    }

    /** A flow without its end reason: the table also ends a flow on other flows' packets. */
    static String withoutReason(Flow f) {
        return f.key() + " " + f.orientation() + " " + f.firstNanos() + ".." + f.lastNanos() + " " + f.clientToServer()
                + " " + f.serverToClient() + " " + f.classification();
    }

    @TestFactory
    Stream<DynamicTest> restoredStatesEndExactlyAsUninterruptedOnes() {
        assumeTrue(Corpus.available(), "shared corpus not found at " + Corpus.root());
        return CAPTURES.stream().flatMap(c -> Stream.of(DetectionConfig.defaults(), SHORT).map(cfg ->
                DynamicTest.dynamicTest(c + (cfg == SHORT ? " (short timeouts)" : ""), () -> {
                    Path capture = Corpus.capture(c);
                    List<Flow> plain = track(capture, cfg, false);
                    List<Flow> restored = track(capture, cfg, true);
                    assertThat(plain).isNotEmpty();
                    assertThat(plain.stream().filter(f -> f.classification().isPresent())).as("classified flows")
                            .isNotEmpty();
                    assertThat(restored).isEqualTo(plain);
                    assertThat(plain.stream().map(FlowStateRoundTripTest::withoutReason))
                            .as("the job's way of tracking gives the flow table's flows")
                            .containsExactlyElementsOf(table(capture, cfg).stream()
                                    .map(FlowStateRoundTripTest::withoutReason).toList());
                })));
    }

    @Test
    void shortTimeoutsCutTheLabFlowsOnBothTimeouts() throws PacketFileException {
        assumeTrue(Corpus.available(), "shared corpus not found at " + Corpus.root());
        List<Flow> flows = new ArrayList<>();
        for (String c : CAPTURES) {
            flows.addAll(track(Corpus.capture(c), SHORT, true));
        }
        assertThat(flows).extracting(Flow::endReason)
                .contains(EndReason.IDLE_TIMEOUT, EndReason.ACTIVE_TIMEOUT, EndReason.END_OF_INPUT);
    }

    /**
     * What a restore loses (FlowScratch#attachment): the Gnutella descriptor-stream reader. A
     * Gnutella capture restored after every packet keeps every verdict and every piece of
     * evidence but the searches and file names read from compressed streams after the handshake.
     */
    @Test
    void gnutellaFlowsKeepTheirVerdictsAndLoseOnlyStreamEvidence() throws PacketFileException {
        assumeTrue(Corpus.available(), "shared corpus not found at " + Corpus.root());
        Path capture = Corpus.capture("legacy/pcap/nDPI-hist__gnutella_full_2022.pcap");
        List<Flow> plain = track(capture, DetectionConfig.defaults(), false);
        List<Flow> restored = track(capture, DetectionConfig.defaults(), true);
        assertThat(restored).hasSameSizeAs(plain);
        Map<String, Classification> before = new HashMap<>();
        plain.forEach(f -> f.classification().ifPresent(c -> before.put(f.key() + "@" + f.firstNanos(), c)));
        int poorer = 0;
        for (Flow f : restored) {
            Optional<Classification> c = f.classification();
            Classification b = before.get(f.key() + "@" + f.firstNanos());
            assertThat(c.isPresent()).isEqualTo(b != null);
            if (b == null) {
                continue;
            }
            assertThat(c.get().signature()).isEqualTo(b.signature());
            assertThat(c.get().packetsToVerdict()).isEqualTo(b.packetsToVerdict());
            for (Map.Entry<MetadataKey, List<String>> e : c.get().metadata().entrySet()) {
                assertThat(b.metadata().get(e.getKey())).as(f.key() + " " + e.getKey()).containsAll(e.getValue());
            }
            for (Map.Entry<MetadataKey, List<String>> e : b.metadata().entrySet()) {
                List<String> kept = c.get().metadata().getOrDefault(e.getKey(), List.of());
                if (!kept.equals(e.getValue())) {
                    poorer++;
                    assertThat(e.getKey()).as(f.key() + " lost evidence").isIn(MetadataKey.SEARCH, MetadataKey.FILE_NAME);
                }
            }
        }
        assertThat(poorer).as("flows whose stream evidence a restore loses").isPositive();
    }
}
