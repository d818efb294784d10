package io.peerwatch.signatures.proto;

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
 * OpenNap / Napster. No public capture exists; vectors are the examples of napster.txt
 * (http://opennap.sourceforge.net/napster.txt): {@code <length 2 LE><type 2 LE><data>}, login (2)
 * "foo badpass 6699 \"nap v0.8\" 3", search (200) "FILENAME CONTAINS \"Sneaker Pimps\" MAX_RESULTS 75",
 * share (100) with an MD5 and search result (201).
 */
class OpenNapSignatureTest {

    static ByteBuffer msg(int type, String data) {
        return buf().le16(data.length()).le16(type).ascii(data).buffer();
    }

    @Test
    void loginSearchAndShareMatch() {
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).c2s(msg(2, "foo badpass 6699 \"nap v0.8\" 3"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).c2s(msg(6, "foo foo 6699 \"nap v0.8\" 3 email@here.com")))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE)
                .c2s(msg(200, "FILENAME CONTAINS \"Sneaker Pimps\" MAX_RESULTS 75"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).c2s(msg(100,
                "\"generic band - generic song.mp3\" b92870e0d41bc8e698cf2f0a1ddfeac7 443332 128 44100 60"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void malformedMessagesDoNotMatch() {
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).c2s(msg(2, "foo badpass port \"nap\" 3"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).c2s(msg(2, "foo badpass 6699 \"nap v0.8\" 42"))).as("link type")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).c2s(msg(0, "error"))).isEqualTo(Verdict.NO_MATCH);
        ByteBuffer longer = buf().le16(100).le16(2).ascii("foo badpass 6699 \"nap v0.8\" 3").buffer();
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).c2s(longer)).as("length beyond packet").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).s2c(msg(2, "foo badpass 6699 \"nap v0.8\" 3"))).as("from server")
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), LegacyP2pPayloads.tlsClientHello("a.example"),
            LegacyP2pPayloads.random(80, 33), SoulseekSignatureTest.login()}) {
            assertThat(SigHarness.tcp(OpenNapSignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void truncatedLoginsDoNotMatch() {
        ByteBuffer login = msg(2, "foo badpass 6699 \"nap v0.8\" 3");
        assertThat(SigHarness.prefixMatches(OpenNapSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, login)).isZero();
    }

    @Test
    void describeReadsLoginSearchAndFiles() {
        SigHarness h = SigHarness.tcp(OpenNapSignature.INSTANCE);
        Metadata c = h.describe(Direction.CLIENT_TO_SERVER, msg(2, "foo badpass 6699 \"nap v0.8\" 3"),
                msg(200, "FILENAME CONTAINS \"Sneaker Pimps\" MAX_RESULTS 75 FILENAME CONTAINS \"tesko suicide\""));
        assertThat(c.get(MetadataKey.NICK)).containsExactly("foo");
        assertThat(c.get(MetadataKey.CLIENT)).containsExactly("nap v0.8");
        assertThat(c.get(MetadataKey.SEARCH)).containsExactly("Sneaker Pimps tesko suicide");
        Metadata s = h.describe(Direction.SERVER_TO_CLIENT, msg(201,
                "\"random band - random song.mp3\" 7d733c1e7419674744768db71bff8bcd 2558199 128 44100 159 lefty 3437166285 4"));
        assertThat(s.get(MetadataKey.FILE_NAME)).containsExactly("random band - random song.mp3");
    }

    @Test
    void engineLabelsLogin() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 51000, 8888,
                Pkt.c2s(msg(2, "foo badpass 6699 \"nap v0.8\" 3")), Pkt.s2c(msg(3, "anon@napster.com"))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.OPENNAP);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
    }
}
