package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.BitTorrentPayloads.ascii;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.c2s;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.classifyTcp;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.random;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.s2c;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BitTorrentMseSignatureTest {

    private static final BitTorrentMseSignature SIG = BitTorrentMseSignature.INSTANCE;
    /** Ya + 54 bytes of PadA, Yb + 104 bytes of PadB, then step 3 with IA = a 68-byte handshake. */
    private static final byte[] KEY_A = random(10, 150);
    private static final byte[] KEY_B = random(11, 200);
    private static final byte[] STEP3 = random(12, 124);

    @Test
    void keyExchangeThenClientMessageMatches() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.c2s(KEY_A)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(KEY_B)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(STEP3)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void retransmissionsAndSegmentedKeysAreTolerated() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.c2s(KEY_A)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(KEY_A)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(Arrays.copyOf(KEY_B, 84))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(Arrays.copyOfRange(KEY_B, 84, 200))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(KEY_A)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(STEP3)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void sizesOutsideTheKeyWindowDoNotMatch() {
        var tooLong = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(tooLong.c2s(random(13, 700))).isEqualTo(Verdict.NO_MATCH);
        var tooShort = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(tooShort.c2s(random(13, 60))).isEqualTo(Verdict.NO_MATCH);
        // a shadowsocks-like exchange: the server's answer runs past 608 bytes
        var bigAnswer = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(bigAnswer.c2s(random(14, 206))).isEqualTo(Verdict.NEED_MORE);
        assertThat(bigAnswer.s2c(random(15, 270))).isEqualTo(Verdict.NEED_MORE);
        assertThat(bigAnswer.s2c(random(16, 1448))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void wrongDirectionPatternsDoNotMatch() {
        var serverFirst = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(serverFirst.s2c(KEY_B)).isEqualTo(Verdict.NO_MATCH);
        var clientTalksOn = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(clientTalksOn.c2s(random(17, 400))).isEqualTo(Verdict.NEED_MORE);
        assertThat(clientTalksOn.c2s(random(18, 400))).isEqualTo(Verdict.NO_MATCH);
        var textAnswer = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(textAnswer.c2s(KEY_A)).isEqualTo(Verdict.NEED_MORE);
        assertThat(textAnswer.s2c(ascii("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void unansweredKeyStaysUndecided() {
        assertThat(classifyTcp(c2s(KEY_A), c2s(KEY_A), c2s(KEY_A))).isEmpty();
        assertThat(classifyTcp(c2s(KEY_A), s2c(KEY_B))).isEmpty();
    }

    @Test
    void truncatedKeyDoesNotMatch() {
        assertThat(BitTorrentPayloads.inspectOnce(SIG, IpProtocol.TCP, Arrays.copyOf(KEY_A, 50))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (byte[] other : BitTorrentPayloads.otherProtocols()) {
            var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
            Verdict first = flow.c2s(other);
            Verdict second = first == Verdict.NEED_MORE ? flow.s2c(BitTorrentPayloads.httpGet()) : first;
            assertThat(second).as("%d-byte payload", other.length).isEqualTo(Verdict.NO_MATCH);
        }
        // TLS ClientHello padded to the key window: random-looking, but a TLS record
        byte[] hello = Arrays.copyOf(BitTorrentPayloads.tlsClientHello(), 300);
        assertThat(BitTorrentPayloads.inspectOnce(SIG, IpProtocol.TCP, hello)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void engineNamesEncryptedBitTorrentByBehaviour() {
        Classification c = classifyTcp(c2s(KEY_A), s2c(KEY_B), c2s(STEP3)).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.BITTORRENT_MSE);
        assertThat(c.kind()).isEqualTo(ConfidenceKind.BEHAVIOUR);
        assertThat(c.confidence()).isLessThan(ConfidenceKind.PAYLOAD.defaultConfidence());
        assertThat(c.packetsToVerdict()).isEqualTo(3);
        assertThat(c.first(MetadataKey.NOTE)).contains("150 random bytes").contains("200 random bytes");
    }
}
