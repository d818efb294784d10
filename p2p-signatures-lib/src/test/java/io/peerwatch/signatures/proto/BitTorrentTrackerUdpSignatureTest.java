package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.BitTorrentPayloads.INFO_HASH_HEX;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.c2s;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.classifyUdp;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.concat;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.inspectOnce;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.prefix;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.random;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.s2c;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.u32;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.udpAnnounce;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.udpConnect;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import org.junit.jupiter.api.Test;

class BitTorrentTrackerUdpSignatureTest {

    private static final BitTorrentTrackerUdpSignature SIG = BitTorrentTrackerUdpSignature.INSTANCE;
    private static final long CONNECTION = 0x023a7df5eb3167fcL;

    @Test
    void connectRequestMatches() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, udpConnect(0x48299c64))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void announceWithClientPeerIdMatches() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, udpAnnounce(CONNECTION, 7, "-TR4050-"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void announceWithRandomPeerIdNeedsTheAnswer() {
        String id = BitTorrentPayloads.latin(random(3, 20));
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(udpAnnounce(CONNECTION, 7, id))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(concat(u32(1), u32(7), u32(1800), u32(1), u32(3), new byte[12]))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void answerWithAnotherTransactionIsNoMatch() {
        String id = BitTorrentPayloads.latin(random(3, 20));
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(udpAnnounce(CONNECTION, 7, id))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(concat(u32(1), u32(8), u32(1800), u32(1), u32(3)))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void scrapeAnsweredWithErrorMatches() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(concat(u32(CONNECTION >>> 32), u32(CONNECTION), u32(2), u32(9), BitTorrentPayloads.INFO_HASH)))
                .isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(concat(u32(3), u32(9), BitTorrentPayloads.ascii("unknown connection")))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void truncatedConnectDoesNotMatch() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, prefix(udpConnect(1), 12))).isEqualTo(Verdict.NO_MATCH);
        assertThat(inspectOnce(SIG, IpProtocol.UDP, prefix(udpAnnounce(CONNECTION, 7, "-TR4050-"), 60)))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (byte[] other : BitTorrentPayloads.otherProtocols()) {
            assertThat(inspectOnce(SIG, IpProtocol.UDP, other)).isEqualTo(Verdict.NO_MATCH);
        }
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.s2c(concat(u32(0), u32(5), u32(1), u32(2)))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void engineNamesTrackerAndDescribesTheAnnounce() {
        Classification c = classifyUdp(c2s(udpConnect(5)), s2c(concat(u32(0), u32(5), u32(CONNECTION >>> 32), u32(CONNECTION))),
                c2s(udpAnnounce(CONNECTION, 6, "-TR4050-"))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.BITTORRENT_TRACKER_UDP);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.INFO_HASH)).containsExactly(INFO_HASH_HEX);
        assertThat(c.metadata().get(MetadataKey.CLIENT)).containsExactly("Transmission 4.0.5");
    }
}
