package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.BitTorrentPayloads.INFO_HASH_HEX;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.ascii;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.c2s;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.classifyUdp;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.inspectOnce;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class BitTorrentLsdSignatureTest {

    private static final BitTorrentLsdSignature SIG = BitTorrentLsdSignature.INSTANCE;
    private static final String SECOND_HASH = "0123456789abcdef0123456789abcdef01234567";
    private static final byte[] SEARCH = ascii("BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 6881\r\n"
            + "Infohash: " + INFO_HASH_HEX.toUpperCase(Locale.ROOT) + "\r\nInfohash: " + SECOND_HASH
            + "\r\ncookie: 7f3a\r\n\r\n\r\n");

    @Test
    void searchAnnouncementMatches() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, SEARCH)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void ssdpAndTruncatedRequestLineDoNotMatch() {
        assertThat(inspectOnce(SIG, IpProtocol.UDP, ascii("M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\n\r\n")))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(inspectOnce(SIG, IpProtocol.UDP, prefix(SEARCH, 11))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (byte[] other : BitTorrentPayloads.otherProtocols()) {
            assertThat(inspectOnce(SIG, IpProtocol.UDP, other)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesLsdWithEveryInfoHash() {
        Classification c = classifyUdp(c2s(SEARCH)).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.BITTORRENT_LSD);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.INFO_HASH)).containsExactly(INFO_HASH_HEX, SECOND_HASH);
    }
}
