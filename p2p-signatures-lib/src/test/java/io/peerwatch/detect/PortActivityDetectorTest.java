package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.notice.AlertIds;
import io.peerwatch.notice.Alert;
import io.peerwatch.ports.PortTable;
import org.junit.jupiter.api.Test;

class PortActivityDetectorTest {

    private final PortActivityDetector d = new PortActivityDetector(PortTable.defaults(), InternalNetworks.defaults(),
            PortActivityDetector.Config.defaults());
    private static final IpAddress HOST = IpAddress.parse("10.0.0.7");

    private static FlowRecord flow(String src, int sport, String dst, int dport, int proto) {
        return FlowRecord.builder().time(1_000, 2_000).src(IpAddress.parse(src), sport).dst(IpAddress.parse(dst), dport)
                .ipProtocol(proto).counters(5, 500).build();
    }

    @Test
    void countsTablePortsInEitherDirectionAndAttributesToTheInternalHost() {
        assertThat(d.match(flow("10.0.0.7", 50000, "198.18.0.1", 6881, IpProtocol.TCP))).hasValueSatisfying(h -> {
            assertThat(h.host()).isEqualTo(HOST);
            assertThat(h.port()).isEqualTo(6881);
            assertThat(h.entry().application()).isEqualTo("BitTorrent");
        });
        assertThat(d.match(flow("198.18.0.1", 6346, "10.0.0.7", 50000, IpProtocol.TCP)))
                .hasValueSatisfying(h -> assertThat(h.host()).isEqualTo(HOST));
        assertThat(d.match(flow("10.0.0.7", 50000, "198.18.0.1", 411, IpProtocol.TCP)))
                .as("DC hub on a system port from the table").isPresent();
    }

    @Test
    void ignoresEphemeralPortsThatHitTheTableWhileTalkingToServices() {
        assertThat(d.match(flow("10.0.0.7", 1337, "203.0.113.5", 443, IpProtocol.TCP))).isEmpty();
        assertThat(d.match(flow("203.0.113.5", 443, "10.0.0.7", 1337, IpProtocol.TCP))).isEmpty();
        assertThat(d.match(flow("10.0.0.7", 50000, "203.0.113.5", 443, IpProtocol.TCP))).isEmpty();
        assertThat(d.match(flow("10.0.0.7", 0, "198.18.0.1", 6881, IpProtocol.ICMP))).isEmpty();
        assertThat(d.match(flow("10.0.0.7", 50000, "198.18.0.1", 4672, IpProtocol.TCP))).as("4672 is UDP").isEmpty();
    }

    @Test
    void thresholdAndEvidence() {
        PortActivityDetector.Window w = new PortActivityDetector.Window();
        for (int i = 0; i < 4; i++) {
            assertThat(d.observe(w, flow("10.0.0.7", 50000 + i, "198.18.0." + (i + 1), 6881, IpProtocol.TCP))).isTrue();
        }
        assertThat(d.observe(w, flow("10.0.0.7", 50000, "203.0.113.5", 443, IpProtocol.TCP))).isFalse();
        assertThat(d.evaluate(w, HOST, 0, 60_000)).as("4 < default 5").isEmpty();

        d.observe(w, flow("10.0.0.7", 50010, "198.18.0.1", 6346, IpProtocol.UDP));
        Alert f = d.evaluate(w, HOST, 0, 60_000).orElseThrow();
        assertThat(f.type()).isEqualTo(AlertType.P2P_PORT_ACTIVITY);
        assertThat(f.protocol()).hasValue("BitTorrent");
        assertThat(f.distinctPeers()).isEqualTo(4);
        assertThat(f.bytes()).isEqualTo(2_500);
        assertThat(f.evidence()).extracting(e -> e.kind() + ":" + e.detail() + ":" + e.count()).containsExactly(
                "application:BitTorrent:4", "application:Gnutella:1", "port:6881/tcp BitTorrent:4",
                "port:6346/udp Gnutella:1", "peers:4 distinct peers:4");
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e.detail()).isEqualTo("4 distinct peers"));
        assertThat(f.id()).isEqualTo(AlertIds.of(AlertType.P2P_PORT_ACTIVITY, HOST, 0, "10.0.0.7"));
        assertThat(f.suppressForMs()).isEqualTo(3_600_000);
    }

    @Test
    void peerMemoryIsBounded() {
        PortActivityDetector small = new PortActivityDetector(PortTable.defaults(), InternalNetworks.defaults(),
                new PortActivityDetector.Config(PortActivityDetector.Config.DEFAULT_WINDOW, 1, 0.5,
                        io.peerwatch.core.Severity.MEDIUM, 3));
        PortActivityDetector.Window w = new PortActivityDetector.Window();
        for (int i = 1; i <= 10; i++) {
            small.observe(w, flow("10.0.0.7", 50000, "198.18.0." + i, 6881, IpProtocol.TCP));
        }
        Alert f = small.evaluate(w, HOST, 0, 60_000).orElseThrow();
        assertThat(f.distinctPeers()).isEqualTo(3);
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e.detail()).isEqualTo("3+ distinct peers"));
    }

    @Test
    void sumsOfPlausibleCountersSaturateInsteadOfOverflowing() {
        PortActivityDetector.Window w = new PortActivityDetector.Window();
        for (int i = 0; i < 10_000; i++) {
            d.observe(w, flow("10.0.0.7", 50000, "198.18.0." + (i % 200 + 1), 6881, IpProtocol.TCP).toBuilder()
                    .counters(1, io.peerwatch.core.Counters.MAX_PLAUSIBLE).build());
        }
        PortActivityDetector.Window other = new PortActivityDetector.Window();
        d.observe(other, flow("10.0.0.7", 50001, "198.18.1.1", 6881, IpProtocol.TCP).toBuilder()
                .counters(1, io.peerwatch.core.Counters.MAX_PLAUSIBLE).build());
        d.merge(w, other);
        Alert f = d.evaluate(w, HOST, 0, 60_000).orElseThrow();
        assertThat(f.bytes()).isEqualTo(Long.MAX_VALUE);
    }

    /** A Zeek connection on the BitTorrent port, with replies: one conn.log line, two records. */
    private static java.util.List<FlowRecord> zeekConnection(int i) {
        return new io.peerwatch.flowfile.ZeekConn("C" + i, 1_700_000_000_000L + i, 1_000, HOST, 40000 + i,
                IpAddress.parse("198.51.100." + (i + 1)), 6881, IpProtocol.TCP, java.util.Optional.empty(), 3, 300, 2, 200,
                java.util.Optional.of("SF"), java.util.Optional.of("ShADadFf")).toFlows();
    }

    @Test
    void aZeekConnectionCountsOnceThoughItIsTwoRecords() throws Exception {
        PortActivityDetector.Window w = new PortActivityDetector.Window();
        for (int i = 0; i < 3; i++) {
            java.util.List<FlowRecord> both = zeekConnection(i);
            assertThat(both).hasSize(2);
            both.forEach(f -> assertThat(d.observe(w, f)).isTrue());
        }
        assertThat(w.flows()).isEqualTo(3);
        // the twins in two partial windows, merged: still one each
        PortActivityDetector.Window a = new PortActivityDetector.Window();
        PortActivityDetector.Window b = new PortActivityDetector.Window();
        for (int i = 0; i < 3; i++) {
            d.observe(a, zeekConnection(i).get(0));
            d.observe(b, zeekConnection(i).get(1));
        }
        d.merge(a, b);
        assertThat(a.flows()).isEqualTo(3);
        // a twin still waiting survives the binary state form
        PortActivityDetector.Window half = new PortActivityDetector.Window();
        d.observe(half, zeekConnection(7).get(0));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        half.writeTo(new java.io.DataOutputStream(bytes));
        PortActivityDetector.Window back = PortActivityDetector.Window.readFrom(
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        d.observe(back, zeekConnection(7).get(1));
        assertThat(back.flows()).isEqualTo(1);
        // NetFlow-style records of both directions still count as the records they are
        PortActivityDetector.Window nf = new PortActivityDetector.Window();
        d.observe(nf, flow("10.0.0.7", 40000, "198.51.100.1", 6881, IpProtocol.TCP));
        d.observe(nf, flow("198.51.100.1", 6881, "10.0.0.7", 40000, IpProtocol.TCP));
        assertThat(nf.flows()).isEqualTo(2);
    }
}
