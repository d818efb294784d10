package io.peerwatch.flow;

import static io.peerwatch.testing.Frames.ICMP;
import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.UDP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.icmp;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.ipv6;
import static io.peerwatch.testing.Frames.tcp;
import static io.peerwatch.testing.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.IpAddress;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.packet.TcpFlags;
import io.peerwatch.pcap.LinkType;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.SignatureRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one flow tracker on both packet types, its key, its timeouts and its binary formats. */
class FlowTrackerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int SYN = TcpFlags.SYN;
    private static final int SYN_ACK = TcpFlags.SYN | TcpFlags.ACK;
    private static final int ACK = TcpFlags.ACK | TcpFlags.PSH;

    private final PacketDecoder decoder = new PacketDecoder();

    private DecodedPacket decoded(byte[] ipPacket) {
        DecodedPacket p = new DecodedPacket();
        assertThat(decoder.decode(LinkType.RAW, ByteBuffer.wrap(ipPacket), 0, ipPacket.length, ipPacket.length, p))
                .as("test packet decodes").isTrue();
        return p;
    }

    private PacketEvent event(byte[] ipPacket, long nanos) {
        return PacketEvent.of(decoded(ipPacket), nanos, ipPacket.length + 14, 4096).build();
    }

    private static FlowTracker tracker(DetectionConfig config) {
        return new FlowTracker(new SignatureEngine(SignatureRegistry.defaults(), config));
    }

    private static byte[] bittorrentHandshake() {
        ByteBuffer b = ByteBuffer.allocate(68);
        b.put((byte) 19).put(ascii("BitTorrent protocol")).put(new byte[8]);
        for (int i = 0; i < 20; i++) {
            b.put((byte) (0xA0 + i));
        }
        b.put(ascii("-TR4050-abcdefghijkl"));
        return b.array();
    }

    private static List<byte[]> bittorrentFlow() {
        return List.of(
                ipv4(TCP, "10.0.0.1", "198.18.0.9", tcp(51413, 6881, SYN, new byte[0])),
                ipv4(TCP, "198.18.0.9", "10.0.0.1", tcp(6881, 51413, SYN_ACK, new byte[0])),
                ipv4(TCP, "10.0.0.1", "198.18.0.9", tcp(51413, 6881, ACK, bittorrentHandshake())),
                ipv4(TCP, "198.18.0.9", "10.0.0.1", tcp(6881, 51413, ACK, bittorrentHandshake())));
    }

    @Test
    void decodedPacketsAndPacketEventsGiveTheSameFlow() {
        FlowTracker tracker = tracker(DetectionConfig.defaults());
        List<byte[]> packets = bittorrentFlow();
        FlowState fromFrames = tracker.start(decoded(packets.get(0)), SECOND);
        FlowState fromEvents = tracker.start(event(packets.get(0), SECOND), SECOND);
        List<Direction> directions = new ArrayList<>();
        for (int i = 1; i < packets.size(); i++) {
            directions.add(tracker.add(fromFrames, decoded(packets.get(i)), (i + 1) * SECOND));
            tracker.add(fromEvents, event(packets.get(i), (i + 1) * SECOND), (i + 1) * SECOND);
        }
        assertThat(directions).containsExactly(Direction.SERVER_TO_CLIENT, Direction.CLIENT_TO_SERVER,
                Direction.SERVER_TO_CLIENT);
        assertThat(fromFrames.inspecting()).as("still collecting evidence").isTrue();
        Flow a = tracker.end(fromFrames, EndReason.END_OF_INPUT);
        Flow b = tracker.end(fromEvents, EndReason.END_OF_INPUT);
        assertThat(b).isEqualTo(a);
        assertThat(a.orientation()).isEqualTo(Orientation.TCP_SYN);
        assertThat(a.key().client()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(a.clientToServer().packets()).isEqualTo(2);
        assertThat(a.clientToServer().bytes()).isEqualTo(40 + 40 + 68);
        assertThat(a.clientToServer().payloadBytes()).isEqualTo(68);
        assertThat(a.classification()).hasValueSatisfying(c -> {
            assertThat(c.protocol()).isEqualTo(Protocol.BITTORRENT);
            assertThat(c.first(MetadataKey.INFO_HASH)).startsWith("a0a1a2a3");
        });
    }

    @Test
    void aPacketOfAnotherFlowIsRefused() {
        FlowTracker tracker = tracker(DetectionConfig.defaults());
        FlowState s = tracker.start(decoded(ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(5000, 53, ascii("q")))), SECOND);
        DecodedPacket other = decoded(ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(5001, 53, ascii("q"))));
        assertThat(s.direction(other)).isEmpty();
        assertThatThrownBy(() -> tracker.add(s, other, SECOND)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5001");
        assertThat(s.packets()).isEqualTo(1);
    }

    @Test
    void payloadBytesCountWhatTheIpHeaderDeclaresEvenWhenTheCaptureCutIt() {
        byte[] full = ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(5000, 6000, new byte[1000]));
        DecodedPacket cut = new DecodedPacket();
        assertThat(decoder.decode(LinkType.RAW, ByteBuffer.wrap(full), 0, 100, full.length, cut)).isTrue();
        assertThat(cut.payloadLength()).isEqualTo(100 - 28);
        FlowTracker tracker = tracker(DetectionConfig.defaults());
        Flow f = tracker.end(tracker.start(cut, SECOND), EndReason.END_OF_INPUT);
        assertThat(f.clientToServer().payloadBytes()).isEqualTo(1000);
        assertThat(f.clientToServer().bytes()).isEqualTo(1028);
    }

    @Test
    void idleAndActiveExpiryAndTheDeadlineBetween() {
        FlowTracker tracker = tracker(DetectionConfig.builder().flowIdleTimeout(Duration.ofSeconds(10))
                .flowActiveTimeout(Duration.ofSeconds(25)).build());
        FlowState s = tracker.start(decoded(ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(5000, 9, ascii("x")))), 0);
        assertThat(tracker.deadlineNanos(s)).isEqualTo(10 * SECOND);
        assertThat(tracker.expiry(s, 10 * SECOND)).as("exactly the idle timeout: still live").isEmpty();
        assertThat(tracker.expiry(s, 10 * SECOND + 1)).contains(EndReason.IDLE_TIMEOUT);
        for (int t = 8; t <= 24; t += 8) {
            tracker.add(s, decoded(ipv4(UDP, "10.0.0.2", "10.0.0.1", udp(9, 5000, ascii("y")))), t * SECOND);
        }
        assertThat(tracker.deadlineNanos(s)).as("the active deadline comes first").isEqualTo(25 * SECOND);
        assertThat(tracker.expiry(s, 25 * SECOND)).isEmpty();
        assertThat(tracker.expiry(s, 25 * SECOND + 1)).contains(EndReason.ACTIVE_TIMEOUT);
        assertThat(tracker.expiry(s, 40 * SECOND)).as("idle is reported before active").contains(EndReason.IDLE_TIMEOUT);
    }

    @Test
    void canonicalKeyIsDirectionFreeAndKeysIcmpEchoByIdentifier() {
        PacketEvent out = event(ipv4(TCP, "10.0.0.1", "198.18.0.9", tcp(40000, 443, SYN, new byte[0])), SECOND);
        PacketEvent back = event(ipv4(TCP, "198.18.0.9", "10.0.0.1", tcp(443, 40000, SYN_ACK, new byte[0])), SECOND);
        DecodedPacket frame = decoded(ipv4(TCP, "198.18.0.9", "10.0.0.1", tcp(443, 40000, ACK, ascii("x"))));
        CanonicalFlowKey k = CanonicalFlowKey.of(out);
        assertThat(CanonicalFlowKey.of(back)).isEqualTo(k).hasSameHashCodeAs(k);
        assertThat(CanonicalFlowKey.of(frame)).isEqualTo(k);
        assertThat(CanonicalFlowKey.of(back).toBytes()).isEqualTo(k.toBytes()).hasSize(1 + 2 * (4 + 2));
        assertThat(k).hasToString("tcp 10.0.0.1:40000 <-> 198.18.0.9:443");
        assertThat(k.hashCode()).as("from values only: the same in every JVM").isEqualTo(-1_384_470_504);

        PacketEvent ping77 = event(ipv4(ICMP, "10.0.0.1", "10.0.0.2", icmp(8, 0, 77, 1, ascii("p"))), SECOND);
        PacketEvent pong77 = event(ipv4(ICMP, "10.0.0.2", "10.0.0.1", icmp(0, 0, 77, 1, ascii("p"))), SECOND);
        PacketEvent ping78 = event(ipv4(ICMP, "10.0.0.1", "10.0.0.2", icmp(8, 0, 78, 1, ascii("p"))), SECOND);
        PacketEvent unreachable = event(ipv4(ICMP, "10.0.0.2", "10.0.0.1", icmp(3, 3, 77, 0, ascii("q"))), SECOND);
        assertThat(CanonicalFlowKey.of(pong77)).isEqualTo(CanonicalFlowKey.of(ping77));
        assertThat(CanonicalFlowKey.of(ping78)).isNotEqualTo(CanonicalFlowKey.of(ping77));
        assertThat(CanonicalFlowKey.of(ping77).lowPort()).isEqualTo(77);
        assertThat(CanonicalFlowKey.of(unreachable).lowPort()).as("not an echo: no identifier").isZero();

        PacketEvent v6 = event(ipv6(UDP, "2001:db8::2", "2001:db8::1", udp(53, 40000, ascii("a"))), SECOND);
        assertThat(CanonicalFlowKey.of(v6)).hasToString("udp [2001:db8::1]:40000 <-> [2001:db8::2]:53");
        assertThat(CanonicalFlowKey.of(v6).toBytes()).hasSize(1 + 2 * (16 + 2));
    }

    private static byte[] bytes(IoWriter w) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        w.write(new DataOutputStream(b));
        return b.toByteArray();
    }

    private static DataInputStream in(byte[] b) {
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    @FunctionalInterface
    private interface IoWriter {
        void write(DataOutputStream out) throws IOException;
    }

    @Test
    void keysFlowsAndClassificationsSurviveTheirBinaryForms() throws IOException {
        PacketEvent p = event(ipv6(UDP, "2001:db8::2", "2001:db8::1", udp(53, 40000, ascii("a"))), SECOND);
        CanonicalFlowKey k = CanonicalFlowKey.of(p);
        assertThat(CanonicalFlowKey.readFrom(in(bytes(k::writeTo)))).isEqualTo(k);

        Classification c = new Classification(SignatureId.BITTORRENT_PEER_WIRE, Protocol.BITTORRENT,
                ConfidenceKind.PAYLOAD, 0.95, 2, Map.of(MetadataKey.CLIENT, List.of("Transmission 4.0.5"),
                        MetadataKey.INFO_HASH, List.of("a".repeat(40), "b".repeat(40))));
        assertThat(Classification.readFrom(in(bytes(c::writeTo)))).isEqualTo(c);

        FlowTracker tracker = tracker(DetectionConfig.defaults());
        FlowState s = tracker.start(decoded(bittorrentFlow().get(0)), SECOND);
        Flow f = new Flow(s.key(), s.orientation(), SECOND, 2 * SECOND, s.counters(Direction.CLIENT_TO_SERVER),
                s.counters(Direction.SERVER_TO_CLIENT), EndReason.IDLE_TIMEOUT, Optional.of(c));
        assertThat(Flow.readFrom(in(bytes(f::writeTo)))).isEqualTo(f);
    }

    @Test
    void unknownFormatsAndCutStatesAreRejected() throws IOException {
        FlowTracker tracker = tracker(DetectionConfig.defaults());
        FlowState s = tracker.start(decoded(bittorrentFlow().get(0)), SECOND);
        byte[] good = bytes(s::writeTo);
        byte[] future = good.clone();
        future[0] = 9;
        assertThatThrownBy(() -> FlowState.readFrom(in(future))).isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("format 9");
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> FlowState.readFrom(in(cut))).isInstanceOf(EOFException.class);
        assertThat(FlowState.readFrom(in(good)).toString()).isEqualTo(s.toString());
    }
}
