package io.peerwatch.detect;

import static io.peerwatch.detect.Flows.conversation;
import static io.peerwatch.detect.Flows.flow;
import static io.peerwatch.detect.Flows.tcp;
import static io.peerwatch.detect.Flows.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.core.Severity;
import io.peerwatch.flowfile.ZeekConn;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InternalScanDetectorTest {
    static final InternalNetworks NETS = InternalNetworks.defaults();
    static final String SCANNER = "10.0.0.5";
    final InternalScanDetector detector = new InternalScanDetector(NETS, InternalScanConfig.defaults());

    Optional<Alert> run(String host, List<FlowRecord> flows) {
        return Flows.run(detector, host, flows);
    }

    @Test
    void aSweepOnOnePortFires() {
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            String target = "10.0.1." + i;
            flows.add(tcp(SCANNER, 50000 + i, target, 6346, 0x02, 2, 120)); // no answer
            if (i % 4 == 0) { // some refuse: RST+ACK back, which is not an attempt of the target
                flows.add(tcp(target, 6346, SCANNER, 50000 + i, 0x14, 1, 40));
            }
        }
        Alert f = run(SCANNER, flows).orElseThrow();

        assertThat(f.type()).isEqualTo(AlertType.INTERNAL_SCAN);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.protocol()).contains("6346/tcp");
        assertThat(f.evidence()).extracting(Evidence::kind).containsExactly("sweep", "failed");
        assertThat(f.evidence().get(0).detail()).isEqualTo("6346/tcp: 40 internal hosts probed");
        assertThat(f.evidence().get(1).detail()).startsWith("40 of 40 attempts failed (100 %");
        assertThat(f.confidence()).isEqualTo(0.9);
        assertThat(f.distinctPeers()).isEqualTo(40);
        // the refusing targets do not look like scanners
        assertThat(run("10.0.1.4", flows)).isEmpty();
    }

    @Test
    void aVerticalScanFiresAndBothKindsRaiseSeverity() {
        List<FlowRecord> flows = new ArrayList<>();
        for (int p = 1; p <= 100; p++) {
            flows.add(tcp(SCANNER, 40000, "10.0.2.9", p, 0x02, 1, 60));
        }
        Alert vertical = run(SCANNER, flows).orElseThrow();
        assertThat(vertical.evidence().get(0).kind()).isEqualTo("vertical");
        assertThat(vertical.evidence().get(0).detail()).isEqualTo("10.0.2.9: 100 ports probed");
        assertThat(vertical.protocol()).isEmpty();

        for (int i = 1; i <= 30; i++) {
            flows.add(udp(SCANNER, 40001, "10.0.3." + i, 161, 1, 80)); // SNMP sweep, one packet each
        }
        Alert both = run(SCANNER, flows).orElseThrow();
        assertThat(both.severity()).isEqualTo(Severity.HIGH);
        assertThat(both.evidence()).extracting(Evidence::kind).containsExactly("sweep", "vertical", "failed");
        assertThat(both.evidence().get(0).detail()).isEqualTo("161/udp: 30 internal hosts probed");
    }

    @Test
    void anIcmpEchoSweepFires() {
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            flows.add(flow(SCANNER, 0, "10.0.4." + i, 8 << 8, IpProtocol.ICMP, 0, 1, 84, 0, 0));
        }
        assertThat(run(SCANNER, flows)).hasValueSatisfying(
                f -> assertThat(f.evidence().get(0).detail()).isEqualTo("icmp 8/0: 30 internal hosts probed"));
    }

    @Test
    void zeekConnStatesDecideTheOutcome() {
        IpAddress h = IpAddress.parse(SCANNER);
        InternalScanDetector.Window w = new InternalScanDetector.Window();
        for (int i = 1; i <= 30; i++) {
            String state = i % 3 == 0 ? "REJ" : "S0";
            ZeekConn c = new ZeekConn("C" + i, Flows.T0, 0, h, 50000 + i, IpAddress.parse("10.0.5." + i), 445, 6,
                    Optional.empty(), 1, 60, 0, 0, Optional.of(state), Optional.of("S"));
            for (FlowRecord f : c.toFlows()) {
                detector.observe(w, h, f, c.outcome());
            }
        }
        assertThat(w.attempts()).isEqualTo(30);
        assertThat(w.failed()).isEqualTo(30);
        Alert f = detector.evaluate(w, h, 0, 1).orElseThrow();
        assertThat(f.evidence().get(1).detail()).endsWith("stated outcomes: rejected 10 unanswered 20");
    }

    @Test
    void aManagementServerReachingManyHostsSuccessfullyDoesNotFire() {
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            flows.addAll(List.of(conversation(SCANNER, 40000 + i, "10.0.6." + i, 22, 5_000, 20_000)));
        }
        assertThat(run(SCANNER, flows)).isEmpty();
        InternalScanDetector countsOnly = new InternalScanDetector(NETS,
                InternalScanConfig.builder().minFailedRatio(0).build());
        IpAddress h = IpAddress.parse(SCANNER);
        InternalScanDetector.Window w = new InternalScanDetector.Window();
        flows.forEach(f -> countsOnly.observe(w, h, f));
        assertThat(w.attempts()).isEqualTo(60);
        assertThat(countsOnly.evaluate(w, h, 0, 1)).hasValueSatisfying(f -> assertThat(f.confidence()).isEqualTo(0.5));
    }

    @Test
    void serversAnsweringManyClientsAndExternalTargetsDoNotCount() {
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            // a file server answering 50 internal clients (its records go from 445 to their ports)
            flows.add(tcp("10.0.0.7", 445, "10.0.7." + i, 50000 + i, 0x12, 1, 60));
            flows.add(tcp("10.0.0.7", 445, "10.0.7." + i, 50000 + i, 0x18, 10, 6000));
            // and a client reaching 50 external web servers with failed attempts: not internal
            flows.add(tcp("10.0.0.8", 40000 + i, "203.0.113." + i, 443, 0x02, 1, 60));
        }
        assertThat(run("10.0.0.7", flows)).isEmpty();
        assertThat(run("10.0.0.8", flows)).isEmpty();
    }

    @Test
    void stateIsBounded() {
        InternalScanDetector small = new InternalScanDetector(NETS, InternalScanConfig.builder().maxTrackedPorts(4)
                .maxPeersPerPort(30).maxTrackedPeers(10).maxPortsPerPeer(20).build());
        IpAddress h = IpAddress.parse(SCANNER);
        InternalScanDetector.Window w = new InternalScanDetector.Window();
        for (int p = 1; p <= 200; p++) {
            for (int i = 1; i <= 50; i++) {
                small.observe(w, h, tcp(SCANNER, 40000, "10.1." + p + "." + i, p, 0x02, 1, 60));
            }
        }
        assertThat(w.peersByPort).hasSizeLessThanOrEqualTo(4).allSatisfy((k, v) -> assertThat(v).hasSizeLessThanOrEqualTo(30));
        assertThat(w.portsByPeer).hasSizeLessThanOrEqualTo(10).allSatisfy((k, v) -> assertThat(v).hasSizeLessThanOrEqualTo(20));
        assertThat(small.evaluate(w, h, 0, 1)).hasValueSatisfying(
                f -> assertThat(f.evidence().get(0).detail()).contains("30+ internal hosts"));
    }

    @Test
    void configRejectsInvalidValues() {
        assertThatThrownBy(() -> InternalScanConfig.builder().minSweepPeers(1)).hasMessageContaining("minSweepPeers");
        assertThatThrownBy(() -> InternalScanConfig.builder().minFailedRatio(1.5)).hasMessageContaining("minFailedRatio");
        assertThatThrownBy(() -> InternalScanConfig.builder().confidence(0.8, 0.4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(InternalScanConfig.defaults().minSweepPeers()).isEqualTo(25);
        assertThat(InternalScanConfig.defaults().minVerticalPorts()).isEqualTo(15);
    }
}
