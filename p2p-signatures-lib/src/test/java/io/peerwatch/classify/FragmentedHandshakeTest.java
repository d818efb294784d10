package io.peerwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.packet.FragmentStats;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.testing.Corpus;
import io.peerwatch.testing.Fragments;
import io.peerwatch.testing.Fragments.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real BitTorrent handshake (the lab's Transmission capture) split into IP fragments after 4
 * payload bytes (8 here: fragment data comes in 8-byte units after the capture's 32-byte TCP
 * header), the later fragments cut at seeded random sizes and in a seeded random order: reassembled, the flow is still
 * labelled BitTorrent by its signature, over IPv4 and IPv6. Without the later fragments (what
 * judging the first fragment alone would see) it is not.
 */
class FragmentedHandshakeTest {
    private static final long SEED = 20261206L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void aHandshakeSplitAfterFourPayloadBytesIsStillFoundBySignature(int ipVersion) throws Exception {
        List<Frame> flow = Fragments.handshakeFlow(Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap"));
        Path whole = Files.write(dir.resolve("fragmented-v" + ipVersion + ".pcap"), Fragments.handshakeCapture(flow, ipVersion, true, SEED));
        ClassifyReport r = Classifier.defaults().classify(List.of(whole));
        assertThat(r.flows()).singleElement().satisfies(f -> {
            assertThat(f.label()).isEqualTo("BitTorrent");
            assertThat(f.confidenceKind()).hasValue(ConfidenceKind.PAYLOAD);
        });
        FragmentStats s = r.summary().fragments();
        assertThat(s.reassembled()).isEqualTo(1);
        assertThat(s.datagramsDropped()).isZero();
        assertThat(s.text()).contains("1 datagrams reassembled");

        Path firstOnly = Files.write(dir.resolve("first-fragment-v" + ipVersion + ".pcap"), Fragments.handshakeCapture(flow, ipVersion, false, SEED));
        ClassifyReport control = Classifier.defaults().classify(List.of(firstOnly));
        assertThat(control.flows()).noneMatch(f -> f.label().equals("BitTorrent") && f.signature().isPresent());
        assertThat(control.summary().fragments().dropped()).containsEntry(FragmentStats.Drop.INCOMPLETE_AT_END, 1L);
    }
}
