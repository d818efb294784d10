package io.peerwatch.packet;

import static io.peerwatch.testing.Frames.ETH_IPV4;
import static io.peerwatch.testing.Frames.ETH_IPV6;
import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.UDP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.ethernet;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.ipv6;
import static io.peerwatch.testing.Frames.tcp;
import static io.peerwatch.testing.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.pcap.LinkType;
import io.peerwatch.testing.Fragments;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reassembly, its overlap policy (RFC 5722 for IPv6, the same for IPv4) and every limit. */
class FragmentReassemblerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] PAYLOAD = ascii("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!?");

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();

    private static byte[] v4Frame() {
        return ethernet(ETH_IPV4, ipv4(UDP, "198.18.1.1", "198.18.2.2", udp(40000, 6881, PAYLOAD)));
    }

    private static byte[] v6Frame() {
        return ethernet(ETH_IPV6, ipv6(TCP, "2001:db8::1", "2001:db8::2", tcp(40000, 6881, 0x18, PAYLOAD)));
    }

    /** Offers one frame; returns what the reassembler hands on. */
    private DecodedPacket offer(FragmentReassembler r, byte[] frame, long nanos) {
        assertThat(decoder.decode(LinkType.ETHERNET, ByteBuffer.wrap(frame), 0, frame.length, frame.length, packet)).isTrue();
        return r.offer(packet, frame.length, nanos);
    }

    private static String payloadOf(DecodedPacket p) {
        byte[] b = new byte[p.payloadLength()];
        p.buffer().get(p.payloadOffset(), b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void aWholePacketPassesUntouched() {
        FragmentReassembler r = new FragmentReassembler();
        byte[] f = v4Frame();
        assertThat(offer(r, f, 0)).isSameAs(packet);
        assertThat(r.wireLength()).isEqualTo(f.length);
        assertThat(r.stats().fragments()).isZero();
    }

    @Test
    void fragmentsInAnyOrderGiveTheWholeDatagramWithTheirWireBytes() {
        for (boolean v6 : new boolean[] {false, true}) {
            FragmentReassembler r = new FragmentReassembler();
            byte[] whole = v6 ? v6Frame() : v4Frame();
            int[] cuts = {16, 40, 56};
            List<byte[]> parts = v6 ? Fragments.ipv6(whole, 7, cuts) : Fragments.ipv4(whole, 7, cuts);
            List<byte[]> order = Fragments.shuffled(parts, new Random(3));
            int wire = 0;
            DecodedPacket out = null;
            for (byte[] f : order) {
                wire += f.length;
                out = offer(r, f, SECOND);
            }
            assertThat(out).as("v6 " + v6).isNotNull();
            assertThat(out.isFragment()).isFalse();
            assertThat(out.ipVersion()).isEqualTo(v6 ? 6 : 4);
            assertThat(out.dstPort()).isEqualTo(6881);
            assertThat(payloadOf(out)).isEqualTo(new String(PAYLOAD, StandardCharsets.US_ASCII));
            assertThat(r.wireLength()).isEqualTo(wire);
            assertThat(r.stats().reassembled()).isEqualTo(1);
            assertThat(r.size()).isZero();
        }
    }

    @Test
    void anOverlapDropsTheWholeDatagramAndItsLaterFragments() {
        for (boolean v6 : new boolean[] {false, true}) {
            FragmentReassembler r = new FragmentReassembler();
            byte[] whole = v6 ? v6Frame() : v4Frame();
            List<byte[]> a = v6 ? Fragments.ipv6(whole, 9, new int[] {16, 40}) : Fragments.ipv4(whole, 9, new int[] {16, 40});
            // a fragment covering 8..32 with other bytes: overlaps the first two
            List<byte[]> b = v6 ? Fragments.ipv6(whole, 9, new int[] {8, 32}) : Fragments.ipv4(whole, 9, new int[] {8, 32});
            byte[] overlapping = b.get(1);
            overlapping[overlapping.length - 1] ^= 1;
            assertThat(offer(r, a.get(0), SECOND)).isNull();
            assertThat(offer(r, overlapping, SECOND)).isNull();
            assertThat(offer(r, a.get(1), SECOND)).isNull();
            assertThat(offer(r, a.get(2), SECOND)).as("never reassembled after an overlap").isNull();
            FragmentStats s = r.stats();
            assertThat(s.dropped()).containsEntry(FragmentStats.Drop.OVERLAP, 1L);
            assertThat(s.reassembled()).isZero();
            assertThat(s.fragmentsDropped()).isEqualTo(4);
            assertThat(s.text()).contains("overlap 1");
        }
    }

    @Test
    void anExactDuplicateIsIgnored() {
        FragmentReassembler r = new FragmentReassembler();
        List<byte[]> parts = Fragments.ipv4(v4Frame(), 11, new int[] {24});
        assertThat(offer(r, parts.get(0), SECOND)).isNull();
        assertThat(offer(r, parts.get(0), SECOND)).isNull();
        assertThat(offer(r, parts.get(1), SECOND)).isNotNull();
        assertThat(r.stats().duplicates()).isEqualTo(1);
        assertThat(r.stats().datagramsDropped()).isZero();
    }

    @Test
    void limitsDropAndCount() {
        FragmentConfig few = FragmentConfig.builder().maxFragmentsPerDatagram(2).build();
        FragmentReassembler r = new FragmentReassembler(few);
        List<byte[]> parts = Fragments.ipv4(v4Frame(), 12, new int[] {8, 16, 24});
        for (byte[] f : parts) {
            assertThat(offer(r, f, SECOND)).isNull();
        }
        assertThat(r.stats().dropped()).containsEntry(FragmentStats.Drop.TOO_MANY_FRAGMENTS, 1L);

        FragmentReassembler small = new FragmentReassembler(FragmentConfig.builder().maxDatagramBytes(32).build());
        for (byte[] f : Fragments.ipv4(v4Frame(), 13, new int[] {16, 40})) {
            assertThat(offer(small, f, SECOND)).isNull();
        }
        assertThat(small.stats().dropped()).containsEntry(FragmentStats.Drop.TOO_LARGE, 1L);

        FragmentReassembler bad = new FragmentReassembler();
        List<byte[]> odd = Fragments.ipv4(v4Frame(), 14, new int[] {16});
        byte[] first = odd.get(0);
        // a non-last fragment whose data is not a multiple of 8 bytes
        byte[] cut = java.util.Arrays.copyOf(first, first.length - 3);
        ByteBuffer.wrap(cut).putShort(14 + 2, (short) (20 + 13));
        assertThat(offer(bad, cut, SECOND)).isNull();
        assertThat(bad.stats().dropped()).containsEntry(FragmentStats.Drop.MALFORMED, 1L);
    }

    @Test
    void incompleteDatagramsTimeOutInCaptureTime() {
        FragmentConfig cfg = FragmentConfig.builder().timeout(Duration.ofSeconds(30)).build();
        FragmentReassembler r = new FragmentReassembler(cfg);
        List<byte[]> parts = Fragments.ipv4(v4Frame(), 15, new int[] {24});
        assertThat(offer(r, parts.get(0), SECOND)).isNull();
        r.expire(31 * SECOND);
        assertThat(r.size()).as("not yet: 30 s after the first fragment").isEqualTo(1);
        r.expire(32 * SECOND);
        assertThat(r.size()).isZero();
        assertThat(r.stats().dropped()).containsEntry(FragmentStats.Drop.TIMEOUT, 1L);
        assertThat(offer(r, parts.get(1), 33 * SECOND)).as("a new datagram: its first part is gone").isNull();
    }

    @Test
    void aFloodOfFirstFragmentsStaysWithinTheDatagramLimitAndTheRealDatagramStillCompletes() {
        FragmentConfig cfg = FragmentConfig.builder().maxDatagrams(64).build();
        FragmentReassembler r = new FragmentReassembler(cfg);
        List<byte[]> real = Fragments.ipv4(v4Frame(), 1, new int[] {24});
        Random random = new Random(20261206L);
        int flood = 10_000;
        for (int i = 0; i < flood; i++) {
            // spoofed sources, random ids: each starts a datagram that never completes
            byte[] f = Fragments.ipv4(v4Frame(), random.nextInt(), new int[] {24}).get(0);
            ByteBuffer.wrap(f).putInt(14 + 12, random.nextInt());
            offer(r, f, SECOND);
            assertThat(r.size()).isLessThanOrEqualTo(64);
        }
        assertThat(r.stats().dropped().get(FragmentStats.Drop.EVICTED)).isEqualTo(flood - 64L);
        // the real datagram, sent whole after the flood, completes
        assertThat(offer(r, real.get(1), 2 * SECOND)).isNull();
        assertThat(offer(r, real.get(0), 2 * SECOND)).isNotNull();
    }

    @Test
    void heldBytesAreBounded() {
        FragmentConfig cfg = FragmentConfig.builder().maxHeldBytes(8 * 2048).build();
        FragmentReassembler r = new FragmentReassembler(cfg);
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            byte[] f = Fragments.ipv4(v4Frame(), i, new int[] {24}).get(0);
            ByteBuffer.wrap(f).putInt(14 + 12, random.nextInt());
            offer(r, f, SECOND);
        }
        assertThat(r.size()).isLessThanOrEqualTo(8);
        assertThat(r.stats().dropped().get(FragmentStats.Drop.EVICTED)).isGreaterThanOrEqualTo(92L);
    }

    @Test
    void anAtomicIpv6FragmentIsAWholePacket() {
        byte[] f = ethernet(ETH_IPV6, ipv6(44, "2001:db8::1", "2001:db8::2",
                io.peerwatch.testing.Frames.concat(io.peerwatch.testing.Frames.ipv6Fragment(UDP, 0, false),
                        udp(1, 2, PAYLOAD))));
        FragmentReassembler r = new FragmentReassembler();
        assertThat(offer(r, f, SECOND)).isSameAs(packet);
        assertThat(r.stats().fragments()).isZero();
    }

    @Test
    void tinyFragmentsOfManyDatagramsAllComplete() {
        FragmentReassembler r = new FragmentReassembler();
        List<byte[]> all = new ArrayList<>();
        for (int id = 0; id < 50; id++) {
            all.addAll(Fragments.ipv4(v4Frame(), id, new int[] {8, 16, 24, 32, 40, 48, 56, 64}));
        }
        int done = 0;
        for (byte[] f : Fragments.shuffled(all, new Random(5))) {
            if (offer(r, f, SECOND) != null) {
                done++;
            }
        }
        assertThat(done).isEqualTo(50);
        assertThat(r.stats().fragments()).isEqualTo(all.size());
    }
}
