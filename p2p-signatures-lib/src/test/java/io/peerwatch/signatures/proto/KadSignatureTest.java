package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.LegacyP2pPayloads.buf;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.signatures.proto.SigHarness.Pkt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Kad datagrams {@code <0xE4|0xE5><opcode><payload>} built from eMule's Kademlia opcodes and the
 * payloads its UDP listener writes: KADEMLIA2_BOOTSTRAP_REQ 0x01 (empty), KADEMLIA2_BOOTSTRAP_RES
 * 0x09 ({@code <id 16><tcp 2><version 1><count 2><contacts x 25>}), KADEMLIA2_REQ 0x21 ({@code <type
 * 1><target 16><receiver 16>}), KADEMLIA2_HELLO_REQ 0x11 with one tag, KADEMLIA2_PING/PONG 0x60/0x61
 * and a packed (0xE5) KADEMLIA2_RES with a zlib body.
 */
class KadSignatureTest {

    static ByteBuffer kad(int op, byte[] body) {
        return buf().u8(0xe4, op).bytes(body).buffer();
    }

    static byte[] contact(int n) {
        return buf().fill(16, n).u8(10, 0, 0, n).le16(4672).le16(4662).u8(8).array();
    }

    @Test
    void strongDatagramsMatchAlone() {
        assertThat(SigHarness.udp(KadSignature.INSTANCE)
                .s2c(kad(0x09, buf().fill(16, 1).le16(4662).u8(8).le16(2).bytes(contact(1)).bytes(contact(2)).array())))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(KadSignature.INSTANCE).c2s(kad(0x21, buf().u8(0x0b).fill(32, 3).array())))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(KadSignature.INSTANCE)
                .c2s(kad(0x11, buf().fill(16, 4).le16(4662).u8(8).u8(1).u8(0x09).le16(1).u8(0xf2).u8(3).array())))
                .as("hello with one uint8 tag").isEqualTo(Verdict.MATCH);
        byte[] packed = buf().u8(0xe5, 0x29).bytes(LegacyP2pPayloads.deflate(new byte[60], true)).array();
        assertThat(SigHarness.udp(KadSignature.INSTANCE).s2c(ByteBuffer.wrap(packed))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void weakDatagramsNeedASecond() {
        SigHarness h = SigHarness.udp(KadSignature.INSTANCE);
        assertThat(h.c2s(kad(0x60, new byte[0]))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.s2c(kad(0x61, buf().le16(4672).array()))).isEqualTo(Verdict.MATCH);
        SigHarness boot = SigHarness.udp(KadSignature.INSTANCE);
        assertThat(boot.c2s(kad(0x01, new byte[0]))).isEqualTo(Verdict.NEED_MORE);
        assertThat(boot.s2c(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void inconsistentDatagramsDoNotMatch() {
        assertThat(SigHarness.udp(KadSignature.INSTANCE)
                .s2c(kad(0x09, buf().fill(16, 1).le16(4662).u8(8).le16(3).bytes(contact(1)).array()))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(KadSignature.INSTANCE).c2s(kad(0x21, buf().u8(0x07).fill(32, 3).array())))
                .as("request type").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(KadSignature.INSTANCE).c2s(kad(0x60, new byte[3]))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(KadSignature.INSTANCE).c2s(buf().u8(0xe5, 0x29, 0x11, 0x22, 0x33).buffer()))
                .as("packed without zlib header").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        assertThat(SigHarness.udp(KadSignature.INSTANCE).c2s(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
        for (int seed = 0; seed < 500; seed++) {
            assertThat(SigHarness.udp(KadSignature.INSTANCE).c2s(LegacyP2pPayloads.random(20 + seed % 120, seed)))
                    .isNotEqualTo(Verdict.MATCH);
        }
    }

    @Test
    void truncatedDatagramsDoNotMatch() {
        ByteBuffer full = kad(0x21, buf().u8(0x0b).fill(32, 3).array());
        assertThat(SigHarness.prefixMatches(KadSignature.INSTANCE, IpProtocol.UDP, Direction.CLIENT_TO_SERVER, full)).isZero();
    }

    @Test
    void engineLabelsKadRequestAndAnswer() {
        Classification c = SigHarness.classify(IpProtocol.UDP, 4672, 4672,
                Pkt.c2s(kad(0x01, new byte[0])),
                Pkt.s2c(kad(0x09, buf().fill(16, 1).le16(4662).u8(8).le16(1).bytes(contact(1)).array()))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.KAD);
        assertThat(c.packetsToVerdict()).isEqualTo(2);
    }
}
