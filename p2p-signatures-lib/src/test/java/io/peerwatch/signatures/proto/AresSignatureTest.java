package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.LegacyP2pPayloads.ascii;
import static io.peerwatch.signatures.proto.LegacyP2pPayloads.buf;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.signatures.proto.SigHarness.Pkt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Ares. No public capture exists; the pre-login vector is Ares Galaxy's {@code STR_NEW_PRELOGIN}
 * ({@code 03 00 5A 06 06 05}: length 3, MSG_CLIENT_FIRST_LOG, two no-crypt markers, newstack
 * marker) and the older variant {@code 03 00 5a 04 03 05} quoted by ipp2p; the HTTP vector carries
 * the X-B6MI / X-MyLIP / X-My-Nick headers giFT-Ares's uploader writes.
 */
class AresSignatureTest {

    static ByteBuffer prelogin() {
        return buf().u8(0x03, 0x00, 0x5a, 0x06, 0x06, 0x05).buffer();
    }

    static final String UPLOAD_REPLY = "HTTP/1.1 206 OK\r\nContent-Range: bytes 0-99/100\r\nContent-Length: 100\r\n"
            + "Server: libares/0.1\r\nX-B6MI: aGVsbG8gd29ybGQ=\r\nX-MyLIP: C0A80002\r\nX-My-Nick: carol\r\n\r\n";

    @Test
    void preloginAndHttpMatch() {
        assertThat(SigHarness.tcp(AresSignature.INSTANCE).c2s(prelogin())).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(AresSignature.INSTANCE).c2s(buf().u8(0x03, 0x00, 0x5a, 0x04, 0x03, 0x05).buffer()))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(AresSignature.INSTANCE).s2c(ascii(UPLOAD_REPLY))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void nearMissesDoNotMatch() {
        assertThat(SigHarness.tcp(AresSignature.INSTANCE).c2s(buf().u8(0x03, 0x00, 0x5a, 0x06, 0x06, 0x04).buffer()))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(AresSignature.INSTANCE).c2s(buf().u8(0x03, 0x00, 0x5a, 0x06, 0x06, 0x05, 0x00).buffer()))
                .as("length").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(AresSignature.INSTANCE).s2c(prelogin())).as("from server").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), LegacyP2pPayloads.httpResponse(),
            LegacyP2pPayloads.tlsClientHello("a.example"), LegacyP2pPayloads.random(6, 17), LegacyP2pPayloads.sshBanner()}) {
            assertThat(SigHarness.tcp(AresSignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void truncatedPayloadsDoNotMatch() {
        assertThat(SigHarness.prefixMatches(AresSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, prelogin())).isZero();
        ByteBuffer reply = ascii(UPLOAD_REPLY);
        int firstHeader = UPLOAD_REPLY.indexOf("X-B6MI:") + "X-B6MI:".length();
        assertThat(SigHarness.prefixMatches(AresSignature.INSTANCE, IpProtocol.TCP, Direction.SERVER_TO_CLIENT, reply))
                .isEqualTo(reply.limit() - firstHeader);
    }

    @Test
    void describeReadsNickAndServer() {
        Metadata m = SigHarness.tcp(AresSignature.INSTANCE).describe(Direction.SERVER_TO_CLIENT, ascii(UPLOAD_REPLY));
        assertThat(m.get(MetadataKey.NICK)).containsExactly("carol");
        assertThat(m.get(MetadataKey.CLIENT)).containsExactly("libares/0.1");
    }

    @Test
    void engineLabelsPrelogin() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 51000, 45544, Pkt.c2s(prelogin())).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.ARES);
    }
}
