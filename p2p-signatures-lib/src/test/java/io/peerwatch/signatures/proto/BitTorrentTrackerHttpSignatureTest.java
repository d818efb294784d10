package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.BitTorrentPayloads.INFO_HASH_HEX;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.ascii;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.c2s;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.classifyTcp;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.inspectOnce;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.prefix;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.s2c;
import static io.peerwatch.signatures.proto.BitTorrentPayloads.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import org.junit.jupiter.api.Test;

class BitTorrentTrackerHttpSignatureTest {

    private static final BitTorrentTrackerHttpSignature SIG = BitTorrentTrackerHttpSignature.INSTANCE;
    /** The hash of BitTorrentPayloads.INFO_HASH, percent-encoded the way Transmission writes it. */
    private static final String HASH_PARAM = "%c8%25%2a%8c%0a%e22%11%40%10%b7%fa%85%a5%ae%8e%f2Y%92%0b";
    private static final byte[] ANNOUNCE = ascii("GET /announce?info_hash=" + HASH_PARAM
            + "&peer_id=-TR3000-nb6ark32binq&port=6881&uploaded=0&downloaded=0&left=3145728&compact=1&event=started HTTP/1.1\r\n"
            + "Host: tracker.example.org:6969\r\nUser-Agent: Transmission/3.00\r\nAccept: */*\r\n\r\n");
    private static final byte[] RESPONSE = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 76\r\n\r\n"
            + "d8:completei1e10:incompletei0e8:intervali1912e12:min intervali956e5:peers0:e");

    @Test
    void announceMatches() {
        assertThat(inspectOnce(SIG, IpProtocol.TCP, ANNOUNCE)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void scrapeMatchesWithoutPeerId() {
        byte[] scrape = ascii("GET /scrape?info_hash=" + HASH_PARAM + " HTTP/1.1\r\nHost: t.example\r\n\r\n");
        assertThat(inspectOnce(SIG, IpProtocol.TCP, scrape)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void requestLineSplitAcrossSegmentsNeedsMore() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.c2s(prefix(ANNOUNCE, 14))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.c2s(suffix(ANNOUNCE, 14))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void truncatedRequestLineDoesNotMatch() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.c2s(prefix(ANNOUNCE, 22))).isEqualTo(Verdict.NEED_MORE);
        assertThat(flow.result()).isEmpty();
    }

    @Test
    void trackerResponseSeenFirstMatches() {
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.s2c(RESPONSE)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void ordinaryWebRequestsDoNotMatch() {
        assertThat(inspectOnce(SIG, IpProtocol.TCP, ascii("GET /details.php?info_hash=" + HASH_PARAM
                + " HTTP/1.1\r\nHost: torrents.example\r\n\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(inspectOnce(SIG, IpProtocol.TCP, ascii("GET /announcements?page=2 HTTP/1.1\r\n\r\n")))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(inspectOnce(SIG, IpProtocol.TCP, ascii("POST /announce?info_hash=x&peer_id=y HTTP/1.1\r\n\r\n")))
                .isEqualTo(Verdict.NO_MATCH);
        var flow = new BitTorrentPayloads.Flow(SIG, IpProtocol.TCP);
        assertThat(flow.s2c(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (byte[] other : BitTorrentPayloads.otherProtocols()) {
            assertThat(inspectOnce(SIG, IpProtocol.TCP, other)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesTrackerWithHashHostAndClient() {
        Classification c = classifyTcp(c2s(ANNOUNCE), s2c(RESPONSE)).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.BITTORRENT_TRACKER_HTTP);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.INFO_HASH)).containsExactly(INFO_HASH_HEX);
        assertThat(c.metadata().get(MetadataKey.SERVER_HOST)).containsExactly("tracker.example.org:6969");
        assertThat(c.metadata().get(MetadataKey.CLIENT)).containsExactlyInAnyOrder("Transmission 3.00", "Transmission/3.00");
        assertThat(c.first(MetadataKey.HTTP_URI)).startsWith("/announce?info_hash=").endsWith("event=started");
    }
}
