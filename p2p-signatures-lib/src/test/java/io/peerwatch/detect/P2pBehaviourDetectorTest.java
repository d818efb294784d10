package io.peerwatch.detect;

import static io.peerwatch.detect.Flows.conversation;
import static io.peerwatch.detect.Flows.flow;
import static io.peerwatch.detect.Flows.run;
import static io.peerwatch.detect.Flows.tcp;
import static io.peerwatch.detect.Flows.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class P2pBehaviourDetectorTest {
    static final InternalNetworks NETS = InternalNetworks.defaults();
    final P2pBehaviourDetector detector = new P2pBehaviourDetector(NETS, P2pBehaviourConfig.defaults());
    final Random random = new Random(11);

    int ephemeral() {
        return 32768 + random.nextInt(28000);
    }

    String external(int i) {
        return "198.51." + (i / 250) + "." + (1 + i % 250);
    }

    static List<String> kinds(Alert f) {
        return f.evidence().stream().map(Evidence::kind).toList();
    }

    @Test
    void aBitTorrentLikeHostFires() {
        String host = "10.0.0.5";
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String peer = external(i);
            int peerPort = ephemeral();
            // the peer connects to our listening port, and we exchange uTP/DHT packets with it
            flows.addAll(List.of(conversation(peer, peerPort, host, 51413, 20_000, 400_000)));
            flows.add(udp(host, 51413, peer, 6881 + i % 9, 3, 300));
            flows.add(udp(peer, 6881 + i % 9, host, 51413, 3, 300));
        }
        for (int i = 30; i < 50; i++) {
            flows.addAll(List.of(conversation(host, ephemeral(), external(i), 6881 + i % 9, 300_000, 20_000)));
        }

        Alert f = run(detector, host, flows).orElseThrow();

        assertThat(f.type()).isEqualTo(AlertType.P2P_BEHAVIOUR);
        assertThat(f.host()).isEqualTo(IpAddress.parse(host));
        assertThat(kinds(f)).contains(P2pBehaviourDetector.TCP_UDP, P2pBehaviourDetector.ENDPOINT,
                P2pBehaviourDetector.HIGH_PORTS, "score");
        assertThat(f.evidence().get(0).count()).isEqualTo(30);
        assertThat(f.evidence().get(1).detail()).startsWith("51413/tcp: 30 peer addresses from 30 peer ports");
        assertThat(f.distinctPeers()).isEqualTo(50);
        assertThat(f.confidence()).isEqualTo(0.9);
        assertThat(f.evidence().get(f.evidence().size() - 1).detail()).startsWith("2.5 (reported at 1.0)");
    }

    @Test
    void aWebBrowsingHostWithQuicAndDnsDoesNot() {
        String host = "10.0.0.6";
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String server = external(i);
            for (int c = 0; c < 4; c++) {
                flows.addAll(List.of(conversation(host, ephemeral(), server, i % 3 == 0 ? 80 : 443, 2_000, 90_000)));
            }
            flows.add(udp(host, ephemeral(), server, 443, 40, 8_000)); // HTTP/3
            flows.add(udp(server, 443, host, ephemeral(), 60, 70_000));
            flows.add(udp(host, ephemeral(), "10.0.0.53", 53, 1, 70));
            flows.add(udp("10.0.0.53", 53, host, ephemeral(), 1, 200));
        }
        flows.add(udp(host, 123, "10.0.0.1", 123, 1, 76));
        assertThat(run(detector, host, flows)).isEmpty();
    }

    @Test
    void aDnsHeavyResolverDoesNot() {
        String host = "10.0.0.53";
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String server = external(i % 150);
            flows.add(udp(host, ephemeral(), server, 53, 1, 80));
            flows.add(udp(server, 53, host, ephemeral(), 1, 300));
            if (i % 10 == 0) { // truncated answers retried over TCP: same servers, both transports
                flows.addAll(List.of(conversation(host, ephemeral(), server, 53, 200, 3_000)));
            }
            flows.add(udp("10.0." + (i % 4) + ".9", ephemeral(), host, 53, 1, 70)); // internal clients
        }
        assertThat(run(detector, host, flows)).isEmpty();
    }

    @Test
    void aMailServerDoesNot() {
        String host = "10.0.0.25";
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            // each remote MTA connects once from one port: addresses = ports, but on a service port
            flows.addAll(List.of(conversation(external(i), ephemeral(), host, 25, 50_000, 2_000)));
            flows.addAll(List.of(conversation(host, ephemeral(), external(200 + i), 25, 40_000, 1_500)));
            flows.addAll(List.of(conversation("10.1.0." + (1 + i % 40), ephemeral(), host, 993, 3_000, 80_000)));
        }
        assertThat(run(detector, host, flows)).isEmpty();
    }

    @Test
    void supportingHeuristicsFireOnlyTogether() {
        String host = "10.0.0.7";
        List<FlowRecord> highPortsOnly = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            highPortsOnly.add(tcp(host, ephemeral(), external(i), 20000 + i, 0x02, 1, 60));
        }
        Alert none = run(detector, host, highPortsOnly).orElse(null);
        assertThat(none).isNull();

        List<FlowRecord> withLong = new ArrayList<>(highPortsOnly);
        for (int i = 0; i < 2; i++) {
            String peer = external(100 + i);
            withLong.add(flow(host, 40000 + i, peer, 50000, IpProtocol.TCP, 0x1b, 900, 700_000, 0, 120_000));
            withLong.add(flow(peer, 50000, host, 40000 + i, IpProtocol.TCP, 0x1b, 800, 500_000, 0, 120_000));
        }
        Alert f = run(detector, host, withLong).orElseThrow();
        assertThat(kinds(f)).containsExactly(P2pBehaviourDetector.HIGH_PORTS, P2pBehaviourDetector.LONG_SYMMETRIC,
                "score");
        assertThat(f.confidence()).isEqualTo(0.4);
    }

    @Test
    void aTcpUdpPairOnAnExcludedPortDoesNotCount() {
        String host = "10.0.0.8";
        List<FlowRecord> flows = new ArrayList<>();
        flows.addAll(List.of(conversation(host, ephemeral(), external(1), 3478, 10_000, 10_000)));
        flows.add(udp(host, ephemeral(), external(1), 3478, 100, 20_000));
        assertThat(run(detector, host, flows)).isEmpty();

        P2pBehaviourDetector noExclusions = new P2pBehaviourDetector(NETS,
                P2pBehaviourConfig.builder().excludedPorts(java.util.Set.of()).build());
        assertThat(run(noExclusions, host, flows)).isPresent();
    }

    @Test
    void memoryStaysBoundedAndAListenerStillFindsRoom() {
        P2pBehaviourConfig small = P2pBehaviourConfig.builder().maxTrackedPeers(100).maxTrackedEndpoints(8)
                .maxTrackedConnections(50).build();
        P2pBehaviourDetector d = new P2pBehaviourDetector(NETS, small);
        String host = "10.0.0.9";
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) { // outgoing attempts from ever new ephemeral ports
            flows.add(tcp(host, 20000 + i, external(i), 30000 + i % 1000, 0x02, 1, 60));
        }
        for (int i = 0; i < 20; i++) { // then peers arrive at the listening port
            flows.add(tcp(external(i), 40000 + i, host, 6881, 0x1b, 10, 5000));
        }
        IpAddress h = IpAddress.parse(host);
        P2pBehaviourDetector.Window w = new P2pBehaviourDetector.Window();
        flows.forEach(f -> d.observe(w, h, f));

        assertThat(w.peers).hasSize(100);
        assertThat(w.highPortPeers).hasSize(100);
        assertThat(w.endpoints).hasSizeLessThanOrEqualTo(8).containsKey(IpProtocol.TCP << 16 | 6881);
        assertThat(w.connections).hasSize(50);
        Alert f = d.evaluate(w, h, 0, 1).orElseThrow();
        assertThat(kinds(f)).contains(P2pBehaviourDetector.ENDPOINT);
        assertThat(f.evidence()).filteredOn(e -> e.kind().equals(P2pBehaviourDetector.HIGH_PORTS))
                .singleElement().satisfies(e -> assertThat(e.detail()).startsWith("100+ peers"));
    }

    @Test
    void recordsOfOtherHostsAreIgnoredAndWindowsMerge() {
        IpAddress h = IpAddress.parse("10.0.0.5");
        P2pBehaviourDetector.Window a = new P2pBehaviourDetector.Window();
        assertThat(detector.observe(a, h, tcp("10.9.9.9", 40000, external(1), 50000, 0x1b, 1, 1))).isFalse();
        assertThat(a.flows()).isZero();

        detector.observe(a, h, tcp("10.0.0.5", 40000, external(1), 50000, 0x1b, 1, 1));
        P2pBehaviourDetector.Window b = new P2pBehaviourDetector.Window();
        detector.observe(b, h, udp("10.0.0.5", 40000, external(1), 50000, 1, 1));
        assertThat(detector.evaluate(a, h, 0, 1)).isEmpty();
        a.merge(b, detector.config());
        assertThat(a.flows()).isEqualTo(2);
        assertThat(detector.evaluate(a, h, 0, 1)).isPresent();
    }

    @Test
    void configRejectsInvalidValues() {
        assertThatThrownBy(() -> P2pBehaviourConfig.builder().minTcpUdpPeers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P2pBehaviourConfig.builder().maxByteRatio(0.5)).hasMessageContaining("maxByteRatio");
        assertThatThrownBy(() -> P2pBehaviourConfig.builder().window(Duration.ZERO)).hasMessageContaining("window");
        assertThatThrownBy(() -> P2pBehaviourConfig.builder().excludedPorts(java.util.Set.of(70000)))
                .hasMessageContaining("excluded ports");
        assertThatThrownBy(() -> P2pBehaviourConfig.builder().maxConfidence(1.5)).hasMessageContaining("maxConfidence");
        assertThat(P2pBehaviourConfig.defaults().toBuilder().minHighPortPeers(3).build().minHighPortPeers()).isEqualTo(3);
        assertThat(P2pBehaviourConfig.DEFAULT_EXCLUDED_PORTS).contains(53, 123, 137, 138, 139, 3478, 27015)
                .doesNotContain(6881, 51413, 6346, 4662);
    }
}
