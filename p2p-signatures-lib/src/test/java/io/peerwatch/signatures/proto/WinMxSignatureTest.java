package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.LegacyP2pPayloads.ascii;
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
 * WinMX / Napster-style transfers. No public capture exists; vectors follow napster.txt section 5
 * ("Client-Client Protocol"): the accepting side sends '1', the downloader sends "GET" in its own
 * packet and then {@code <mynick> "<filename>" <offset>}; a firewalled uploader sends "SEND" then
 * {@code <mynick> "<filename>" <size>}.
 */
class WinMxSignatureTest {

    static final String REQUEST = "alice \"C:\\Shared\\clock.avi\" 0";

    @Test
    void acceptByteThenCommandMatches() {
        SigHarness h = SigHarness.tcp(WinMxSignature.INSTANCE);
        assertThat(h.s2c(ascii("1"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.c2s(ascii("GET"))).isEqualTo(Verdict.MATCH);
        SigHarness browse = SigHarness.tcp(WinMxSignature.INSTANCE);
        assertThat(browse.s2c(ascii("1"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(browse.c2s(ascii("GETLIST"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void commandThenRequestLineMatches() {
        SigHarness h = SigHarness.tcp(WinMxSignature.INSTANCE);
        assertThat(h.c2s(ascii("SEND"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.c2s(ascii("bob \"song.mp3\" 4194304"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(WinMxSignature.INSTANCE).c2s(ascii("GET" + REQUEST))).as("coalesced").isEqualTo(Verdict.MATCH);
    }

    @Test
    void malformedRequestsDoNotMatch() {
        SigHarness h = SigHarness.tcp(WinMxSignature.INSTANCE);
        assertThat(h.c2s(ascii("GET"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.c2s(ascii("alice song.mp3 0"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(WinMxSignature.INSTANCE).c2s(ascii("GETalice \"x\" 12a"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(WinMxSignature.INSTANCE).s2c(ascii("11"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), ascii("GET / HTTP/1.0\r\n\r\n"),
            LegacyP2pPayloads.tlsClientHello("a.example"), LegacyP2pPayloads.random(64, 21)}) {
            assertThat(SigHarness.tcp(WinMxSignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
        assertThat(SigHarness.tcp(WinMxSignature.INSTANCE).s2c(LegacyP2pPayloads.sshBanner())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedRequestsDoNotMatch() {
        ByteBuffer full = ascii("GET" + REQUEST + "123");
        int matches = SigHarness.prefixMatches(WinMxSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, full);
        assertThat(matches).as("only prefixes that keep at least one offset digit").isEqualTo(3);
    }

    @Test
    void describeReadsNickAndFileName() {
        Metadata m = SigHarness.tcp(WinMxSignature.INSTANCE).describe(Direction.CLIENT_TO_SERVER, ascii(REQUEST));
        assertThat(m.get(MetadataKey.NICK)).containsExactly("alice");
        assertThat(m.get(MetadataKey.FILE_NAME)).containsExactly("C:\\Shared\\clock.avi");
    }

    @Test
    void engineLabelsTransfer() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 51000, 6699,
                Pkt.s2c(ascii("1")), Pkt.c2s(ascii("GET")), Pkt.c2s(ascii(REQUEST))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.WINMX);
        assertThat(c.packetsToVerdict()).isEqualTo(2);
        assertThat(c.metadata().get(MetadataKey.FILE_NAME)).containsExactly("C:\\Shared\\clock.avi");
    }
}
