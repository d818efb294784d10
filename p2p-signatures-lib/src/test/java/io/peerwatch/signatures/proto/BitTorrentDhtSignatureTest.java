package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.BitTorrentPayloads.INFO_HASH_HEX;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.ascii;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.c2s;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.classifyUdp;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.concat;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.getPeersQuery;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.inspectOnce;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.latin;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.prefix;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import org.junit.jupiter.api.Test;

class BitTorrentDhtSignatureTest {

    private static final BitTorrentDhtSignature SIG = BitTorrentDhtSignature.INSTANCE;
    private static final String NODE = latin(random(2, 20));

    @Test
    void queryMatches() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, getPeersQuery(""))).isEqualTo(Verdict.MATCH);
        assertThat(inspectOnce(SIG, IpProtocol.UDP, ascii("d1:ad2:id20:" + NODE + "e1:q4:ping1:t2:aa1:y1:qe")))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void replyWithLeadingIpKeyMatches() {
        // BEP 42 nodes put "ip" first: d2:ip6:<addr>1:rd2:id20:...e1:t..1:v4:..1:y1:re
        byte[] reply = ascii("d2:ip6:" + latin(random(4, 6)) + "1:rd2:id20:" + NODE + "5:nodes26:" + latin(random(5, 26))
                + "e1:t2:aa1:v4:LT" + latin(new byte[] {1, 2}) + "1:y1:re");
        assertThat(inspectOnce(SIG, IpProtocol.UDP, reply)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void keysInAnyOrderAndErrorsMatch() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, ascii("d1:t2:xy1:y1:q1:q9:find_node1:ad6:target20:" + NODE
                + "2:id20:" + NODE + "ee"))).isEqualTo(Verdict.MATCH);
        assertThat(inspectOnce(SIG, IpProtocol.UDP, ascii("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee")))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void bencodeThatIsNotKrpcDoesNotMatch() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, ascii("d3:foo3:bare"))).isEqualTo(Verdict.NO_MATCH);
        // query without node id
        assertThat(inspectOnce(SIG, IpProtocol.UDP, ascii("d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe")))
                .isEqualTo(Verdict.NO_MATCH);
        // trailing bytes after the dictionary
        assertThat(inspectOnce(SIG, IpProtocol.UDP, concat(getPeersQuery(""), ascii("xx")))).isEqualTo(Verdict.NO_MATCH);
        assertThat(inspectOnce(SIG, IpProtocol.UDP, ascii("d1:a9999999999:x"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedDatagramNeedsMoreAndNeverMatches() {
        byte[] query = getPeersQuery("");
        for (int n = 1; n < query.length; n++) {
            assertThat(inspectOnce(SIG, IpProtocol.UDP, prefix(query, n))).isEqualTo(Verdict.NEED_MORE);
        }
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(prefix(query, 40))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.result()).isEmpty();
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (byte[] other : BitTorrentPayloads.otherProtocols()) {
            assertThat(inspectOnce(SIG, IpProtocol.UDP, other)).isEqualTo(Verdict.NO_MATCH);
        }
        assertThat(inspectOnce(SIG, IpProtocol.UDP, ascii("data: hello"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void engineNamesDhtWithInfoHashAndVersion() {
        Classification c = classifyUdp(c2s(getPeersQuery("UT" + latin(new byte[] {3, 5})))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.BITTORRENT_DHT);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.INFO_HASH)).containsExactly(INFO_HASH_HEX);
        assertThat(c.metadata().get(MetadataKey.CLIENT)).containsExactly("µTorrent 3.5");
    }
}
