package io.peerwatch.flow;

import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.UDP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.tcp;
import static io.peerwatch.testing.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.packet.TcpFlags;
import io.peerwatch.pcap.LinkType;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow table tells signatures whether a TCP flow was seen from its handshake. */
class FlowTableMidStreamTest {

    /** Records {@link FlowScratch#midStream()} of every flow it is shown. */
    private static final class Recorder implements Signature {
        final List<Boolean> seen = new ArrayList<>();

        @Override
        public SignatureId id() {
            return SignatureId.OBFUSCATED_PROXY;
        }

        @Override
        public Selection selection() {
            return Selection.TCP_OR_UDP;
        }

        @Override
        public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
            seen.add(scratch.midStream());
            return Verdict.NO_MATCH;
        }
    }

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket pkt = new DecodedPacket();

    private void feed(FlowTable t, byte[] ipPacket) {
        assertThat(decoder.decode(LinkType.RAW, ByteBuffer.wrap(ipPacket), 0, ipPacket.length, ipPacket.length, pkt))
                .isTrue();
        t.accept(pkt, 1_000_000_000L);
    }

    @Test
    void handshakeMeansStreamStartAndItsAbsenceMidStream() {
        Recorder recorder = new Recorder();
        FlowTable t = new FlowTable(new SignatureEngine(SignatureRegistry.builder().add(recorder).build(),
                DetectionConfig.defaults()), r -> { });
        feed(t, ipv4(TCP, "10.0.0.1", "10.0.0.2", tcp(40000, 8388, TcpFlags.SYN, ascii(""))));
        feed(t, ipv4(TCP, "10.0.0.1", "10.0.0.2", tcp(40000, 8388, TcpFlags.ACK, ascii("first bytes"))));
        feed(t, ipv4(TCP, "10.0.0.3", "10.0.0.4", tcp(40001, 9000, TcpFlags.SYN | TcpFlags.ACK, ascii(""))));
        feed(t, ipv4(TCP, "10.0.0.3", "10.0.0.4", tcp(40001, 9000, TcpFlags.ACK, ascii("reply"))));
        feed(t, ipv4(TCP, "10.0.0.5", "10.0.0.6", tcp(40002, 22, TcpFlags.ACK, ascii("middle of a stream"))));
        feed(t, ipv4(UDP, "10.0.0.7", "10.0.0.8", udp(40003, 53, ascii("datagram"))));
        assertThat(recorder.seen).containsExactly(false, false, true, false);
    }
}
