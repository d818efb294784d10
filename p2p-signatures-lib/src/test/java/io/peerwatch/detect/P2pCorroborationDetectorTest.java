package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.flow.EndReason;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowState;
import io.peerwatch.flow.FlowTracker;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.SignatureRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link P2pCorroborationDetector}: a random-looking handshake of BitTorrent's MSE shape names
 * BitTorrent only with corroboration from the same host's window (payload evidence of the family,
 * or fan-out to many peers on high ports); alone it is a suspicion without an alert.
 */
class P2pCorroborationDetectorTest {

    private static final IpAddress HOST = IpAddress.parse("10.1.2.3");
    private static final long T0 = 1_790_000_000_000L;
    private static final FlowTracker TRACKER =
            new FlowTracker(new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults()));
    private final P2pCorroborationDetector detector = new P2pCorroborationDetector(InternalNetworks.defaults(),
            P2pCorroborationConfig.defaults(), NoticePolicy.defaults());
    private final Random random = new Random(3);

    private static PacketEvent packet(long t, IpAddress src, int sport, IpAddress dst, int dport, int flags, byte[] payload) {
        return PacketEvent.builder().timestampNanos(t).addresses(src, dst).ports(sport, dport).ipProtocol(IpProtocol.TCP)
                .tcpFlags(flags).lengths(payload.length + 54, payload.length + 40, payload.length).payloadPrefix(payload)
                .build();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** One TCP connection from HOST carrying the given payloads (client first, then alternating). */
    private Flow connection(int i, IpAddress peer, int peerPort, byte[]... payloads) {
        long t = (T0 + i * 1_000L) * 1_000_000L;
        int port = 40_000 + i;
        FlowState s = TRACKER.start(packet(t, HOST, port, peer, peerPort, 0x02, new byte[0]), t);
        TRACKER.add(s, packet(t + 1_000, peer, peerPort, HOST, port, 0x12, new byte[0]), t + 1_000);
        for (int k = 0; k < payloads.length; k++) {
            long tk = t + 2_000 + k * 1_000L;
            PacketEvent p = k % 2 == 0 ? packet(tk, HOST, port, peer, peerPort, 0x18, payloads[k])
                    : packet(tk, peer, peerPort, HOST, port, 0x18, payloads[k]);
            TRACKER.add(s, p, tk);
        }
        return TRACKER.end(s, EndReason.END_OF_INPUT);
    }

    private Flow mse(int i, IpAddress peer, int peerPort) {
        Flow f = connection(i, peer, peerPort, randomBytes(96 + 150), randomBytes(96 + 80), randomBytes(120),
                randomBytes(900));
        assertThat(f.classification()).map(c -> c.signature()).contains(SignatureId.BITTORRENT_MSE);
        return f;
    }

    private Optional<Alert> judge(List<Flow> flows) {
        P2pCorroborationDetector.Window w = detector.newWindow();
        for (Flow f : flows) {
            if (detector.keyOf(f).isPresent()) {
                assertThat(detector.keyOf(f)).contains(HOST.toString());
                detector.observe(w, f);
            }
        }
        return detector.evaluate(w, HOST.toString(), T0, T0 + 900_000);
    }

    @Test
    void aLoneMseHandshakeIsASuspicionWithoutAnAlert() {
        assertThat(judge(List.of(mse(0, IpAddress.parse("198.51.100.7"), 51413),
                mse(1, IpAddress.parse("198.51.100.8"), 6881)))).isEmpty();
    }

    @Test
    void fanOutToManyPeersOnHighPortsCorroboratesTheHandshakes() {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < P2pCorroborationConfig.DEFAULT_MIN_FAN_OUT_PEERS; i++) {
            flows.add(mse(i, IpAddress.parse("198.51.100." + (10 + i)), 20_000 + 7 * i));
        }
        Alert a = judge(flows).orElseThrow();
        assertThat(a.type()).isEqualTo(AlertType.P2P_CLIENT);
        assertThat(a.protocol()).contains("BitTorrent");
        assertThat(a.confidence()).isEqualTo(P2pCorroborationConfig.DEFAULT_FAN_OUT_CONFIDENCE);
        assertThat(a.identifier()).isEqualTo(P2pCorroborationDetector.identifier(HOST,
                io.peerwatch.signatures.Protocol.BITTORRENT));
    }

    @Test
    void theHostsPlaintextBitTorrentCorroboratesOneHandshake() {
        byte[] hs = new byte[68];
        hs[0] = 19;
        System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, hs, 1, 19);
        System.arraycopy("-TR4050-abcdefghijkl".getBytes(StandardCharsets.US_ASCII), 0, hs, 48, 20);
        Flow plain = connection(50, IpAddress.parse("198.51.100.99"), 51413, hs, hs);
        assertThat(plain.classification()).map(c -> c.protocol()).contains(io.peerwatch.signatures.Protocol.BITTORRENT);
        Alert a = judge(List.of(plain, mse(0, IpAddress.parse("198.51.100.7"), 51413))).orElseThrow();
        assertThat(a.confidence()).isEqualTo(P2pCorroborationConfig.DEFAULT_PAYLOAD_CONFIDENCE);
        assertThat(a.evidence().toString()).contains("corroborated", "payload evidence");
    }
}
