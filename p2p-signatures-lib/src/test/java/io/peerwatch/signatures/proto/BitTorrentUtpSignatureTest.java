package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.BitTorrentPayloads.INFO_HASH_HEX;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.c2s;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.classifyUdp;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.concat;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.extensionBits;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.handshake;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.inspectOnce;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.prefix;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.random;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.s2c;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.u16;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.u32;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.utp;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import org.junit.jupiter.api.Test;

class BitTorrentUtpSignatureTest {

    private static final BitTorrentUtpSignature SIG = BitTorrentUtpSignature.INSTANCE;
    private static final int DATA = 0;
    private static final int STATE = 2;
    private static final int SYN = 4;
    private static final byte[] NONE = new byte[0];
    private static final int CID = 0x682f;
    private static final byte[] SYN_PACKET = utp(SYN, CID, 2_089_000_000L, 0x4158, 0, extensionBits(), NONE);

    @Test
    void synAnsweredByStateMatches() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(SYN_PACKET)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(utp(STATE, CID, 2_089_000_600L, 0x6ce7, 0x4158, extensionBits(), NONE)))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void retransmittedSynWithLaterTimestampMatches() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(SYN_PACKET)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(utp(SYN, CID, 2_092_000_000L, 0x4158, 0, extensionBits(), NONE))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void replayedIdenticalDatagramIsNotEnough() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(SYN_PACKET)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(SYN_PACKET)).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.result()).isEmpty();
    }

    @Test
    void singleSynStaysUndecided() {
        assertThat(classifyUdp(c2s(SYN_PACKET))).isEmpty();
    }

    @Test
    void midStreamDirectionsWithAdjacentConnectionIdsMatch() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(utp(DATA, CID + 1, 1000, 0x4159, 0x6ce6, NONE, random(1, 300)))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(utp(STATE, CID, 2000, 0x6ce7, 0x4159, NONE, NONE))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void inconsistentPacketsGiveUp() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        Verdict last = null;
        for (int i = 0; i < SignatureConfig.DEFAULT_UTP_MAX_INCONSISTENT + 1 && last != Verdict.NO_MATCH; i++) {
            last = flow.c2s(utp(STATE, 0x1000 * i, 1000, 0x2000 * i, 0, NONE, NONE));
        }
        assertThat(last).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void dataCarryingABitTorrentHandshakeMatchesAtOnce() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, utp(DATA, CID + 1, 1000, 0x4159, 0x6ce6, NONE, handshake("-TR3000-"))))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void invalidHeadersDoNotMatch() {
        byte[] version2 = SYN_PACKET.clone();
        version2[0] = 0x42;
        byte[] badExtension = SYN_PACKET.clone();
        badExtension[21] = 7; // extension-bits length must be 8
        byte[] synWithData = concat(SYN_PACKET, new byte[] {1, 2, 3});
        byte[] dataWithoutData = utp(DATA, CID, 1000, 1, 1, NONE, NONE);
        for (byte[] p : new byte[][] {version2, badExtension, synWithData, dataWithoutData, prefix(SYN_PACKET, 15),
            prefix(SYN_PACKET, 25)}) {
            assertThat(inspectOnce(SIG, IpProtocol.UDP, p)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void stunBindingResponsesDoNotMatch() {
        // RFC 5389 success response 0x0101 looks like ST_DATA v1 with a SACK extension; the cookie excludes it
        byte[] stun = concat(u16(0x0101), u16(12), u32(0x2112A442L), random(6, 12), u16(0x0020), u16(8), random(7, 8));
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.UDP);
        assertThat(flow.c2s(stun)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (byte[] other : BitTorrentPayloads.otherProtocols()) {
            assertThat(inspectOnce(SIG, IpProtocol.UDP, other)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesUtpAndDescribesTheTunnelledHandshake() {
        Classification c = classifyUdp(c2s(SYN_PACKET), s2c(utp(STATE, CID, 2_089_000_600L, 0x6ce7, 0x4158, NONE, NONE)),
                c2s(utp(DATA, CID + 1, 2_089_001_000L, 0x4159, 0x6ce6, NONE, handshake("-TR3000-")))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.BITTORRENT_UTP);
        assertThat(c.packetsToVerdict()).isEqualTo(2);
        assertThat(c.metadata().get(MetadataKey.INFO_HASH)).containsExactly(INFO_HASH_HEX);
        assertThat(c.metadata().get(MetadataKey.CLIENT)).containsExactly("Transmission 3.00");
    }
}
