package io.peerwatch.flow;

import static io.peerwatch.testing.Frames.ICMP;
import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.UDP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.concat;
import static io.peerwatch.testing.Frames.icmp;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.ipv6;
import static io.peerwatch.testing.Frames.ipv6Fragment;
import static io.peerwatch.testing.Frames.tcp;
import static io.peerwatch.testing.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.packet.TcpFlags;
import io.peerwatch.pcap.LinkType;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTableTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int SYN = TcpFlags.SYN;
    private static final int SYN_ACK = TcpFlags.SYN | TcpFlags.ACK;
    private static final int ACK = TcpFlags.ACK;

    /** Matches flows whose client sends "HELLO" first; gives up after two payload packets. */
    static final class HelloSignature implements Signature {
        @Override
        public SignatureId id() {
            return SignatureId.HTTP;
        }

        @Override
        public Selection selection() {
            return Selection.TCP_OR_UDP;
        }

        @Override
        public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
            if (payload.limit() >= 5 && payload.get(0) == 'H' && payload.get(4) == 'O' && dir == Direction.CLIENT_TO_SERVER) {
                return Verdict.MATCH;
            }
            return scratch.payloadPackets() >= 1 ? Verdict.NO_MATCH : Verdict.NEED_MORE;
        }
    }

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket pkt = new DecodedPacket();
    private final List<Flow> ended = new ArrayList<>();

    private FlowTable table(DetectionConfig config) {
        SignatureRegistry registry = SignatureRegistry.builder().add(new HelloSignature()).build();
        return new FlowTable(new SignatureEngine(registry, config), ended::add);
    }

    private FlowTable table() {
        return table(DetectionConfig.defaults());
    }

    private void feed(FlowTable t, long nanos, byte[] ipPacket) {
        assertThat(decoder.decode(LinkType.RAW, ByteBuffer.wrap(ipPacket), 0, ipPacket.length, ipPacket.length, pkt))
                .as("test packet decodes").isTrue();
        t.accept(pkt, nanos);
    }

    private static byte[] tcp4(String src, int sp, String dst, int dp, int flags, String payload) {
        return ipv4(TCP, src, dst, tcp(sp, dp, flags, ascii(payload)));
    }

    private static byte[] udp4(String src, int sp, String dst, int dp, String payload) {
        return ipv4(UDP, src, dst, udp(sp, dp, ascii(payload)));
    }

    private Flow only() {
        assertThat(ended).hasSize(1);
        return ended.get(0);
    }

    @Test
    void synSenderIsTheClientAndCountersArePerDirection() {
        FlowTable t = table();
        feed(t, 1 * SECOND, tcp4("10.0.0.1", 40000, "10.0.0.2", 80, SYN, ""));
        feed(t, 2 * SECOND, tcp4("10.0.0.2", 80, "10.0.0.1", 40000, SYN_ACK, ""));
        feed(t, 3 * SECOND, tcp4("10.0.0.1", 40000, "10.0.0.2", 80, ACK | TcpFlags.PSH, "HELLO there"));
        feed(t, 4 * SECOND, tcp4("10.0.0.2", 80, "10.0.0.1", 40000, ACK, "hi"));
        t.flush();
        Flow f = only();
        assertThat(f.key()).isEqualTo(new FlowKey(TCP, IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"), 80));
        assertThat(f.orientation()).isEqualTo(Orientation.TCP_SYN);
        assertThat(f.clientToServer().packets()).isEqualTo(2);
        assertThat(f.serverToClient().packets()).isEqualTo(2);
        assertThat(f.clientToServer().bytes()).isEqualTo(40 + 40 + 11);
        assertThat(f.clientToServer().payloadBytes()).isEqualTo(11);
        assertThat(f.serverToClient().payloadBytes()).isEqualTo(2);
        assertThat(f.clientToServer().tcpFlags()).isEqualTo(SYN | ACK | TcpFlags.PSH);
        assertThat(f.serverToClient().tcpFlags()).isEqualTo(SYN_ACK);
        assertThat(f.firstNanos()).isEqualTo(SECOND);
        assertThat(f.lastNanos()).isEqualTo(4 * SECOND);
        assertThat(f.endReason()).isEqualTo(EndReason.END_OF_INPUT);
        assertThat(f.classification()).hasValueSatisfying(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.HTTP);
            assertThat(c.packetsToVerdict()).isEqualTo(1);
        });
    }

    @Test
    void lastDirectionAndIndexFollowTheFlowsOrientation() {
        FlowTable t = table();
        feed(t, 1 * SECOND, tcp4("10.0.0.2", 80, "10.0.0.1", 40000, SYN_ACK, ""));
        assertThat(t.lastDirection()).contains(Direction.SERVER_TO_CLIENT);
        assertThat(t.lastPacketIndex()).isZero();
        feed(t, 2 * SECOND, tcp4("10.0.0.1", 40000, "10.0.0.2", 80, ACK, "HELLO"));
        assertThat(t.lastDirection()).contains(Direction.CLIENT_TO_SERVER);
        assertThat(t.lastPacketIndex()).isEqualTo(1);
        feed(t, 3 * SECOND, udp4("10.0.0.3", 5000, "10.0.0.4", 6000, "x"));
        assertThat(t.lastDirection()).contains(Direction.CLIENT_TO_SERVER);
        assertThat(t.lastPacketIndex()).isZero();
        feed(t, 4 * SECOND, tcp4("10.0.0.2", 80, "10.0.0.1", 40000, ACK, "hi"));
        assertThat(t.lastDirection()).contains(Direction.SERVER_TO_CLIENT);
        assertThat(t.lastPacketIndex()).isEqualTo(2);
        byte[] junk = {0x45, 0};
        decoder.decode(LinkType.RAW, ByteBuffer.wrap(junk), 0, junk.length, junk.length, pkt);
        t.accept(pkt, 5 * SECOND);
        assertThat(t.lastDirection()).isEmpty();
        assertThat(t.lastPacketIndex()).isEqualTo(-1);
    }

    @Test
    void synAckSeenFirstMakesItsReceiverTheClient() {
        FlowTable t = table();
        feed(t, SECOND, tcp4("10.0.0.2", 8080, "10.0.0.1", 1500, SYN_ACK, ""));
        t.flush();
        assertThat(only().orientation()).isEqualTo(Orientation.TCP_SYN_ACK);
        assertThat(only().key().client()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(only().key().serverPort()).isEqualTo(8080);
    }

    @Test
    void midStreamFromServicePortToEphemeralPortIsCorrected() {
        FlowTable t = table();
        feed(t, SECOND, tcp4("192.0.2.1", 443, "10.0.0.1", 51000, ACK, "data"));
        feed(t, SECOND, udp4("192.0.2.53", 53, "10.0.0.1", 33000, "answer"));
        feed(t, SECOND, udp4("10.0.0.1", 40000, "192.0.2.8", 8080, "request"));
        feed(t, SECOND, udp4("10.0.0.5", 6881, "10.0.0.6", 6882, "peer"));
        t.flush();
        assertThat(ended).extracting(r -> r.key().clientPort() + "/" + r.orientation())
                .containsExactly("51000/PORT_RANK", "33000/PORT_RANK", "40000/FIRST_PACKET", "6881/FIRST_PACKET");
    }

    @Test
    void icmpEchoFlowsAreKeyedByIdentifierAndOrientedByRequest() {
        FlowTable t = table();
        feed(t, SECOND, ipv4(ICMP, "10.0.0.2", "10.0.0.1", icmp(0, 0, 77, 1, ascii("pong"))));
        feed(t, SECOND, ipv4(ICMP, "10.0.0.1", "10.0.0.2", icmp(8, 0, 77, 2, ascii("ping"))));
        feed(t, SECOND, ipv4(ICMP, "10.0.0.1", "10.0.0.2", icmp(8, 0, 78, 1, ascii("ping"))));
        t.flush();
        assertThat(ended).hasSize(2);
        Flow first = ended.get(0);
        assertThat(first.orientation()).isEqualTo(Orientation.ICMP_ECHO);
        assertThat(first.key().client()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(first.key().clientPort()).isEqualTo(77);
        assertThat(first.packets()).isEqualTo(2);
        List<FlowRecord> netflow = first.toFlowRecords();
        assertThat(netflow).extracting(FlowRecord::dstPort).containsExactly(8 << 8, 0);
        assertThat(netflow).extracting(FlowRecord::srcPort).containsOnly(0);
    }

    @Test
    void flowSummariesOnePerDirectionWithTraffic() {
        FlowTable t = table();
        feed(t, 1_500_000_000L, tcp4("10.0.0.1", 40000, "10.0.0.2", 80, SYN, ""));
        feed(t, 2_500_000_000L, tcp4("10.0.0.2", 80, "10.0.0.1", 40000, SYN_ACK, ""));
        feed(t, 3_000_000_000L, udp4("10.0.0.1", 5000, "10.0.0.3", 5001, "one way"));
        t.flush();
        List<FlowRecord> tcpFlow = ended.get(0).toFlowRecords();
        assertThat(tcpFlow).hasSize(2);
        assertThat(tcpFlow.get(0).src()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(tcpFlow.get(0).dstPort()).isEqualTo(80);
        assertThat(tcpFlow.get(0).tcpFlags()).isEqualTo(SYN);
        assertThat(tcpFlow.get(1).src()).isEqualTo(IpAddress.parse("10.0.0.2"));
        assertThat(tcpFlow.get(1).srcPort()).isEqualTo(80);
        assertThat(tcpFlow.get(0).startMs()).isEqualTo(1500);
        assertThat(tcpFlow.get(0).endMs()).isEqualTo(2500);
        assertThat(tcpFlow.get(0).sourceKind()).isEqualTo(FlowSourceKind.PACKETS);
        assertThat(tcpFlow.get(0).bytes()).isEqualTo(40);
        assertThat(ended.get(1).toFlowRecords()).hasSize(1);
    }

    @Test
    void idleTimeoutEndsQuietFlowsByPacketTime() {
        FlowTable t = table(DetectionConfig.builder().flowIdleTimeout(Duration.ofSeconds(10)).build());
        feed(t, 0, udp4("10.0.0.1", 5000, "10.0.0.2", 53, "a"));
        feed(t, 10 * SECOND, udp4("10.0.0.1", 5001, "10.0.0.2", 53, "b"));
        assertThat(ended).isEmpty();                       // exactly the timeout: still alive
        feed(t, 10 * SECOND + 1, udp4("10.0.0.1", 5002, "10.0.0.2", 53, "c"));
        assertThat(ended).extracting(r -> r.key().clientPort()).containsExactly(5000);
        assertThat(ended.get(0).endReason()).isEqualTo(EndReason.IDLE_TIMEOUT);
        feed(t, 30 * SECOND, udp4("10.0.0.1", 5000, "10.0.0.2", 53, "a again"));
        assertThat(ended).extracting(r -> r.key().clientPort()).containsExactly(5000, 5001, 5002);
        t.flush();
        assertThat(ended).hasSize(4);
        assertThat(t.stats().idleTimeouts()).isEqualTo(3);
        assertThat(t.stats().flowsCreated()).isEqualTo(4);
    }

    @Test
    void activeTimeoutCutsLongFlowsIntoPieces() {
        FlowTable t = table(DetectionConfig.builder().flowActiveTimeout(Duration.ofSeconds(60)).build());
        for (int s = 0; s <= 150; s += 10) {
            feed(t, s * SECOND, udp4("10.0.0.1", 5000, "10.0.0.2", 9999, "tick"));
        }
        t.flush();
        assertThat(ended).extracting(Flow::endReason)
                .containsExactly(EndReason.ACTIVE_TIMEOUT, EndReason.ACTIVE_TIMEOUT, EndReason.END_OF_INPUT);
        assertThat(ended).extracting(Flow::packets).containsExactly(7L, 7L, 2L);
        assertThat(ended.stream().mapToLong(Flow::packets).sum()).isEqualTo(16);
    }

    @Test
    void fullTableEvictsTheLeastRecentlySeenFlow() {
        FlowTable t = table(DetectionConfig.builder().maxFlows(3).build());
        feed(t, 1, udp4("10.0.0.1", 1001, "10.0.0.9", 53, "x"));
        feed(t, 2, udp4("10.0.0.1", 1002, "10.0.0.9", 53, "x"));
        feed(t, 3, udp4("10.0.0.1", 1003, "10.0.0.9", 53, "x"));
        feed(t, 4, udp4("10.0.0.9", 53, "10.0.0.1", 1001, "reply"));   // 1001 becomes most recent
        feed(t, 5, udp4("10.0.0.1", 1004, "10.0.0.9", 53, "x"));
        assertThat(t.size()).isEqualTo(3);
        assertThat(only().key().clientPort()).isEqualTo(1002);
        assertThat(only().endReason()).isEqualTo(EndReason.EVICTED);
        t.flush();
        assertThat(ended).extracting(r -> r.key().clientPort()).containsExactly(1002, 1001, 1003, 1004);
        assertThat(t.stats().evictions()).isEqualTo(1);
        assertThat(t.stats().peakFlows()).isEqualTo(3);
    }

    @Test
    void manyFlowsThroughABoundedTableKeepEveryPacketAndEndEachFlowOnce() {
        FlowTable t = table(DetectionConfig.builder().maxFlows(100).build());
        java.util.Random random = new java.util.Random(42);
        int packets = 50_000;
        for (int i = 0; i < packets; i++) {
            int host = random.nextInt(300);
            boolean reply = random.nextBoolean();
            String a = "10.0." + (host / 250) + "." + (host % 250);
            byte[] p = reply ? udp4("192.0.2.1", 53, a, 40000 + host, "r") : udp4(a, 40000 + host, "192.0.2.1", 53, "q");
            feed(t, i, p);
        }
        t.flush();
        assertThat(t.size()).isZero();
        assertThat(ended.stream().mapToLong(Flow::packets).sum()).isEqualTo(packets);
        assertThat((long) ended.size()).isEqualTo(t.stats().flowsCreated());
        assertThat(t.stats().evictions() + t.stats().endOfInput()).isEqualTo(ended.size());
        assertThat(ended).allSatisfy(r -> assertThat(r.key().serverPort()).isEqualTo(53));
    }

    @Test
    void ipv6FlowsAndLaterFragments() {
        FlowTable t = table();
        byte[] out = ipv6(UDP, "2001:db8::1", "2001:db8::2", udp(40000, 443, ascii("quic?")));
        byte[] back = ipv6(UDP, "2001:db8::2", "2001:db8::1", udp(443, 40000, ascii("quic!")));
        byte[] fragment = ipv6(44, "2001:db8::1", "2001:db8::2", concat(ipv6Fragment(UDP, 10, false), ascii("tail")));
        feed(t, SECOND, out);
        feed(t, SECOND, back);
        feed(t, SECOND, fragment);
        t.flush();
        assertThat(only().key().toString()).isEqualTo("udp [2001:db8::1]:40000 <-> [2001:db8::2]:443");
        assertThat(only().packets()).isEqualTo(2);
        assertThat(t.stats().laterFragments()).isEqualTo(1);
    }

    @Test
    void sameAddressesDifferentProtocolsAreDifferentFlows() {
        FlowTable t = table();
        feed(t, SECOND, tcp4("10.0.0.1", 5000, "10.0.0.2", 5000, SYN, ""));
        feed(t, SECOND, udp4("10.0.0.1", 5000, "10.0.0.2", 5000, "u"));
        feed(t, SECOND, ipv4(47, "10.0.0.1", "10.0.0.2", new byte[8]));
        t.flush();
        assertThat(ended).extracting(r -> r.key().ipProtocol()).containsExactly(TCP, UDP, 47);
        assertThat(ended.get(2).classification()).isEmpty();
    }
}
