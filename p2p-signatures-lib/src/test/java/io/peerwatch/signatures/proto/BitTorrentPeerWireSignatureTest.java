package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.BitTorrentPayloads.INFO_HASH_HEX;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.c2s;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.classifyTcp;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.concat;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.extensionHandshake;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.handshake;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.inspectOnce;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.prefix;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.s2c;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import org.junit.jupiter.api.Test;

class BitTorrentPeerWireSignatureTest {

    private static final BitTorrentPeerWireSignature SIG = BitTorrentPeerWireSignature.INSTANCE;

    @Test
    void handshakeMatchesOnFirstPacket() {
        assertThat(inspectOnce(SIG, IpProtocol.TCP, handshake("-TR4050-"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void handshakeAfterAStrayByteMatches() {
        byte[] payload = concat(new byte[] {0x17}, handshake("-TR2940-"));
        assertThat(inspectOnce(SIG, IpProtocol.TCP, payload)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void splitHandshakeNeedsMoreThenMatches() {
        byte[] hs = handshake("-qB4630-");
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.c2s(prefix(hs, 1))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.s2c(new byte[] {1, 2, 3})).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(suffix(prefix(hs, 12), 1))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(suffix(hs, 12))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void prefixFollowedByOtherBytesIsNoMatch() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.c2s(BitTorrentPayloads.ascii("\u0013BitTo"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(BitTorrentPayloads.ascii("day we eat"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedHandshakeDoesNotMatch() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.c2s(prefix(handshake("-TR4050-"), 9))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.result()).isEmpty();
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (byte[] other : BitTorrentPayloads.otherProtocols()) {
            assertThat(inspectOnce(SIG, IpProtocol.TCP, other)).isEqualTo(Verdict.NO_MATCH);
        }
        assertThat(inspectOnce(SIG, IpProtocol.TCP, BitTorrentPayloads.ascii("BitTorrent protocol, said the page")))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void engineNamesBitTorrentWithHashAndClients() {
        var result = classifyTcp(c2s(handshake("-TR4050-")),
                s2c(concat(handshake("-qB4630-"), extensionHandshake("qBittorrent/4.6.3"))),
                c2s(extensionHandshake("Transmission 4.0.5")));
        Classification c = result.orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.BITTORRENT_PEER_WIRE);
        assertThat(c.kind()).isEqualTo(ConfidenceKind.PAYLOAD);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.INFO_HASH)).containsExactly(INFO_HASH_HEX);
        assertThat(c.metadata().get(MetadataKey.CLIENT)).containsExactlyInAnyOrder(
                "Transmission 4.0.5", "qBittorrent 4.6.3", "qBittorrent/4.6.3");
    }

    @Test
    void describeFollowsASplitHandshakeAndMessageFraming() {
        byte[] hs = handshake("-DE211s-");
        byte[] ext = extensionHandshake("Deluge 2.1.1");
        var result = classifyTcp(c2s(prefix(hs, 61)), c2s(concat(suffix(hs, 61), prefix(ext, 10))), c2s(suffix(ext, 10)));
        Classification c = result.orElseThrow();
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.INFO_HASH)).containsExactly(INFO_HASH_HEX);
        assertThat(c.metadata().get(MetadataKey.CLIENT)).contains("Deluge 2.1.1");
    }

    @Test
    void handshakeSplitInsideTheProtocolStringStillDescribed() {
        byte[] hs = handshake("-TR4050-");
        Classification c = classifyTcp(c2s(prefix(hs, 5)), c2s(suffix(hs, 5))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.BITTORRENT_PEER_WIRE);
        assertThat(c.packetsToVerdict()).isEqualTo(2);
        assertThat(c.metadata().get(MetadataKey.INFO_HASH)).containsExactly(INFO_HASH_HEX);
        assertThat(c.metadata().get(MetadataKey.CLIENT)).containsExactly("Transmission 4.0.5");
    }
}
