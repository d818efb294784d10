package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.GnutellaSignatureTest.descriptor;
import static io.peerwatch.signatures.proto.LegacyP2pPayloads.buf;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.signatures.proto.SigHarness.Pkt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Gnutella descriptors as UDP datagrams, built from the Gnutella 0.6 RFC draft section 2.2 header
 * (GUID, payload type, TTL, hops, little-endian payload length) and payload layouts (ping with a
 * GGEP block starting 0xC3, pong 14 bytes, query with minimum speed and NUL-terminated criteria).
 */
class GnutellaUdpSignatureTest {

    static ByteBuffer datagram(byte[] descriptor) {
        return ByteBuffer.wrap(descriptor);
    }

    @Test
    void pingsPongsAndQueriesMatch() {
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE)
                .c2s(datagram(descriptor(0x00, 1, 0, buf().u8(0xc3, 0x82).ascii("SCP").u8(0x40).array()))))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE)
                .s2c(datagram(descriptor(0x01, 1, 0, buf().le16(6346).u8(192, 0, 2, 1).le32(10).le32(2048).array()))))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(datagram(GnutellaSignatureTest.query("pinkfloyd"))))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void inconsistentHeadersDoNotMatch() {
        byte[] ping = descriptor(0x00, 1, 0, new byte[0]);
        ping[19] = 5;
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(datagram(ping))).as("length").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(datagram(descriptor(0x00, 0, 0, new byte[0]))))
                .as("TTL 0").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(datagram(descriptor(0x00, 12, 9, new byte[0]))))
                .as("TTL + hops").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(datagram(descriptor(0x55, 1, 0, new byte[0]))))
                .as("type").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(datagram(descriptor(0x01, 1, 0, new byte[4]))))
                .as("pong too short").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(ByteBuffer.wrap(new byte[23])))
                .as("all zeros").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsAndRandomDatagramsDoNotMatch() {
        assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
        for (int seed = 0; seed < 2000; seed++) {
            assertThat(SigHarness.udp(GnutellaUdpSignature.INSTANCE).c2s(LegacyP2pPayloads.random(23 + seed % 200, seed)))
                    .isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void truncatedDatagramsDoNotMatch() {
        ByteBuffer q = datagram(GnutellaSignatureTest.query("pinkfloyd"));
        assertThat(SigHarness.prefixMatches(GnutellaUdpSignature.INSTANCE, IpProtocol.UDP, Direction.CLIENT_TO_SERVER, q))
                .isZero();
    }

    @Test
    void engineLabelsQueryAndReadsTheSearch() {
        Classification c = SigHarness.classify(IpProtocol.UDP, 28681, 6346,
                Pkt.c2s(datagram(GnutellaSignatureTest.query("clock.avi"))),
                Pkt.s2c(datagram(GnutellaSignatureTest.queryHit("clock.avi")))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.GNUTELLA_UDP);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.SEARCH)).containsExactly("clock.avi");
        assertThat(c.metadata().get(MetadataKey.FILE_NAME)).containsExactly("clock.avi");
    }
}
