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
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Soulseek. No public capture exists; the login vector is the hex stream given as the "Sending
 * Login Example" in the Nicotine+ protocol documentation (SLSKPROTOCOL.md, Server Code 1); the
 * others follow the same document's PeerInit, PierceFirewall, FileSearch (26) and QueueUpload (43)
 * layouts.
 */
class SoulseekSignatureTest {

    /** The documented login: user "username", password "password", version 160, MD5, minor 1. */
    static ByteBuffer login() {
        return ByteBuffer.wrap(HexFormat.of().parseHex("480000000100000008000000757365726e616d65080000007061737377"
                + "6f7264a00000002000000064353163396137653933353337343661363032306639363032643435323932390100000"
                + "0"));
    }

    static LegacyP2pPayloads.Buf str(LegacyP2pPayloads.Buf b, String s) {
        return b.le32(s.length()).ascii(s);
    }

    static ByteBuffer message(LegacyP2pPayloads.Buf body) {
        return buf().le32(body.size()).bytes(body.array()).buffer();
    }

    static ByteBuffer peerInit(String user, String type) {
        return message(str(str(buf().u8(1), user), type).le32(0));
    }

    static ByteBuffer fileSearch(String query) {
        return message(str(buf().le32(26).le32(0x1234), query));
    }

    @Test
    void documentedMessagesMatch() {
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(login())).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(peerInit("alice", "P"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(peerInit("alice", "F"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(message(buf().u8(0).le32(77)))).as("PierceFirewall")
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(fileSearch("pink floyd"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void inconsistentMessagesDoNotMatch() {
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(peerInit("alice", "X"))).as("type").isEqualTo(Verdict.NO_MATCH);
        ByteBuffer l = login();
        l.put(4 + 4 + 4 + 8 + 4 + 8 + 4 + 4 + 3, (byte) 'z');
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(l)).as("hash not hex").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).s2c(login())).as("from server").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(message(buf().u8(0).le32(77).u8(1))))
                .as("pierce firewall length").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), LegacyP2pPayloads.tlsClientHello("a.example"),
            LegacyP2pPayloads.random(76, 40), OpenNapSignatureTest.msg(2, "foo badpass 6699 \"nap v0.8\" 3")}) {
            assertThat(SigHarness.tcp(SoulseekSignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void truncatedMessagesDoNotMatch() {
        assertThat(SigHarness.prefixMatches(SoulseekSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, login())).isZero();
        assertThat(SigHarness.prefixMatches(SoulseekSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER,
                peerInit("alice", "P"))).isZero();
    }

    @Test
    void describeReadsLoginSearchAndQueuedFile() {
        SigHarness server = SigHarness.tcp(SoulseekSignature.INSTANCE);
        assertThat(server.c2s(login())).isEqualTo(Verdict.MATCH);
        Metadata m = server.describe(Direction.CLIENT_TO_SERVER, login(), fileSearch("resume confidential"));
        assertThat(m.get(MetadataKey.NICK)).containsExactly("username");
        assertThat(m.get(MetadataKey.CLIENT)).containsExactly("Soulseek client version 160");
        assertThat(m.get(MetadataKey.SEARCH)).containsExactly("resume confidential");

        SigHarness peer = SigHarness.tcp(SoulseekSignature.INSTANCE);
        assertThat(peer.c2s(peerInit("alice", "P"))).isEqualTo(Verdict.MATCH);
        Metadata p = peer.describe(Direction.CLIENT_TO_SERVER, peerInit("alice", "P"),
                message(str(buf().le32(43), "@@music\\Artist\\clock.mp3")));
        assertThat(p.get(MetadataKey.NICK)).containsExactly("alice");
        assertThat(p.get(MetadataKey.FILE_NAME)).containsExactly("@@music\\Artist\\clock.mp3");
    }

    @Test
    void engineLabelsLogin() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 51000, 2242, Pkt.c2s(login())).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.SOULSEEK);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
    }
}
