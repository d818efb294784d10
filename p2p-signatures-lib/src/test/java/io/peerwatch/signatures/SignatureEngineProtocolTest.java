package io.peerwatch.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The two engine rules added with the tunnel signatures: a signature that never sees the
 * flow's IP protocol cannot hold back a lower-priority match, and a flow every signature
 * has ruled out is given up at once.
 */
class SignatureEngineProtocolTest {

    private static final ByteBuffer PAYLOAD = ByteBuffer.wrap(new byte[] {1, 2, 3});

    @Test
    void signatureForAnotherTransportDoesNotDelayTheVerdict() {
        SignatureRegistry registry = SignatureRegistry.builder()
                .add(new FixedVerdictSignature(SignatureId.HTTP_CONNECT, Selection.TCP, Verdict.NEED_MORE))
                .add(new FixedVerdictSignature(SignatureId.WIREGUARD, Selection.UDP, Verdict.MATCH))
                .build();
        SignatureEngine engine = new SignatureEngine(registry, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        engine.begin(s, IpProtocol.UDP, 40000, 51820);
        engine.inspect(s, PAYLOAD, Direction.CLIENT_TO_SERVER);
        assertThat(engine.isFinal(s)).isTrue();
        assertThat(engine.result(s)).map(Classification::signature).contains(SignatureId.WIREGUARD);
        assertThat(engine.result(s)).map(Classification::packetsToVerdict).contains(1);
    }

    @Test
    void sameTransportStillWaitsForHigherPriority() {
        SignatureRegistry registry = SignatureRegistry.builder()
                .add(new FixedVerdictSignature(SignatureId.HTTP_CONNECT, Selection.TCP, Verdict.NEED_MORE))
                .add(new FixedVerdictSignature(SignatureId.HTTP, Selection.TCP, Verdict.MATCH))
                .build();
        SignatureEngine engine = new SignatureEngine(registry, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        engine.begin(s, IpProtocol.TCP, 40000, 80);
        engine.inspect(s, PAYLOAD, Direction.CLIENT_TO_SERVER);
        assertThat(engine.isFinal(s)).isFalse();
    }

    @Test
    void flowEverySignatureRuledOutIsGivenUpAtOnce() {
        SignatureRegistry registry = SignatureRegistry.builder()
                .add(new FixedVerdictSignature(SignatureId.SSH, Selection.TCP, Verdict.NO_MATCH))
                .add(new FixedVerdictSignature(SignatureId.DNS, Selection.UDP, Verdict.MATCH))
                .build();
        SignatureEngine engine = new SignatureEngine(registry, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        engine.begin(s, IpProtocol.TCP, 40000, 22);
        assertThat(engine.inspect(s, PAYLOAD, Direction.CLIENT_TO_SERVER)).as("wants more packets").isFalse();
        assertThat(engine.isFinal(s)).isTrue();
        assertThat(engine.result(s)).isEmpty();
    }
}
