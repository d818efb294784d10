package io.peerwatch.flow;

import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.concat;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.LinkType;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A flood of distinct spoofed flows: the flow table's state stays within {@code maxFlows} (the
 * documented bound), each eviction is counted, and the real BitTorrent peers among the flood are
 * still classified.
 */
class FlowFloodTest {

    private static final int MAX_FLOWS = 5_000;
    private static final int FLOOD = 200_000;
    private static final int P2P_EVERY = 2_000;
    private static final int SYN = 0x02;
    private static final int ACK_PSH = 0x18;

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket pkt = new DecodedPacket();

    private void feed(FlowTable t, long nanos, byte[] ip) {
        assertThat(decoder.decode(LinkType.RAW, ByteBuffer.wrap(ip), 0, ip.length, ip.length, pkt)).isTrue();
        t.accept(pkt, nanos);
    }

    private static byte[] handshake(int peer) {
        byte[] hash = new byte[20];
        byte[] id = ascii("-TR3000-" + String.format("%012d", peer));
        return concat(ascii("\u0013BitTorrent protocol"), new byte[8], hash, id);
    }

    @Test
    void spoofedFloodStaysWithinTheFlowBoundAndTheRealPeersAreStillClassified() {
        List<Flow> ended = new ArrayList<>();
        FlowTable t = new FlowTable(new SignatureEngine(SignatureRegistry.defaults(),
                DetectionConfig.builder().maxFlows(MAX_FLOWS).build()), ended::add);
        Random r = new Random(7);
        int peers = 0;
        for (int i = 0; i < FLOOD; i++) {
            String spoofed = (r.nextInt(223) + 1) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            feed(t, i * 1_000L, ipv4(TCP, spoofed, "198.18.9.9", tcp(1024 + r.nextInt(60000), 80, SYN, new byte[0])));
            if (i % P2P_EVERY == 0) {
                String peer = "198.18.200." + (peers % 250 + 1);
                int port = 50000 + peers;
                byte[] hs = handshake(peers);
                feed(t, i * 1_000L + 1, ipv4(TCP, "198.18.1.7", peer, tcp(port, 6881, SYN, new byte[0])));
                feed(t, i * 1_000L + 2, ipv4(TCP, "198.18.1.7", peer, tcp(port, 6881, ACK_PSH, hs)));
                feed(t, i * 1_000L + 3, ipv4(TCP, peer, "198.18.1.7", tcp(6881, port, ACK_PSH, hs)));
                peers++;
            }
            assertThat(t.size()).isLessThanOrEqualTo(MAX_FLOWS);
        }
        t.flush();
        FlowTableStats s = t.stats();
        assertThat(s.peakFlows()).isEqualTo(MAX_FLOWS);
        assertThat(s.evictions()).isGreaterThanOrEqualTo(FLOOD - MAX_FLOWS);
        List<Flow> p2p = ended.stream().filter(f -> f.key().serverPort() == 6881).toList();
        assertThat(p2p).hasSize(peers).allSatisfy(f -> assertThat(f.classification())
                .hasValueSatisfying(c -> assertThat(c.protocol()).isEqualTo(Protocol.BITTORRENT)));
    }
}
