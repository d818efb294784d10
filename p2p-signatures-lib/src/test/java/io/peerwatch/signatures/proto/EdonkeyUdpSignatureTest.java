package io.peerwatch.signatures.proto;

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
 * eDonkey server UDP and eMule peer UDP datagrams {@code <proto><opcode><payload>} built from
 * eMule's {@code opcodes.h} layouts: global search 0x98 (search tree), status request 0x96
 * ({@code <challenge 4>}) and answer 0x97 ({@code <challenge 4><users 4><files 4>}), found sources
 * 0x9B ({@code <hash 16><count 1><count x (ip 4, port 2)>}), reask ping 0x90 and queue full 0x93.
 */
class EdonkeyUdpSignatureTest {

    static ByteBuffer udp(int proto, int op, byte[] body) {
        return buf().u8(proto, op).bytes(body).buffer();
    }

    @Test
    void strongDatagramsMatchAlone() {
        assertThat(SigHarness.udp(EdonkeyUdpSignature.INSTANCE)
                .c2s(udp(0xe3, 0x98, EdonkeySignatureTest.searchTree("linux", "iso")))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(EdonkeyUdpSignature.INSTANCE)
                .s2c(udp(0xe3, 0x9b, buf().fill(16, 7).u8(2).u8(10, 0, 0, 1).le16(4662).u8(10, 0, 0, 2).le16(4662).array())))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void weakDatagramsNeedAnAnswer() {
        SigHarness h = SigHarness.udp(EdonkeyUdpSignature.INSTANCE);
        assertThat(h.c2s(udp(0xe3, 0x96, buf().le32(0x55aa0000L).array()))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.s2c(udp(0xe3, 0x97, buf().le32(0x55aa0000L).le32(1200).le32(450000).array()))).isEqualTo(Verdict.MATCH);

        SigHarness peer = SigHarness.udp(EdonkeyUdpSignature.INSTANCE);
        assertThat(peer.c2s(udp(0xc5, 0x90, new byte[16]))).isEqualTo(Verdict.NEED_MORE);
        assertThat(peer.s2c(udp(0xc5, 0x93, new byte[0]))).isEqualTo(Verdict.MATCH);

        SigHarness lone = SigHarness.udp(EdonkeyUdpSignature.INSTANCE);
        assertThat(lone.c2s(udp(0xe3, 0x96, new byte[4]))).isEqualTo(Verdict.NEED_MORE);
        assertThat(lone.s2c(LegacyP2pPayloads.random(40, 9))).as("answer is not eDonkey").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void wrongLengthsDoNotMatch() {
        assertThat(SigHarness.udp(EdonkeyUdpSignature.INSTANCE).c2s(udp(0xe3, 0x96, new byte[7]))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(EdonkeyUdpSignature.INSTANCE)
                .c2s(udp(0xe3, 0x98, buf().bytes(EdonkeySignatureTest.searchTree("a", "b")).u8(0).array())))
                .as("tree does not end the datagram").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(EdonkeyUdpSignature.INSTANCE)
                .c2s(udp(0xe3, 0x9b, buf().fill(16, 7).u8(3).fill(12, 1).array()))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        assertThat(SigHarness.udp(EdonkeyUdpSignature.INSTANCE).c2s(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
        for (int seed = 0; seed < 500; seed++) {
            assertThat(SigHarness.udp(EdonkeyUdpSignature.INSTANCE).c2s(LegacyP2pPayloads.random(30 + seed % 100, seed)))
                    .isNotEqualTo(Verdict.MATCH);
        }
    }

    @Test
    void truncatedDatagramsDoNotMatch() {
        ByteBuffer full = udp(0xe3, 0x98, EdonkeySignatureTest.searchTree("linux", "iso"));
        assertThat(SigHarness.prefixMatches(EdonkeyUdpSignature.INSTANCE, IpProtocol.UDP, Direction.CLIENT_TO_SERVER, full))
                .isZero();
    }

    @Test
    void engineLabelsGlobalSearchAndReadsIt() {
        Classification c = SigHarness.classify(IpProtocol.UDP, 4672, 4665,
                Pkt.c2s(udp(0xe3, 0x98, EdonkeySignatureTest.searchTree("confidential", "policy")))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.EDONKEY_UDP);
        assertThat(c.metadata().get(MetadataKey.SEARCH)).containsExactly("confidential policy");
    }
}
