package io.peerwatch.classify;

import static io.peerwatch.testing.Frames.ETH_IPV4;
import static io.peerwatch.testing.Frames.ETH_IPV6;
import static io.peerwatch.testing.Frames.ICMP;
import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.UDP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.concat;
import static io.peerwatch.testing.Frames.ethernet;
import static io.peerwatch.testing.Frames.icmp;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.ipv6;
import static io.peerwatch.testing.Frames.ipv6Extension;
import static io.peerwatch.testing.Frames.ipv6Fragment;
import static io.peerwatch.testing.Frames.tcp;
import static io.peerwatch.testing.Frames.udp;
import static io.peerwatch.testing.Frames.vlanTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.peerwatch.flow.FlowTable;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.LinkType;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.testing.Captures.Pcap;
import io.peerwatch.testing.Captures.Pcapng;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated capture files through the production path (reader, decoder, flow table,
 * engine, classifier): the only exception allowed out of a reader is
 * {@link PacketFileException}, and the classifier never throws at all. Bounded iterations,
 * fixed seed, so a failure reproduces.
 */
class MalformedInputFuzzTest {

    private static final long SEED = 0x5eed_f00dL;
    private static final int ITERATIONS = 800;

    @TempDir
    Path dir;

    private static List<byte[]> frames() {
        byte[] hello = ascii("GET /announce?info_hash=abc HTTP/1.1\r\n\r\n");
        return List.of(
                ethernet(ETH_IPV4, ipv4(TCP, "10.0.0.1", "10.0.0.2", tcp(40000, 6881, 0x02, new byte[0]))),
                ethernet(ETH_IPV4, ipv4(TCP, "10.0.0.2", "10.0.0.1", tcp(6881, 40000, 0x18, hello))),
                ethernet(0x8100, concat(vlanTag(5, ETH_IPV4), ipv4(UDP, "10.0.0.1", "10.0.0.3", udp(5000, 53, hello)))),
                ethernet(ETH_IPV4, ipv4(ICMP, "10.0.0.1", "10.0.0.4", icmp(8, 0, 9, 1, hello))),
                ethernet(ETH_IPV6, ipv6(0, "2001:db8::1", "2001:db8::2",
                        concat(ipv6Extension(44, 0), ipv6Fragment(UDP, 0, true), udp(1, 2, hello)))),
                ethernet(ETH_IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.3", 0x2000 | 3, new byte[0], hello)));
    }

    private static byte[] seedPcap(ByteOrder order, int magic) {
        Pcap p = new Pcap(order, magic, 65535, LinkType.ETHERNET);
        int t = 0;
        for (byte[] f : frames()) {
            p.packet(100 + t, t * 1000, f);
            t++;
        }
        return p.bytes();
    }

    private static byte[] seedPcapng() {
        Pcapng p = new Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0).iface(LinkType.RAW, 0, 9, 0);
        int t = 0;
        for (byte[] f : frames()) {
            p.epb(0, 1_000_000L * t++, f);
        }
        p.epb(1, 5, ipv4(UDP, "10.0.0.9", "10.0.0.8", udp(7, 8, ascii("raw"))));
        p.section(ByteOrder.BIG_ENDIAN).iface(LinkType.LINUX_SLL, 128).spb(60, new byte[60]);
        return p.bytes();
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int i = 0, n = 1 + r.nextInt(20); i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 2 -> {
                int at = 4 * r.nextInt(b.length / 4);
                int[] extreme = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 12, 65536, r.nextInt()};
                ByteBuffer.wrap(b).order(r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                        .putInt(Math.min(at, b.length - 4), extreme[r.nextInt(extreme.length)]);
            }
            case 3 -> {
                byte[] junk = new byte[r.nextInt(64)];
                r.nextBytes(junk);
                int at = r.nextInt(b.length);
                b = concat(java.util.Arrays.copyOf(b, at), junk, java.util.Arrays.copyOfRange(b, at, b.length));
            }
            default -> {
                // Keep the magic, randomise everything after it.
                byte[] tail = new byte[r.nextInt(400)];
                r.nextBytes(tail);
                b = concat(java.util.Arrays.copyOf(b, 4), tail);
            }
        }
        return b;
    }

    @Test
    void mutatedCapturesOnlyEverThrowPacketFileException() throws Exception {
        Random r = new Random(SEED);
        List<byte[]> seeds = List.of(seedPcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4),
                seedPcap(ByteOrder.BIG_ENDIAN, 0xa1b23c4d), seedPcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2cd34), seedPcapng());
        SignatureEngine engine = new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults());
        long packets = 0;
        long errors = 0;
        Path file = dir.resolve("fuzz.bin");
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(seeds.get(i % seeds.size()), r);
            Files.write(file, input);
            PacketDecoder decoder = new PacketDecoder();
            DecodedPacket pkt = new DecodedPacket();
            FlowTable table = new FlowTable(engine, flow -> flow.toFlowRecords());
            try (PacketReader reader = PacketFiles.open(file)) {
                while (reader.next()) {
                    packets++;
                    if (decoder.decode(reader.packet(), pkt)) {
                        table.accept(pkt, reader.packet().timestampNanos());
                    }
                }
            } catch (PacketFileException e) {
                errors++;
                assertThat(e.getMessage()).contains("fuzz.bin").contains("at byte " + e.offset());
            } catch (RuntimeException | Error e) {
                fail("iteration " + i + " (seed " + SEED + ") threw " + e, e);
            }
            table.flush();
            try {
                Classifier.defaults().classify(List.of(file));
            } catch (RuntimeException | Error e) {
                fail("classifier, iteration " + i + " (seed " + SEED + ") threw " + e, e);
            }
        }
        // The mutations must exercise both outcomes, or the test proves little.
        assertThat(errors).isGreaterThan(ITERATIONS / 10);
        assertThat(packets).isGreaterThan(ITERATIONS);
    }
}
