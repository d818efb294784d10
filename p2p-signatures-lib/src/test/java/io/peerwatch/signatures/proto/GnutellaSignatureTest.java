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
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Gnutella over TCP. Vectors built from the Gnutella 0.6 RFC draft (handshake section 2.1,
 * descriptors 2.2, GIV 4.2), HUGE ({@code /uri-res/N2R}) and the GWebCache specification; the
 * deflated-stream test follows the draft's {@code Content-Encoding: deflate} negotiation.
 */
class GnutellaSignatureTest {

    static final String CONNECT = "GNUTELLA CONNECT/0.6\r\nUser-Agent: LimeWire/4.18.8\r\nX-Ultrapeer: False\r\n"
            + "Accept-Encoding: deflate\r\n\r\n";
    static final String OK_DEFLATE = "GNUTELLA/0.6 200 OK\r\nUser-Agent: BearShare 5.2.5\r\nX-Ultrapeer: True\r\n"
            + "Content-Encoding: deflate\r\n\r\n";
    static final String CLIENT_OK_DEFLATE = "GNUTELLA/0.6 200 OK\r\nContent-Encoding: deflate\r\n\r\n";

    private final SigHarness h = SigHarness.tcp(GnutellaSignature.INSTANCE);

    /** A descriptor: 16-byte GUID, payload type, TTL, hops, little-endian payload length, payload. */
    static byte[] descriptor(int type, int ttl, int hops, byte[] payload) {
        return buf().fill(8, 0x11).u8(0xff).fill(6, 0x22).u8(0).u8(type, ttl, hops).le32(payload.length)
                .bytes(payload).array();
    }

    static byte[] query(String criteria) {
        return descriptor(0x80, 3, 1, buf().le16(0).utf8(criteria).u8(0).array());
    }

    static byte[] queryHit(String... names) {
        LegacyP2pPayloads.Buf p = buf().u8(names.length).le16(6346).u8(192, 0, 2, 7).le32(1000);
        int index = 1;
        for (String n : names) {
            p.le32(index++).le32(4_000_000).utf8(n).u8(0).ascii("urn:sha1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").u8(0);
        }
        p.ascii("LIME").u8(2, 0x1c, 0x19).fill(16, 0x33);
        return descriptor(0x81, 5, 2, p.array());
    }

    @Test
    void handshakesMatchOnTheFirstPacket() {
        assertThat(h.c2s(ascii(CONNECT))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE).c2s(ascii("GNUTELLA CONNECT/0.4\n\n"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE).s2c(ascii("GNUTELLA/0.6 503 Busy\r\n\r\n")))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE).s2c(ascii("GNUTELLA OK\n\n"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void givNeedsIndexGuidAndName() {
        assertThat(h.c2s(ascii("GIV 12:0123456789abcdef0123456789ABCDEF/song.mp3\n\n"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE).c2s(ascii("GIV 12:0123456789/song.mp3\n\n")))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE).c2s(ascii("GIVE 12\r\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void gnutellaHttpRequestsMatch() {
        assertThat(h.c2s(ascii("GET /get/12/song.mp3 HTTP/1.1\r\nHost: x\r\n\r\n"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE)
                .c2s(ascii("GET /uri-res/N2R?urn:sha1:PLSTHIPQGSSZTS5FJUPAKUZWUGYQYPFB HTTP/1.1\r\n\r\n")))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE)
                .c2s(ascii("GET /files/a.mp3 HTTP/1.1\r\nHost: x\r\nX-Queue: 0.1\r\n\r\n"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE)
                .s2c(ascii("HTTP/1.1 200 OK\r\nX-Gnutella-Content-URN: urn:sha1:X\r\n\r\n"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void gWebCacheRequestsNeedClientAndCommand() {
        assertThat(h.c2s(ascii("GET /gwc/cgi-bin/gcache.cgi?client=GTKG&version=1.2.2&hostfile=1 HTTP/1.1\r\n\r\n")))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE)
                .c2s(ascii("GET /skulls.php?get=1&net=gnutella2&client=SHLN&version=2.7 HTTP/1.0\r\n\r\n")))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE)
                .c2s(ascii("GET /app?client=web&forget=1 HTTP/1.1\r\n\r\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), LegacyP2pPayloads.httpResponse(),
            LegacyP2pPayloads.tlsClientHello("example.com", "h2"), LegacyP2pPayloads.sshBanner(),
            LegacyP2pPayloads.random(600, 1), LegacyP2pPayloads.dnsQuery()}) {
            assertThat(SigHarness.tcp(GnutellaSignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void truncatedPayloadsNeverThrowAndShortPrefixesDoNotMatch() {
        ByteBuffer connect = ascii(CONNECT);
        assertThat(SigHarness.prefixMatches(GnutellaSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, connect))
                .as("only prefixes holding the whole 'GNUTELLA CONNECT/' match")
                .isEqualTo(connect.limit() - "GNUTELLA CONNECT/".length());
        ByteBuffer giv = ascii("GIV 12:0123456789abcdef0123456789ABCDEF/song.mp3\n\n");
        assertThat(SigHarness.prefixMatches(GnutellaSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, giv))
                .isEqualTo(giv.limit() - "GIV 12:0123456789abcdef0123456789ABCDEF/".length());
    }

    @Test
    void describeReadsClientFileNameAndNick() {
        Metadata m = h.describe(Direction.CLIENT_TO_SERVER,
                ascii("GET /get/7/confidential%20report.pdf HTTP/1.1\r\nUser-Agent: Shareaza 2.7.10.2\r\n\r\n"));
        assertThat(m.get(MetadataKey.FILE_NAME)).containsExactly("confidential report.pdf");
        assertThat(m.get(MetadataKey.CLIENT)).containsExactly("Shareaza 2.7.10.2");
        Metadata r = h.describe(Direction.SERVER_TO_CLIENT,
                ascii("HTTP/1.1 206 OK\r\nServer: Shareaza 2.7.10.2\r\nX-Nick: Gan%20Dragon\r\n\r\n"));
        assertThat(r.get(MetadataKey.NICK)).containsExactly("Gan Dragon");
    }

    @Test
    void engineReadsSearchesAndHitsFromTheDeflatedStream() {
        byte[] clientStream = LegacyP2pPayloads.deflate(query("confidential report"), true);
        byte[] serverStream = LegacyP2pPayloads.deflate(queryHit("clock.avi", "resume.doc"), true);
        Classification c = SigHarness.classify(IpProtocol.TCP, 50000, 6346,
                Pkt.c2s(ascii(CONNECT)),
                Pkt.s2c(ascii(OK_DEFLATE)),
                Pkt.c2s(buf().ascii(CLIENT_OK_DEFLATE).bytes(clientStream).buffer()),
                Pkt.s2c(ByteBuffer.wrap(serverStream))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.GNUTELLA);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.SEARCH)).containsExactly("confidential report");
        assertThat(c.metadata().get(MetadataKey.FILE_NAME)).containsExactly("clock.avi", "resume.doc");
        assertThat(c.metadata().get(MetadataKey.CLIENT)).contains("LimeWire/4.18.8", "BearShare 5.2.5");
    }

    @Test
    void plainStreamDescriptorsSpanningPacketsAreReassembled() {
        byte[] q = query("quarterly policy");
        int cut = 10;
        Classification c = SigHarness.classify(IpProtocol.TCP, 50000, 6346,
                Pkt.c2s(ascii("GNUTELLA CONNECT/0.6\r\nUser-Agent: X\r\n\r\n")),
                Pkt.s2c(ascii("GNUTELLA/0.6 200 OK\r\n\r\n")),
                Pkt.c2s(buf().ascii("GNUTELLA/0.6 200 OK\r\n\r\n").bytes(java.util.Arrays.copyOf(q, cut)).buffer()),
                Pkt.c2s(ByteBuffer.wrap(java.util.Arrays.copyOfRange(q, cut, q.length)))).orElseThrow();
        assertThat(c.metadata().get(MetadataKey.SEARCH)).containsExactly("quarterly policy");
    }

    @Test
    void corruptDeflateStreamStopsQuietly() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 50000, 6346,
                Pkt.c2s(ascii(CONNECT)),
                Pkt.s2c(ascii(OK_DEFLATE)),
                Pkt.s2c(LegacyP2pPayloads.random(300, 7)),
                Pkt.s2c(ByteBuffer.wrap("more".getBytes(StandardCharsets.US_ASCII)))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.GNUTELLA);
        assertThat(c.metadata()).doesNotContainKey(MetadataKey.SEARCH);
    }
}
