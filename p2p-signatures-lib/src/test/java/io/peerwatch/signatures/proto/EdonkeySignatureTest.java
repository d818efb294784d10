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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * eDonkey/eMule TCP. Vectors follow the eMule Protocol Specification (Kulbak &amp; Bickson 2005):
 * header {@code <proto 1><length 4 LE><opcode 1>}, hello {@code 0x10 <hash 16><id 4><port 2>
 * <tag count 4><tags>} with tags CT_NAME (0x01), CT_VERSION (0x11) and the eMule version tag 0xFB,
 * search request = search tree (0x00 AND, 0x01 string terms).
 */
class EdonkeySignatureTest {

    static byte[] message(int proto, int opcode, byte[] body) {
        return buf().u8(proto).le32(body.length + 1L).u8(opcode).bytes(body).array();
    }

    /** Hello body: nick, eDonkey version 0x3C, eMule version 0.50a as a new-style tag. */
    static byte[] helloBody(boolean withHashSize, String nick) {
        LegacyP2pPayloads.Buf b = buf();
        if (withHashSize) {
            b.u8(0x10);
        }
        return b.fill(16, 0xab).le32(0x0a000001L).le16(4662).le32(3)
                .u8(0x02).le16(1).u8(0x01).le16(nick.length()).ascii(nick)
                .u8(0x03).le16(1).u8(0x11).le32(0x3c)
                .u8(0x83, 0xfb).le32((0L << 17) | (50L << 10) | (0L << 7))
                .array();
    }

    static byte[] searchTree(String a, String b) {
        return buf().u8(0x00, 0x00).u8(0x01).le16(a.length()).ascii(a).u8(0x01).le16(b.length()).ascii(b).array();
    }

    @Test
    void singleMessagesMatch() {
        assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(ByteBuffer.wrap(message(0xe3, 0x01, helloBody(true, "alice")))))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(ByteBuffer.wrap(message(0xc5, 0x01, new byte[12]))))
                .as("eMule info").isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(ByteBuffer.wrap(message(0xe3, 0x16, searchTree("a", "b")))))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void twoMessagesInOneSegmentMatch() {
        byte[] two = buf().bytes(message(0xc5, 0x87, new byte[5])).bytes(message(0xc5, 0x85, new byte[3])).array();
        assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(ByteBuffer.wrap(two))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void messageSpanningSegmentsNeedsTheContinuation() {
        byte[] hello = message(0xe3, 0x01, helloBody(true, "a-rather-long-nick-name-for-splitting"));
        SigHarness h = SigHarness.tcp(EdonkeySignature.INSTANCE);
        assertThat(h.c2s(ByteBuffer.wrap(Arrays.copyOf(hello, 20)))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.c2s(ByteBuffer.wrap(Arrays.copyOfRange(hello, 20, 40)))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.c2s(ByteBuffer.wrap(Arrays.copyOfRange(hello, 40, hello.length)))).isEqualTo(Verdict.MATCH);

        SigHarness wrong = SigHarness.tcp(EdonkeySignature.INSTANCE);
        assertThat(wrong.c2s(ByteBuffer.wrap(Arrays.copyOf(hello, 20)))).isEqualTo(Verdict.NEED_MORE);
        assertThat(wrong.c2s(LegacyP2pPayloads.random(hello.length, 5))).as("overrun, no header after").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void badFramingDoesNotMatch() {
        assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(ByteBuffer.wrap(message(0xe3, 0xee, new byte[4]))))
                .as("unknown opcode").isEqualTo(Verdict.NO_MATCH);
        byte[] m = message(0xe3, 0x01, helloBody(true, "x"));
        byte[] shorter = Arrays.copyOf(m, m.length + 3);
        assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(ByteBuffer.wrap(shorter)))
                .as("bytes after the message that are no header").isEqualTo(Verdict.NO_MATCH);
        byte[] packed = message(0xd4, 0x15, new byte[] {0x11, 0x22, 0x33});
        assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(ByteBuffer.wrap(packed))).as("packed without zlib header")
                .isEqualTo(Verdict.NO_MATCH);
        byte[] zipped = message(0xd4, 0x15, LegacyP2pPayloads.deflate(new byte[40], true));
        assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(ByteBuffer.wrap(zipped))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), LegacyP2pPayloads.tlsClientHello("x.example"),
            LegacyP2pPayloads.sshBanner(), LegacyP2pPayloads.random(300, 11), LegacyP2pPayloads.dnsQuery()}) {
            assertThat(SigHarness.tcp(EdonkeySignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void truncatedFirstPacketsNeverMatchAtOnce() {
        ByteBuffer hello = ByteBuffer.wrap(message(0xe3, 0x01, helloBody(true, "alice")));
        assertThat(SigHarness.prefixMatches(EdonkeySignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, hello))
                .isZero();
    }

    @Test
    void describeReadsHelloTagsSearchAndFileName() {
        SigHarness h = SigHarness.tcp(EdonkeySignature.INSTANCE);
        Metadata m = h.describe(Direction.CLIENT_TO_SERVER,
                ByteBuffer.wrap(message(0xe3, 0x01, helloBody(true, "alice"))),
                ByteBuffer.wrap(message(0xe3, 0x16, searchTree("quarterly", "report"))),
                ByteBuffer.wrap(message(0xe3, 0x59, buf().fill(16, 1).le16(9).ascii("clock.avi").array())));
        assertThat(m.get(MetadataKey.NICK)).containsExactly("alice");
        assertThat(m.get(MetadataKey.CLIENT)).containsExactly("eMule 0.50a");
        assertThat(m.get(MetadataKey.SEARCH)).containsExactly("quarterly report");
        assertThat(m.get(MetadataKey.FILE_NAME)).containsExactly("clock.avi");
    }

    @Test
    void versionTagDecodesCompatibleClients() {
        assertThat(EdonkeyEvidence.version(0x0000c000L)).isEqualTo("eMule 0.48a");
        assertThat(EdonkeyEvidence.version(0x03040d80L)).isEqualTo("aMule 2.3.3");
    }

    @Test
    void engineLabelsHelloExchange() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 51000, 4662,
                Pkt.c2s(ByteBuffer.wrap(message(0xe3, 0x01, helloBody(true, "alice")))),
                Pkt.s2c(ByteBuffer.wrap(message(0xe3, 0x4c, helloBody(false, "bob"))))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.EDONKEY);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.NICK)).containsExactly("alice", "bob");
    }
}
