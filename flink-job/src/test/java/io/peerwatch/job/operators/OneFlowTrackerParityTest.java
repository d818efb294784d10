package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowTable;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.files.FileInputSource;
import io.peerwatch.job.files.FileRecordIterator;
import io.peerwatch.job.files.FileSplit;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.signatures.Classification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The proof of one flow tracker: for lab captures of every kind, the flows the library's
 * {@link FlowTable} makes of a pcap (as {@code classify} and the packet sensor run it) are the
 * flows the job's packet operator makes of the same packets as the job's file source turns them
 * into {@link PacketEvent}s, with watermarks trailing the packets and the input's end flushing
 * what is left: same keys, orientations, times, per-direction counters and verdict protocols,
 * with the default timeouts and with timeouts short enough to cut the lab flows on both.
 */
class OneFlowTrackerParityTest {

    private static final List<String> CAPTURES = List.of(
            "benign-proxy/benign-browse-s1.pcap",
            "bittorrent/bt-aria2-default-s1.pcap",
            "bittorrent/bt-mse-aria2-required-s1.pcap",
            "bittorrent/bt-tcp-plain-transmission-s1.pcap",
            "bittorrent/bt-utp-transmission-s1.pcap",
            "directconnect/dc-adc-ncdc-s1.pcap",
            "directconnect/dc-adcs-ncdc-s1.pcap",
            "dns-tunnel/dns-dns2tcp-s1.pcap",
            "dns-tunnel/dns-iodine-rawmode-s1.pcap",
            "dns-tunnel/dns-iodine-s1.pcap",
            "http-tunnel/connect-corkscrew-4662-s1.pcap",
            "http-tunnel/httptunnel-htc-s1.pcap",
            "icmp-tunnel/icmp-ptunnel-ng-s1.pcap",
            "shadowsocks/shadowsocks-chacha20-ietf-poly1305-port8388-s1.pcap",
            "tls-tunnel/tls-stunnel-port8443-s1.pcap");

    private static final JobConfig DEFAULTS = JobConfig.builder("127.0.0.1:9").build();
    /** Short enough to cut the lab flows (up to 25 s) on both timeouts. */
    private static final JobConfig SHORT = JobConfig.builder("127.0.0.1:9")
            .flowTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();

    private static Path lab() {
        Path lab = Path.of(System.getProperty("peerwatch.shared", "../../shared")).resolve("corpus/lab");
        assertThat(lab).as("the shared lab corpus (system property peerwatch.shared)").isDirectory();
        return lab;
    }

    /** What both sides must agree on; the end reason is not compared (the table ends flows on any packet's clock). */
    static String describe(Flow f) {
        return f.key() + " " + f.orientation() + " " + f.firstNanos() + ".." + f.lastNanos() + " c2s "
                + f.clientToServer() + " s2c " + f.serverToClient() + " "
                + f.classification().map(Classification::protocol).map(Enum::name).orElse("unknown");
    }

    static List<String> table(Path capture, JobConfig cfg) throws Exception {
        List<String> flows = new ArrayList<>();
        FlowTable t = new FlowTable(cfg.signatureEngine(), f -> flows.add(describe(f)));
        feed(t, capture);
        return flows;
    }

    private static void feed(FlowTable t, Path capture) throws Exception {
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
    }

    static List<String> job(Path capture, JobConfig cfg) throws Exception {
        var h = FlowInspectFunctionTest.harness(cfg);
        h.open();
        long watermark = Long.MIN_VALUE;
        long events = 0;
        for (FileSplit<PacketEvent> split : FileInputSource.packets(List.of(capture)).splits()) {
            @SuppressWarnings("unchecked")
            FileRecordIterator<PacketEvent> it = (FileRecordIterator<PacketEvent>) FileRecordIterator.open(split);
            while (it.hasNext()) {
                Either<PacketEvent, DeadLetter> e = it.next();
                assertThat(e.isLeft()).as("no dead letters from a lab capture").isTrue();
                PacketEvent p = e.left();
                if (p.timestampMs() - 1 > watermark) {
                    watermark = p.timestampMs() - 1;
                    h.processWatermark(new Watermark(watermark));
                }
                h.processElement(new StreamRecord<>(p, p.timestampMs()));
                events++;
            }
        }
        assertThat(events).isPositive();
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        List<String> flows = FlowInspectFunctionTest.ended(h).stream().map(OneFlowTrackerParityTest::describe).toList();
        h.close();
        return flows;
    }

    @Test
    void theShortTimeoutsCutTheLabFlowsOnBothTimeouts() throws Exception {
        long idle = 0;
        long active = 0;
        for (String c : CAPTURES) {
            FlowTable t = new FlowTable(SHORT.signatureEngine(), f -> { });
            feed(t, lab().resolve(c));
            idle += t.stats().idleTimeouts();
            active += t.stats().activeTimeouts();
        }
        assertThat(idle).isPositive();
        assertThat(active).isPositive();
    }

    @TestFactory
    Stream<DynamicTest> theJobsPacketOperatorMakesTheFlowTablesFlows() {
        Path lab = lab();
        return CAPTURES.stream().flatMap(c -> Stream.of(DEFAULTS, SHORT).map(cfg -> DynamicTest.dynamicTest(
                c + (cfg == SHORT ? " (idle 2 s, active 5 s)" : " (default timeouts)"), () -> {
                    Path capture = lab.resolve(c);
                    assertThat(Files.isRegularFile(capture)).as(capture.toString()).isTrue();
                    List<String> expected = table(capture, cfg);
                    assertThat(expected).isNotEmpty();
                    if (cfg == DEFAULTS) {
                        assertThat(expected).as("classified flows").anyMatch(l -> !l.endsWith(" unknown"));
                    }
                    assertThat(job(capture, cfg)).containsExactlyInAnyOrderElementsOf(expected);
                })));
    }
}
