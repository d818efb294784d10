package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class OpenVpnSignatureTest {

    private static final long CLIENT_SID_HIGH = 0x33485770L;
    private static final long CLIENT_SID_LOW = 0x3d96db39L;

    /** P_CONTROL_HARD_RESET_CLIENT_V2 (7 << 3), sid, ack count 0, packet id 0: 14 bytes. */
    private static ByteBuffer clientReset(int opcode) {
        return build().u8(opcode << 3).u32(CLIENT_SID_HIGH).u32(CLIENT_SID_LOW).u8(0).u32(0).buffer();
    }

    /** P_CONTROL_HARD_RESET_SERVER_V2 acknowledging the client's packet 0. */
    private static ByteBuffer serverReset() {
        return build().u8(8 << 3).u32(0xd31c3a69L).u32(0x64602fa0L).u8(1).u32(0).u32(CLIENT_SID_HIGH)
                .u32(CLIENT_SID_LOW).u32(0).buffer();
    }

    /** P_ACK_V1 from the client with its own session id. */
    private static ByteBuffer clientAck() {
        return build().u8(5 << 3).u32(CLIENT_SID_HIGH).u32(CLIENT_SID_LOW).u8(1).u32(0).u32(0xd31c3a69L)
                .u32(0x64602fa0L).buffer();
    }

    private static ByteBuffer tcp(ByteBuffer packet) {
        return build().u16(packet.limit()).bytes(packet.array()).buffer();
    }

    private static FlowDriver udp() {
        return new FlowDriver(OpenVpnSignature.INSTANCE, IpProtocol.UDP, 50000, 1194);
    }

    private static FlowDriver tcpFlow() {
        return new FlowDriver(OpenVpnSignature.INSTANCE, IpProtocol.TCP, 50000, 1194);
    }

    @Test
    void clientResetAnsweredByServerResetMatches() {
        for (int opcode : new int[] {1, 7, 10}) {
            FlowDriver f = udp();
            assertThat(f.up(clientReset(opcode))).isEqualTo(Verdict.NEED_MORE);
            assertThat(f.down(serverReset())).as("opcode %d", opcode).isEqualTo(Verdict.MATCH);
        }
    }

    @Test
    void sameSessionIdFromTheSameSideMatches() {
        FlowDriver f = udp();
        f.up(clientReset(7));
        assertThat(f.up(clientAck())).isEqualTo(Verdict.MATCH);
        FlowDriver g = udp();
        assertThat(g.down(serverReset())).as("capture starts at the reply").isEqualTo(Verdict.NEED_MORE);
        assertThat(g.down(build().u8(4 << 3).u32(0xd31c3a69L).u32(0x64602fa0L).u8(0).u32(1).random(100, 1).buffer()))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void inconsistentFollowUpsRuleOut() {
        FlowDriver f = udp();
        f.up(clientReset(7));
        assertThat(f.up(build().u8(5 << 3).u32(1).u32(2).u8(0).u32(0).buffer())).as("other sid").isEqualTo(Verdict.NO_MATCH);
        FlowDriver g = udp();
        g.up(clientReset(7));
        assertThat(g.down(build().u8(9 << 3).random(60, 2).buffer())).as("data, not a reset").isEqualTo(Verdict.NO_MATCH);
        FlowDriver h = udp();
        assertThat(h.up(build().u8((7 << 3) | 1).u32(1).u32(2).u8(0).u32(0).buffer())).as("key id 1")
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void overTcpTheLengthPrefixIsSkipped() {
        FlowDriver f = tcpFlow();
        assertThat(f.up(tcp(clientReset(7)))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(tcp(serverReset()))).isEqualTo(Verdict.MATCH);
        assertThat(tcpFlow().up(clientReset(7))).as("no prefix over TCP").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void tcpMessagesSplitIntoTinySegmentsStillMatch() {
        ByteBuffer whole = tcp(clientReset(7));
        FlowDriver f = tcpFlow();
        assertThat(f.up(TunnelPayloads.truncate(whole, 9))).isEqualTo(Verdict.NEED_MORE);
        ByteBuffer rest = ByteBuffer.wrap(java.util.Arrays.copyOfRange(whole.array(), 9, whole.limit()));
        assertThat(f.up(rest)).as("continuation is not parsed").isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(tcp(clientReset(7)))).as("retransmitted reset on a boundary").isEqualTo(Verdict.MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        assertThat(udp().up(TunnelPayloads.dnsQuery(1, "www.example.com", 1))).isEqualTo(Verdict.NO_MATCH);
        assertThat(udp().up(TunnelPayloads.random(120, 3))).isNotEqualTo(Verdict.MATCH);
        assertThat(tcpFlow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(tcpFlow().up(TunnelPayloads.clientHello("a.example", java.util.List.of(), true)))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedResetDoesNotMatchOrThrow() {
        for (int n = 0; n < 14; n++) {
            assertThat(udp().up(TunnelPayloads.truncate(clientReset(7), n))).isEqualTo(Verdict.NO_MATCH);
        }
        for (int n = 0; n < 3; n++) {
            assertThat(tcpFlow().up(TunnelPayloads.truncate(tcp(clientReset(7)), n))).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesOpenVpnWithTheWrapping() {
        Classification c = new EngineRun(IpProtocol.UDP, 50000, 1194).up(clientReset(7)).down(serverReset())
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.OPENVPN);
        assertThat(c.metadata().get(MetadataKey.NOTE)).contains("OpenVPN over UDP");
        Classification t = new EngineRun(IpProtocol.TCP, 50000, 443).up(tcp(clientReset(7))).down(tcp(serverReset()))
                .result().orElseThrow();
        assertThat(t.protocol()).isEqualTo(Protocol.OPENVPN);
    }

    @Test
    void describeTellsPlainFromWrappedControlChannel() {
        FlowDriver plain = udp();
        plain.up(clientReset(7));
        assertThat(describe(plain)).containsExactly("OpenVPN over UDP", "control channel without tls-auth/tls-crypt");
        FlowDriver wrapped = udp();
        // tls-auth: sid, 20-byte HMAC, packet id 1, time, ack count 0, message packet id 0 = 42 bytes.
        wrapped.up(build().u8(7 << 3).u32(CLIENT_SID_HIGH).u32(CLIENT_SID_LOW).random(20, 5).u32(1).u32(0x57a1c15fL)
                .u8(0).u32(0).buffer());
        assertThat(describe(wrapped)).containsExactly("OpenVPN over UDP", "control channel wrapped (tls-auth or tls-crypt)");
    }

    private static java.util.List<String> describe(FlowDriver f) {
        io.peerwatch.signatures.Metadata m = new io.peerwatch.signatures.Metadata(
                io.peerwatch.signatures.DetectionConfig.defaults());
        assertThat(f.down(serverReset())).isEqualTo(Verdict.MATCH);
        OpenVpnSignature.INSTANCE.describe(serverReset(), Direction.SERVER_TO_CLIENT, f.scratch(), m);
        return m.get(MetadataKey.NOTE);
    }
}
