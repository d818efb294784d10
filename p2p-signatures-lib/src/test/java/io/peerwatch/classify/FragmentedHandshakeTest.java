package io.peerwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.packet.FragmentStats;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.testing.Captures.Pcap;
import io.peerwatch.testing.Corpus;
import io.peerwatch.testing.Fragments;
import io.peerwatch.testing.Fragments.Frame;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    private static final int ETH = 14;

    @TempDir
    Path dir;

    /** The frames of the first handshake's TCP connection, up to and including the handshake. */
    static List<Frame> handshakeFlow() throws Exception {
        List<Frame> all = Fragments.read(Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap"));
        Frame handshake = all.stream().filter(f -> Fragments.isBitTorrentHandshake(f.bytes())).findFirst().orElseThrow();
        String key = endpoints(handshake.bytes());
        List<Frame> flow = new ArrayList<>();
        for (Frame f : all) {
            if (endpoints(f.bytes()).equals(key)) {
                flow.add(f);
            }
            if (f == handshake) {
                break;
            }
        }
        return flow;
    }

    /** The two endpoints of an IPv4 TCP/UDP frame, in a direction-free form ("" for others). */
    private static String endpoints(byte[] eth) {
        if (eth.length < ETH + 20 || (eth[12] & 0xff) != 0x08 || eth[13] != 0) {
            return "";
        }
        ByteBuffer b = ByteBuffer.wrap(eth);
        int ihl = (eth[ETH] & 0x0f) * 4;
        String a = Integer.toHexString(b.getInt(ETH + 12)) + ":" + (b.getShort(ETH + ihl) & 0xffff);
        String z = Integer.toHexString(b.getInt(ETH + 16)) + ":" + (b.getShort(ETH + ihl + 2) & 0xffff);
        return a.compareTo(z) < 0 ? a + "-" + z : z + "-" + a;
    }

    /** The flow as a capture, the handshake fragmented; {@code keepLater} false drops every fragment but the first. */
    static byte[] capture(List<Frame> flow, int ipVersion, boolean keepLater) {
        Random random = new Random(SEED);
        Pcap pcap = Pcap.ethernetMicros();
        for (Frame f : flow) {
            byte[] eth = f.bytes();
            if (!Fragments.isBitTorrentHandshake(eth)) {
                pcap.packet(f.seconds(), f.micros(), ipVersion == 4 ? eth : Fragments.toIpv6(eth));
                continue;
            }
            int header = Fragments.transportHeaderLength(eth);
            int ihl = (eth[ETH] & 0x0f) * 4;
            int payload = (ByteBuffer.wrap(eth).getShort(ETH + 2) & 0xffff) - ihl - header;
            int[] cuts = Fragments.cuts(header, payload, 4, random);
            assertThat(cuts[0] - header).as("payload bytes in the first fragment").isLessThan(20);
            List<byte[]> parts = ipVersion == 4 ? Fragments.ipv4(eth, 0x5151, cuts)
                    : Fragments.ipv6(Fragments.toIpv6(eth), 0x51515151, cuts);
            assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
            List<byte[]> later = Fragments.shuffled(parts.subList(1, parts.size()), random);
            pcap.packet(f.seconds(), f.micros(), parts.get(0));
            if (keepLater) {
                for (int i = 0; i < later.size(); i++) {
                    pcap.packet(f.seconds(), f.micros() + 1 + i, later.get(i));
                }
            }
        }
        return pcap.bytes();
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void aHandshakeSplitAfterFourPayloadBytesIsStillFoundBySignature(int ipVersion) throws Exception {
        List<Frame> flow = handshakeFlow();
        Path whole = Files.write(dir.resolve("fragmented-v" + ipVersion + ".pcap"), capture(flow, ipVersion, true));
        ClassifyReport r = Classifier.defaults().classify(List.of(whole));
        assertThat(r.flows()).singleElement().satisfies(f -> {
            assertThat(f.label()).isEqualTo("BitTorrent");
            assertThat(f.confidenceKind()).hasValue(ConfidenceKind.PAYLOAD);
        });
        FragmentStats s = r.summary().fragments();
        assertThat(s.reassembled()).isEqualTo(1);
        assertThat(s.datagramsDropped()).isZero();
        assertThat(s.text()).contains("1 datagrams reassembled");

        Path firstOnly = Files.write(dir.resolve("first-fragment-v" + ipVersion + ".pcap"), capture(flow, ipVersion, false));
        ClassifyReport control = Classifier.defaults().classify(List.of(firstOnly));
        assertThat(control.flows()).noneMatch(f -> f.label().equals("BitTorrent") && f.signature().isPresent());
        assertThat(control.summary().fragments().dropped()).containsEntry(FragmentStats.Drop.INCOMPLETE_AT_END, 1L);
    }
}
