package io.peerwatch.classify;

import static io.peerwatch.testing.Frames.ETH_IPV4;
import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.UDP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.ethernet;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.tcp;
import static io.peerwatch.testing.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.pcap.InputLoss;
import io.peerwatch.ports.PortEntry;
import io.peerwatch.ports.PortTable;
import io.peerwatch.ports.Transport;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.testing.Captures.Pcap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {

    @TempDir
    Path dir;

    private static byte[] tcpFrame(String src, int sp, String dst, int dp, int flags, String payload) {
        return ethernet(ETH_IPV4, ipv4(TCP, src, dst, tcp(sp, dp, flags, ascii(payload))));
    }

    private static byte[] udpFrame(String src, int sp, String dst, int dp, String payload) {
        return ethernet(ETH_IPV4, ipv4(UDP, src, dst, udp(sp, dp, ascii(payload))));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** Three flows: to a Gnutella port, to a KaZaA port, and to an unlisted port. */
    private Path threeFlows() throws IOException {
        return write("three.pcap", Pcap.ethernetMicros()
                .packet(10, 0, tcpFrame("10.0.0.1", 40001, "192.0.2.1", 6346, 0x02, ""))
                .packet(10, 5, tcpFrame("192.0.2.1", 6346, "10.0.0.1", 40001, 0x12, ""))
                .packet(11, 0, tcpFrame("10.0.0.1", 40002, "192.0.2.2", 1214, 0x02, ""))
                .packet(12, 0, udpFrame("10.0.0.1", 40003, "192.0.2.3", 7777, "???"))
                .bytes());
    }

    @Test
    void portTableFallbackNamesTheApplicationWithPortConfidence() throws Exception {
        ClassifyReport report = Classifier.defaults().classify(List.of(threeFlows()));
        assertThat(report.flows()).hasSize(3);
        FlowResult gnutella = report.flows().get(0);
        assertThat(gnutella.protocol()).isEqualTo(Protocol.GNUTELLA);
        assertThat(gnutella.confidenceKind()).contains(ConfidenceKind.PORT);
        assertThat(gnutella.confidence()).isEqualTo(ConfidenceKind.PORT.defaultConfidence());
        assertThat(gnutella.signature()).isEmpty();
        assertThat(gnutella.portEntry()).map(PortEntry::application).contains("Gnutella");
        assertThat(gnutella.packets()).isEqualTo(2);
        assertThat(gnutella.toString()).startsWith("tcp 10.0.0.1:40001 <-> 192.0.2.1:6346 [Gnutella][PORT 0.30]");
        assertThat(report.flows().get(1).protocol()).isEqualTo(Protocol.FASTTRACK);
        FlowResult unknown = report.flows().get(2);
        assertThat(unknown.protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(unknown.label()).isEqualTo("Unknown");
        assertThat(unknown.confidenceKind()).isEmpty();
        assertThat(unknown.confidence()).isZero();
    }

    @Test
    void onlyTheServerPortCounts() throws Exception {
        // A client whose ephemeral port happens to be 6346, talking to a web server.
        Path f = write("web.pcap", Pcap.ethernetMicros()
                .packet(1, 0, tcpFrame("10.0.0.1", 6346, "192.0.2.1", 80, 0x02, "")).bytes());
        assertThat(Classifier.defaults().classify(List.of(f)).flows().get(0).protocol()).isEqualTo(Protocol.UNKNOWN);
    }

    @Test
    void customPortTableApplicationWithoutProtocolKeepsItsName() throws Exception {
        PortTable table = PortTable.of(List.of(new PortEntry("Fooshare", Transport.UDP, 7777, 7777),
                new PortEntry("Soulseek", Transport.TCP, 6346, 6346)));
        ClassifyReport report = Classifier.builder().portTable(table).build().classify(List.of(threeFlows()));
        assertThat(report.flows()).extracting(FlowResult::label).containsExactly("Soulseek", "Unknown", "Fooshare");
        assertThat(report.flows().get(0).protocol()).isEqualTo(Protocol.SOULSEEK);
        assertThat(report.flows().get(2).protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(report.flows().get(2).confidenceKind()).contains(ConfidenceKind.PORT);
    }

    @Test
    void everyDefaultPortTableApplicationMapsToAProtocol() {
        assertThat(PortTable.defaults().entries()).allSatisfy(e ->
                assertThat(PortApplications.protocolFor(e.application())).as(e.application())
                        .isNotEqualTo(Protocol.UNKNOWN));
        assertThat(PortApplications.protocolFor("KaZaA")).isEqualTo(Protocol.FASTTRACK);
        assertThat(PortApplications.protocolFor("BitTorrent-tracker")).isEqualTo(Protocol.BITTORRENT);
        assertThat(PortApplications.protocolFor("direct_connect")).isEqualTo(Protocol.DIRECT_CONNECT);
    }

    @Test
    void summaryTotalsPerLabel() throws Exception {
        ClassifySummary s = Classifier.defaults().classify(List.of(threeFlows())).summary();
        assertThat(s.packetsRead()).isEqualTo(4);
        assertThat(s.flows()).isEqualTo(3);
        assertThat(s.decode().decoded()).isEqualTo(4);
        assertThat(s.protocols()).extracting(ProtocolStats::label).containsExactlyInAnyOrder("Gnutella", "FastTrack", "Unknown");
        assertThat(s.protocols()).filteredOn(p -> p.label().equals("Gnutella"))
                .singleElement().satisfies(p -> {
                    assertThat(p.flows()).isEqualTo(1);
                    assertThat(p.packets()).isEqualTo(2);
                    assertThat(p.bytes()).isEqualTo(80);
                });
        assertThat(s.protocols().get(0).bytes()).isGreaterThanOrEqualTo(s.protocols().get(2).bytes());
        assertThat(s.inputLost()).isFalse();
    }

    @Test
    void truncatedFileReportsItsFlowsAndTheErrorThenReadsTheNextFile() throws Exception {
        byte[] whole = Pcap.ethernetMicros()
                .packet(1, 0, udpFrame("10.0.0.1", 40000, "192.0.2.1", 53, "query"))
                .packet(2, 0, udpFrame("192.0.2.1", 53, "10.0.0.1", 40000, "answer"))
                .packet(3, 0, udpFrame("10.0.0.2", 40000, "192.0.2.1", 53, "lost"))
                .bytes();
        Path cut = write("cut.pcap", Arrays.copyOf(whole, whole.length - 10));
        Path next = write("next.pcap", Pcap.ethernetMicros()
                .packet(4, 0, udpFrame("10.0.0.3", 40000, "192.0.2.1", 53, "later")).bytes());
        List<FlowResult> streamed = new ArrayList<>();
        ClassifySummary s = Classifier.defaults().classify(List.of(cut, next), streamed::add);
        assertThat(streamed).extracting(r -> r.key().client().toString()).containsExactly("10.0.0.1", "10.0.0.3");
        assertThat(streamed.get(0).packets()).isEqualTo(2);
        assertThat(s.losses()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo(cut);
            assertThat(e.offset()).isEqualTo(24 + 2 * 16 + 47 + 48);
            assertThat(e.resumed()).isFalse();
            assertThat(e.bytesSkipped()).isEqualTo(whole.length - 10 - e.offset());
            assertThat(e.toString()).contains("cut.pcap").contains("truncated").contains("was not read");
        });
        assertThat(s.packetsRead()).isEqualTo(3);
    }

    @Test
    void aFileThatIsNotACaptureIsAnErrorAtOffsetZero() throws Exception {
        Path text = write("readme.txt", ascii("just some text, not packets"));
        ClassifyReport r = Classifier.defaults().classify(List.of(text));
        assertThat(r.flows()).isEmpty();
        assertThat(r.summary().losses()).extracting(InputLoss::offset).containsExactly(0L);
        assertThat(r.summary().losses().get(0).toString()).contains("readme.txt").contains("not a pcap or pcapng file");
    }

    @Test
    void progressReportsGrowToTheTotalSize() throws Exception {
        Pcap p = Pcap.ethernetMicros();
        for (int i = 0; i < 500; i++) {
            p.packet(i, 0, udpFrame("10.0.0.1", 40000 + i % 7, "192.0.2.1", 53, "query number " + i));
        }
        Path a = write("a.pcap", p.bytes());
        Path b = write("b.pcap", p.bytes());
        long total = Files.size(a) + Files.size(b);
        List<long[]> calls = new ArrayList<>();
        Classifier c = Classifier.builder().progressInterval(4096)
                .progress((file, done, all) -> calls.add(new long[] {done, all})).build();
        c.classify(List.of(a, b), r -> { });
        assertThat(calls.size()).isGreaterThan(10);
        assertThat(calls).allSatisfy(x -> assertThat(x[1]).isEqualTo(total));
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
        }
        assertThat(calls.get(calls.size() - 1)[0]).isEqualTo(total);
    }

    @Test
    void sessionFedFrameByFrameGivesTheSameFlowsAsTheFile() throws Exception {
        List<byte[]> frames = List.of(
                tcpFrame("10.0.0.1", 40001, "192.0.2.1", 6346, 0x02, ""),
                tcpFrame("192.0.2.1", 6346, "10.0.0.1", 40001, 0x12, ""),
                tcpFrame("10.0.0.1", 40002, "192.0.2.2", 1214, 0x02, ""),
                udpFrame("10.0.0.1", 40003, "192.0.2.3", 7777, "???"));
        Pcap p = Pcap.ethernetMicros();
        for (int i = 0; i < frames.size(); i++) {
            p.packet(10 + i, 0, frames.get(i));
        }
        ClassifyReport fromFile = Classifier.defaults().classify(List.of(write("s.pcap", p.bytes())));

        List<FlowResult> live = new ArrayList<>();
        Classifier.Session s = Classifier.defaults().session(live::add);
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            s.accept(io.peerwatch.pcap.LinkType.ETHERNET, java.nio.ByteBuffer.wrap(f), 0, f.length, f.length,
                    (10L + i) * 1_000_000_000L);
        }
        assertThat(s.openFlows()).isEqualTo(3);
        ClassifySummary summary = s.finish();
        assertThat(s.finish().flows()).isEqualTo(3);   // idempotent: nothing reported twice
        assertThat(live).hasSize(3);
        assertThat(live).extracting(FlowResult::label)
                .containsExactlyInAnyOrderElementsOf(fromFile.flows().stream().map(FlowResult::label).toList());
        assertThat(summary.packetsRead()).isEqualTo(fromFile.summary().packetsRead());
        assertThat(summary.protocols()).isEqualTo(fromFile.summary().protocols());
        assertThat(summary.files()).isEmpty();
    }

    @Test
    void sessionAdvanceEndsIdleFlowsWithoutNewPackets() {
        List<FlowResult> live = new ArrayList<>();
        Classifier.Session s = Classifier.defaults().session(live::add);
        byte[] f = udpFrame("10.0.0.1", 40003, "192.0.2.3", 7777, "???");
        s.accept(io.peerwatch.pcap.LinkType.ETHERNET, java.nio.ByteBuffer.wrap(f), 0, f.length, f.length, 1_000_000_000L);
        s.advanceTo(1_000_000_000L + java.time.Duration.ofHours(1).toNanos());
        assertThat(live).hasSize(1);
        assertThat(s.openFlows()).isZero();
    }
}
