package io.peerwatch.bench;

import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowTable;
import io.peerwatch.flow.FlowTableStats;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.LinkType;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A flood of spoofed sources through the flow table: {@code N} TCP SYNs, each from a new random
 * source address and port, with a real BitTorrent handshake flow every 10,000 packets. Prints the
 * flow table's bound, its peak, evictions, packets per second, the heap in use after a full GC
 * at the end of the flood (state still held) and the peak heap of the run, and whether every
 * BitTorrent flow was still classified. Bounded by the packet count, not by time.
 *
 * <p>{@code java -Xmx1g -cp "$(cat bench/target/bench-classpath.txt):bench/target/classes"
 * io.peerwatch.bench.FloodBench 3000000 [maxFlows]}
 */
public final class FloodBench {

    private static final int P2P_EVERY = 10_000;

    private FloodBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        int maxFlows = args.length > 1 ? Integer.parseInt(args[1]) : DetectionConfig.DEFAULT_MAX_FLOWS;
        long[] p2p = new long[2];
        FlowTable t = new FlowTable(new SignatureEngine(SignatureRegistry.defaults(),
                DetectionConfig.builder().maxFlows(maxFlows).build()), (Flow f) -> {
                    if (f.key().serverPort() == 6881) {
                        p2p[0]++;
                        if (f.classification().filter(c -> c.protocol() == Protocol.BITTORRENT).isPresent()) {
                            p2p[1]++;
                        }
                    }
                });
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        SplittableRandom r = new SplittableRandom(1);
        byte[] syn = tcp(0x02, new byte[0]);
        byte[] hs = handshake();
        byte[] data = tcp(0x18, hs);
        long start = System.nanoTime();
        int peers = 0;
        for (int i = 0; i < n; i++) {
            spoof(syn, r.nextInt() | 0x01000000, 1024 + r.nextInt(60000), 0xc6120909, 80);
            feed(decoder, d, t, syn, i * 1_000L);
            if (i % P2P_EVERY == 0) {
                int peer = 0xc612c800 | (peers % 250 + 1);
                spoof(syn, 0xc6120107, 50000 + peers % 10000, peer, 6881);
                feed(decoder, d, t, syn, i * 1_000L + 1);
                spoof(data, 0xc6120107, 50000 + peers % 10000, peer, 6881);
                feed(decoder, d, t, data, i * 1_000L + 2);
                spoof(data, peer, 6881, 0xc6120107, 50000 + peers % 10000);
                feed(decoder, d, t, data, i * 1_000L + 3);
                peers++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        long heldMb = heapUsedMb();
        long peakMb = peakHeapMb();
        FlowTableStats s = t.stats();
        t.flush();
        System.out.printf(Locale.ROOT, "packets %,d  maxFlows %,d  peakFlows %,d  evictions %,d  %.0f k packets/s%n",
                n, maxFlows, s.peakFlows(), s.evictions(), n / seconds / 1000);
        System.out.printf(Locale.ROOT, "heap after flood (full GC, state held) %d MB, peak heap %d MB, -Xmx %d MB%n",
                heldMb, peakMb, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "BitTorrent flows %d, classified BitTorrent %d%n", p2p[0], p2p[1]);
    }

    private static void feed(PacketDecoder decoder, DecodedPacket d, FlowTable t, byte[] ip, long nanos) {
        if (decoder.decode(LinkType.RAW, ByteBuffer.wrap(ip), 0, ip.length, ip.length, d)) {
            t.accept(d, nanos);
        }
    }

    /** An IPv4 TCP packet (checksums left zero: nothing here checks them). */
    private static byte[] tcp(int flags, byte[] payload) {
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 6;
        p[32] = 0x50;
        p[33] = (byte) flags;
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    private static void spoof(byte[] p, int src, int sport, int dst, int dport) {
        putInt(p, 12, src);
        putInt(p, 16, dst);
        p[20] = (byte) (sport >>> 8);
        p[21] = (byte) sport;
        p[22] = (byte) (dport >>> 8);
        p[23] = (byte) dport;
    }

    private static void putInt(byte[] p, int at, int v) {
        p[at] = (byte) (v >>> 24);
        p[at + 1] = (byte) (v >>> 16);
        p[at + 2] = (byte) (v >>> 8);
        p[at + 3] = (byte) v;
    }

    private static byte[] handshake() {
        byte[] h = new byte[68];
        h[0] = 19;
        byte[] name = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, h, 1, name.length);
        byte[] id = "-TR3000-000000000001".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, h, 48, id.length);
        return h;
    }

    private static long heapUsedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }
}
