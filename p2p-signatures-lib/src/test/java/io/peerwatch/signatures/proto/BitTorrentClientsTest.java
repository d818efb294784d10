package io.peerwatch.signatures.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BitTorrentClientsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-TR4050-abcdefghijkl|Transmission 4.0.5",
        "-TR2940-chho92c56pul|Transmission 2.94",
        "-TR3000-nb6ark32binq|Transmission 3.00",
        "-qB4630-abcdefghijkl|qBittorrent 4.6.3",
        "-UT355W-abcdefghijkl|µTorrent 3.5.5",
        "-lt0D80-abcdefghijkl|rTorrent/libTorrent 0.13.8",
        "-DE13F0-abcdefghijkl|Deluge 1.3.15",
        "-AZ5770-abcdefghijkl|Vuze 5.7.7.0",
        "-ZZ1230-abcdefghijkl|ZZ 1.2.3",
        "A2-1-36-0-1234567890|aria2 1.36.0",
        "M7-2-0--abcdefghijkl|Mainline 7.2.0",
        "M4-20-8-abcdefghijkl|Mainline 4.20.8",
        "T03A0-----abcdefghij|BitTornado 0.3.10.0",
        "S58B-----abcdefghijk|Shadow 5.8.11",
    })
    void namesPeerIdStyles(String peerId, String client) {
        assertThat(BitTorrentClients.fromPeerId(peerId.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(client);
    }

    @Test
    void partialAzureusPeerIdIsEnough() {
        assertThat(BitTorrentClients.fromPeerId("-TR4050-".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("Transmission 4.0.5");
    }

    @Test
    void randomOrShortPeerIdsNameNothing() {
        assertThat(BitTorrentClients.fromPeerId(BitTorrentPayloads.random(5, 20))).isEmpty();
        assertThat(BitTorrentClients.fromPeerId("-TR".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(BitTorrentClients.fromPeerId("Sx*ab-----".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    }

    @Test
    void namesDhtVersionTags() {
        assertThat(BitTorrentClients.fromDhtVersion(new byte[] {'L', 'T', 1, 2})).isEqualTo("libtorrent 1.2");
        assertThat(BitTorrentClients.fromDhtVersion(new byte[] {'U', 'T'})).isEqualTo("µTorrent");
        assertThat(BitTorrentClients.fromDhtVersion(new byte[] {1, 2, 3, 4})).isEmpty();
    }
}
