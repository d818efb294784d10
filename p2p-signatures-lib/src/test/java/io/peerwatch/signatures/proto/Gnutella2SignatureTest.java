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
 * Gnutella2. Handshake vectors follow the G2 "Connection Handshake" page (Accept / Content-Type
 * application/x-gnutella2); UDP vectors the "UDP Transceiver" header ("GND", flags, sequence,
 * part, count) and "Packet Structure" control byte, with a /Q2 query holding a /DN child as
 * described on the G2 "Q2" page.
 */
class Gnutella2SignatureTest {

    static final String CONNECT_G2 = "GNUTELLA CONNECT/0.6\r\nUser-Agent: Shareaza 2.7.10.2\r\n"
            + "Accept: application/x-gnutella2\r\nX-Ultrapeer: False\r\n\r\n";
    static final String OK_G2 = "GNUTELLA/0.6 200 OK\r\nUser-Agent: Shareaza 2.7.10.2\r\n"
            + "Content-Type: application/x-gnutella2\r\nX-Ultrapeer: True\r\n\r\n";

    /** A G2 packet with a 1-byte little-endian length: control byte, length, name, body. */
    static byte[] packet(String name, boolean compound, byte[] body) {
        int control = (1 << 6) | ((name.length() - 1) << 3) | (compound ? 0x04 : 0);
        return buf().u8(control).u8(body.length).ascii(name).bytes(body).array();
    }

    /** /Q2 with a /UDP return address and /DN descriptive name, then the 16-byte GUID payload. */
    static byte[] q2(String search) {
        byte[] children = buf().bytes(packet("UDP", false, buf().u8(192, 0, 2, 9).le16(6346).array()))
                .bytes(packet("DN", false, search.getBytes(java.nio.charset.StandardCharsets.UTF_8))).u8(0).array();
        return packet("Q2", true, buf().bytes(children).fill(16, 0x5a).array());
    }

    static ByteBuffer gnd(int flags, int part, int count, byte[] body) {
        return buf().ascii("GND").u8(flags).le16(0x1234).u8(part, count).bytes(body).buffer();
    }

    @Test
    void handshakeOfferingG2WaitsForTheAnswer() {
        SigHarness h = SigHarness.tcp(Gnutella2Signature.INSTANCE);
        assertThat(h.c2s(ascii(CONNECT_G2))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.s2c(ascii(OK_G2))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void gnutellaOnlyAnswerEndsG2() {
        SigHarness h = SigHarness.tcp(Gnutella2Signature.INSTANCE);
        assertThat(h.c2s(ascii(CONNECT_G2))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.s2c(ascii("GNUTELLA/0.6 200 OK\r\nUser-Agent: LimeWire\r\n\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(Gnutella2Signature.INSTANCE).c2s(ascii(GnutellaSignatureTest.CONNECT)))
                .as("complete header block without the G2 type").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void headerBlockSplitAcrossSegmentsIsFollowed() {
        SigHarness h = SigHarness.tcp(Gnutella2Signature.INSTANCE);
        assertThat(h.c2s(ascii("GNUTELLA CONNECT/0.6\r\nUser-Agent: Shareaza 2.7\r\n"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.c2s(ascii("Accept: application/x-gnutella2\r\n\r\n"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.s2c(ascii(OK_G2))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void udpDatagramsMatchWithConsistentHeaderAndPacket() {
        assertThat(SigHarness.udp(Gnutella2Signature.INSTANCE).c2s(gnd(0, 1, 1, q2("pink floyd"))))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(Gnutella2Signature.INSTANCE).c2s(gnd(0x02, 1, 0, new byte[0])))
                .as("acknowledgement").isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(Gnutella2Signature.INSTANCE).c2s(gnd(0, 2, 1, q2("x"))))
                .as("part beyond count").isEqualTo(Verdict.NO_MATCH);
        byte[] bad = q2("x");
        bad[1]++;
        assertThat(SigHarness.udp(Gnutella2Signature.INSTANCE).c2s(gnd(0, 1, 1, bad)))
                .as("packet length disagrees with the datagram").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        assertThat(SigHarness.udp(Gnutella2Signature.INSTANCE).c2s(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(Gnutella2Signature.INSTANCE).c2s(LegacyP2pPayloads.random(80, 3))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(Gnutella2Signature.INSTANCE).c2s(LegacyP2pPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(Gnutella2Signature.INSTANCE).c2s(LegacyP2pPayloads.tlsClientHello("a.example")))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedDatagramsDoNotMatch() {
        ByteBuffer full = gnd(0, 1, 1, q2("pink floyd"));
        assertThat(SigHarness.prefixMatches(Gnutella2Signature.INSTANCE, IpProtocol.UDP, Direction.CLIENT_TO_SERVER, full))
                .isZero();
    }

    @Test
    void describeReadsSearchFromPlainAndDeflatedQueries() {
        SigHarness h = SigHarness.udp(Gnutella2Signature.INSTANCE);
        Metadata m = h.describe(Direction.CLIENT_TO_SERVER, gnd(0, 1, 1, q2("pink floyd")),
                gnd(0x01, 1, 1, LegacyP2pPayloads.deflate(q2("resume confidential"), true)));
        assertThat(m.get(MetadataKey.SEARCH)).containsExactly("pink floyd", "resume confidential");
    }

    @Test
    void engineLabelsG2HandshakeAndUdp() {
        Classification tcp = SigHarness.classify(IpProtocol.TCP, 50000, 6346,
                Pkt.c2s(ascii(CONNECT_G2)), Pkt.s2c(ascii(OK_G2))).orElseThrow();
        assertThat(tcp.signature()).isEqualTo(SignatureId.GNUTELLA2);
        assertThat(tcp.packetsToVerdict()).isEqualTo(2);
        assertThat(tcp.metadata().get(MetadataKey.CLIENT)).contains("Shareaza 2.7.10.2");
        Classification udp = SigHarness.classify(IpProtocol.UDP, 6346, 6346, Pkt.c2s(gnd(0, 1, 1, q2("abc"))))
                .orElseThrow();
        assertThat(udp.signature()).isEqualTo(SignatureId.GNUTELLA2);
        assertThat(udp.metadata().get(MetadataKey.SEARCH)).containsExactly("abc");
    }
}
