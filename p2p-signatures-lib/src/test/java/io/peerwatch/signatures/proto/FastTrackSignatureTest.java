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
 * FastTrack. No public capture exists; vectors follow giFT-FastTrack's HTTP transfer code (requests
 * {@code GET /.hash=<hex>}, replies with {@code X-Kazaa-Username}/{@code X-Kazaa-Network}/
 * {@code X-Kazaa-IP}) and its UDP discovery ({@code fst_udp_discover.c}: ping
 * {@code 0x27 <enc type 0x29 as 4 bytes big-endian> 0x80 "KaZaA\0"}, pong 0x28 with the same
 * network name after 10 bytes).
 */
class FastTrackSignatureTest {

    static final String HASH_GET = "GET /.hash=6c3a1a4a8d1b1f95a4e6b04c9d1c2a8f5b3e7d10 HTTP/1.1\r\nHost: 192.0.2.5:1214\r\n"
            + "UserAgent: KazaaClient Jan 25 2003 15:25:43\r\nX-Kazaa-Username: alice\r\nX-Kazaa-Network: KaZaA\r\n\r\n";

    static ByteBuffer udpPing() {
        return buf().u8(0x27).be32(0x29).u8(0x80).ascii("KaZaA").u8(0).buffer();
    }

    @Test
    void httpSideMatches() {
        assertThat(SigHarness.tcp(FastTrackSignature.INSTANCE).c2s(ascii(HASH_GET))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(FastTrackSignature.INSTANCE).c2s(ascii("GET /.files HTTP/1.0\r\n\r\n"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(FastTrackSignature.INSTANCE)
                .s2c(ascii("HTTP/1.1 200 OK\r\nX-Kazaa-Username: bob\r\nX-Kazaa-IP: 192.0.2.6:1214\r\n\r\n"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(FastTrackSignature.INSTANCE).c2s(ascii("GIVE 4242\r\n"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void udpDiscoveryMatches() {
        assertThat(SigHarness.udp(FastTrackSignature.INSTANCE).c2s(udpPing())).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(FastTrackSignature.INSTANCE)
                .s2c(buf().u8(0x28).be32(0x29).u8(0, 0x31).le32(7).ascii("KaZaA").u8(0).buffer())).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(FastTrackSignature.INSTANCE).c2s(buf().u8(0x27).be32(0x29).u8(0x80).ascii("KaZaA").buffer()))
                .as("name not NUL-terminated").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), LegacyP2pPayloads.httpResponse(),
            LegacyP2pPayloads.tlsClientHello("x.example"), ascii("GIVE me\r\n"), LegacyP2pPayloads.random(200, 12)}) {
            assertThat(SigHarness.tcp(FastTrackSignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
        assertThat(SigHarness.udp(FastTrackSignature.INSTANCE).c2s(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedPayloadsDoNotThrow() {
        ByteBuffer ping = udpPing();
        assertThat(SigHarness.prefixMatches(FastTrackSignature.INSTANCE, IpProtocol.UDP, Direction.CLIENT_TO_SERVER, ping)).isZero();
        ByteBuffer get = ascii(HASH_GET);
        assertThat(SigHarness.prefixMatches(FastTrackSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, get))
                .isEqualTo(get.limit() - "GET /.hash=".length());
    }

    @Test
    void describeReadsUserAndNetwork() {
        Metadata m = SigHarness.tcp(FastTrackSignature.INSTANCE).describe(Direction.CLIENT_TO_SERVER, ascii(HASH_GET));
        assertThat(m.get(MetadataKey.NICK)).containsExactly("alice");
        assertThat(m.get(MetadataKey.NOTE)).containsExactly("network KaZaA");
    }

    @Test
    void engineLabelsKazaaDownloadBeforeGnutellaAndHttp() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 51000, 1214, Pkt.c2s(ascii(HASH_GET))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.FASTTRACK);
    }
}
