package io.peerwatch.classify;

import static io.peerwatch.testing.Frames.ETH_IPV4;
import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.UDP;
import static io.peerwatch.testing.Frames.ethernet;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.tcp;
import static io.peerwatch.testing.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.flow.FlowTable;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.testing.Captures.Pcap;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packet path (reader, decoder, flow table lookup and counters, payload hand-off to the
 * engine) allocates nothing per packet once its flows exist: a second pass over the same packets
 * allocates (almost) no bytes on this thread. A counter of allocated bytes, not a timing; the
 * JMH {@code -prof gc} benchmark is the precise check.
 */
class SteadyStateAllocationTest {

    private static final int FLOWS = 200;
    private static final int PACKETS_PER_FLOW = 50;

    /** Never decides, so every packet of every flow reaches the engine. */
    static final class UndecidedSignature implements Signature {
        @Override
        public SignatureId id() {
            return SignatureId.TOR;
        }

        @Override
        public Selection selection() {
            return Selection.TCP_OR_UDP;
        }

        @Override
        public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
            return payload.limit() > 0 && payload.get(payload.limit() - 1) == 0x7f ? Verdict.MATCH : Verdict.NEED_MORE;
        }
    }

    @TempDir
    Path dir;

    @Test
    void secondPassOverKnownFlowsAllocatesNothingPerPacket() throws Exception {
        Pcap pcap = Pcap.ethernetMicros();
        byte[] payload = new byte[300];
        for (int p = 0; p < PACKETS_PER_FLOW; p++) {
            for (int f = 0; f < FLOWS; f++) {
                String host = "10.1." + (f / 200) + "." + (f % 200);
                byte[] ip = f % 2 == 0
                        ? ipv4(TCP, host, "192.0.2.1", tcp(40000 + f, 443, 0x18, payload))
                        : ipv4(UDP, "192.0.2.1", host, udp(53, 40000 + f, payload));
                pcap.packet(1000, p * 1000 + f, ethernet(ETH_IPV4, ip));
            }
        }
        Path file = Files.write(dir.resolve("steady.pcap"), pcap.bytes());
        DetectionConfig config = DetectionConfig.builder().maxPacketsPerFlow(1_000_000).build();
        SignatureEngine engine = new SignatureEngine(SignatureRegistry.builder().add(new UndecidedSignature()).build(), config);
        FlowTable table = new FlowTable(engine, flow -> { });
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket pkt = new DecodedPacket();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        long[] allocated = new long[3];
        for (int pass = 0; pass < allocated.length; pass++) {
            try (PacketReader reader = PacketFiles.open(file)) {
                long before = threads.getThreadAllocatedBytes(thread);
                while (reader.next()) {
                    if (decoder.decode(reader.packet(), pkt)) {
                        table.accept(pkt, reader.packet().timestampNanos());
                    }
                }
                allocated[pass] = threads.getThreadAllocatedBytes(thread) - before;
            }
        }
        long packets = (long) FLOWS * PACKETS_PER_FLOW;
        assertThat(table.size()).isEqualTo(FLOWS);
        assertThat(table.stats().packets()).isEqualTo(3 * packets);
        // Pass 1 creates the flows (arrays, scratches); later passes only look them up.
        assertThat(allocated[0]).isGreaterThan(FLOWS * 100L);
        assertThat(allocated[2]).as("bytes allocated for %d packets of known flows", packets).isLessThan(packets);
    }
}
