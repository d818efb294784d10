package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WireGuardSignatureTest {

    private static final long INITIATOR = 0x30d037d8L;
    private static final long RESPONDER = 0xab7df406L;

    /** Handshake initiation: type 1, reserved, sender, 32+48+28+16+16 bytes = 148. */
    private static ByteBuffer initiation() {
        return build().u8(1, 0, 0, 0).u32le(INITIATOR).random(140, 1).buffer();
    }

    /** Handshake response: type 2, reserved, sender, receiver, 32+16+16+16 bytes = 92. */
    private static ByteBuffer response(long receiver) {
        return build().u8(2, 0, 0, 0).u32le(RESPONDER).u32le(receiver).random(80, 2).buffer();
    }

    /** Transport data: type 4, reserved, receiver, counter, ciphertext + tag. */
    private static ByteBuffer data(long receiver, long counter, int blocks) {
        return build().u8(4, 0, 0, 0).u32le(receiver).u32le(counter).u32le(0).random(16 * blocks, counter).buffer();
    }

    private static FlowDriver flow() {
        return new FlowDriver(WireGuardSignature.INSTANCE, IpProtocol.UDP, 43462, 51820);
    }

    @Test
    void handshakeWithMatchingIndicesMatches() {
        FlowDriver f = flow();
        assertThat(f.up(initiation())).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(response(INITIATOR))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void cookieReplyAndRetriedInitiationMatch() {
        FlowDriver f = flow();
        f.up(initiation());
        assertThat(f.down(build().u8(3, 0, 0, 0).u32le(INITIATOR).random(56, 3).buffer())).isEqualTo(Verdict.MATCH);
        FlowDriver g = flow();
        g.up(initiation());
        assertThat(g.up(initiation())).isEqualTo(Verdict.MATCH);
    }

    @Test
    void responseNamingAnotherIndexRulesOut() {
        FlowDriver f = flow();
        f.up(initiation());
        assertThat(f.down(response(0x12345678L))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void transportDataWithStableIndicesMatches() {
        FlowDriver f = flow();
        assertThat(f.down(data(INITIATOR, 0, 2))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(data(RESPONDER, 0, 4))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(data(INITIATOR, 1, 1))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(data(RESPONDER, 1, 6))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void oneWayTransportNeedsMorePackets() {
        FlowDriver f = flow();
        for (int i = 0; i < SignatureConfig.DEFAULT_WIREGUARD_ONE_WAY_TRANSPORT - 1; i++) {
            assertThat(f.up(data(RESPONDER, i, 3))).isEqualTo(Verdict.NEED_MORE);
        }
        assertThat(f.up(data(RESPONDER, 9, 3))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void configuredOneWayThresholdIsUsed() {
        SignatureConfig two = SignatureConfig.builder().wireGuardOneWayTransport(2).build();
        WireGuardSignature sig = (WireGuardSignature) io.peerwatch.signatures.SignatureRegistry.builtin(two).signatures()
                .stream().filter(x -> x instanceof WireGuardSignature).findFirst().orElseThrow();
        FlowDriver f = new FlowDriver(sig, IpProtocol.UDP, 43462, 51820);
        assertThat(f.up(data(RESPONDER, 0, 3))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(data(RESPONDER, 1, 3))).as("two packets suffice when configured").isEqualTo(Verdict.MATCH);
        assertThat(io.peerwatch.signatures.SignatureRegistry.builtin(SignatureConfig.defaults()))
                .isSameAs(io.peerwatch.signatures.SignatureRegistry.defaults());
    }

    @Test
    void changingIndexOrBadShapesRuleOut() {
        FlowDriver f = flow();
        f.up(data(RESPONDER, 0, 2));
        assertThat(f.up(data(0x1111L, 1, 2))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(1, 0, 0, 0).random(145, 1).buffer())).as("149 bytes").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(1, 0, 1, 0).random(144, 1).buffer())).as("reserved").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(4, 0, 0, 0).random(29, 1).buffer())).as("33 bytes").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(5, 0, 0, 0).random(60, 1).buffer())).as("type 5").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        assertThat(flow().up(TunnelPayloads.dnsQuery(4, "www.example.com", 1))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.random(148, 5))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedMessagesDoNotMatch() {
        for (int n = 0; n < 148; n++) {
            FlowDriver f = flow();
            f.up(initiation());
            assertThat(f.down(TunnelPayloads.truncate(response(INITIATOR), Math.min(n, 91)))).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesWireGuard() {
        Classification c = new EngineRun(IpProtocol.UDP, 43462, 51820).up(initiation()).down(response(INITIATOR))
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.WIREGUARD);
        assertThat(c.packetsToVerdict()).isEqualTo(2);
    }
}
