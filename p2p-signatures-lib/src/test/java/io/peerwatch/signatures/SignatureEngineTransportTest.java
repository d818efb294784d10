package io.peerwatch.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A signature that never sees a flow's transport must not hold back a lower-priority verdict. */
class SignatureEngineTransportTest {

    @Test
    void tcpOnlySignatureListedFirstDoesNotDelayAUdpVerdict() {
        SignatureRegistry r = SignatureRegistry.builder()
                .add(new FixedVerdictSignature(SignatureId.BITTORRENT_PEER_WIRE, Selection.TCP, Verdict.NEED_MORE))
                .add(new FixedVerdictSignature(SignatureId.BITTORRENT_DHT, Selection.UDP, Verdict.MATCH))
                .build();
        SignatureEngine e = new SignatureEngine(r, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.UDP, 6881, 6881);
        e.inspect(s, ByteBuffer.wrap(new byte[] {'d'}), Direction.CLIENT_TO_SERVER);
        assertThat(e.isFinal(s)).isTrue();
        assertThat(e.result(s).orElseThrow().signature()).isEqualTo(SignatureId.BITTORRENT_DHT);
        assertThat(e.result(s).orElseThrow().packetsToVerdict()).isEqualTo(1);
    }

    @Test
    void sameTransportSignatureStillHoldsTheVerdict() {
        SignatureRegistry r = SignatureRegistry.builder()
                .add(new FixedVerdictSignature(SignatureId.BITTORRENT_UTP, Selection.UDP, Verdict.NEED_MORE))
                .add(new FixedVerdictSignature(SignatureId.BITTORRENT_DHT, Selection.UDP, Verdict.MATCH))
                .build();
        SignatureEngine e = new SignatureEngine(r, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        e.begin(s, IpProtocol.UDP, 6881, 6881);
        e.inspect(s, ByteBuffer.wrap(new byte[] {'d'}), Direction.CLIENT_TO_SERVER);
        assertThat(e.isFinal(s)).isFalse();
    }
}
