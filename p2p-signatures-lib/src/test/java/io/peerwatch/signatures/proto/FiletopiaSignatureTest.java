package io.peerwatch.signatures.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.signatures.proto.SigHarness.Pkt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Filetopia by behaviour: random-looking first payloads in both directions of a TCP flow to the
 * port the source paper's firewall table gives Filetopia (5665). There is no public capture and
 * no published protocol; the vectors are random bytes standing for its encrypted traffic.
 */
class FiletopiaSignatureTest {

    static final int FILETOPIA_PORT = 5665;

    static SigHarness onFiletopiaPort() {
        return new SigHarness(FiletopiaSignature.INSTANCE, IpProtocol.TCP, 51000, FILETOPIA_PORT);
    }

    @Test
    void randomPayloadsBothWaysMatch() {
        SigHarness h = onFiletopiaPort();
        assertThat(h.c2s(LegacyP2pPayloads.random(120, 1))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.s2c(LegacyP2pPayloads.random(64, 2))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void otherPortsTextTlsAndSshDoNotMatch() {
        SigHarness elsewhere = new SigHarness(FiletopiaSignature.INSTANCE, IpProtocol.TCP, 51000, 5666);
        assertThat(elsewhere.c2s(LegacyP2pPayloads.random(120, 1))).isEqualTo(Verdict.NO_MATCH);
        assertThat(onFiletopiaPort().c2s(LegacyP2pPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(onFiletopiaPort().c2s(LegacyP2pPayloads.tlsClientHello("a.example"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(onFiletopiaPort().s2c(LegacyP2pPayloads.sshBanner())).isEqualTo(Verdict.NO_MATCH);
        assertThat(onFiletopiaPort().c2s(ByteBuffer.wrap(new byte[200]))).as("zero padding").isEqualTo(Verdict.NO_MATCH);
        assertThat(onFiletopiaPort().c2s(LegacyP2pPayloads.dnsQuery())).as("low-entropy binary").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void shortAndTruncatedPayloadsDoNotMatch() {
        assertThat(onFiletopiaPort().c2s(LegacyP2pPayloads.random(SignatureConfig.DEFAULT_FILETOPIA_MIN_PAYLOAD - 1, 5)))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.prefixMatches(FiletopiaSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER,
                LegacyP2pPayloads.random(80, 6))).as("one direction alone never matches").isZero();
    }

    @Test
    void engineReportsBehaviourConfidence() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 51000, FILETOPIA_PORT,
                Pkt.c2s(LegacyP2pPayloads.random(100, 7)), Pkt.s2c(LegacyP2pPayloads.random(100, 8))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.FILETOPIA);
        assertThat(c.kind()).isEqualTo(ConfidenceKind.BEHAVIOUR);
        assertThat(c.confidence()).isLessThan(ConfidenceKind.PAYLOAD.defaultConfidence());
    }
}
