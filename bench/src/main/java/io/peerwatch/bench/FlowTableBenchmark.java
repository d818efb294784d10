package io.peerwatch.bench;

import io.peerwatch.flow.FlowTable;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.FragmentReassembler;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-packet cost and allocation of the packet path in steady state: decoder, fragment
 * reassembler (which must cost nothing on unfragmented traffic), flow table and signature engine
 * (with describe) over every unfragmented frame of the nDPI corpus, replayed in a loop into
 * one flow table whose flows never time out. The first pass creates and classifies every flow
 * (per-flow allocation, during warm-up); afterwards every packet belongs to a known flow, which
 * is what most packets of a real capture are. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} must be about 0 B/op (one op = one packet).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class FlowTableBenchmark {

    /** One captured frame, copied out of its file at setup. */
    private record Frame(int linkType, ByteBuffer bytes) {
    }

    private final List<Frame> frames = new ArrayList<>();
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final FragmentReassembler fragments = new FragmentReassembler();
    private FlowTable table;
    private long flowsEnded;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        for (Path f : CapturedPackets.captures(CapturedPackets.shared().resolve("corpus/ndpi/pcap"))) {
            try (PacketReader r = PacketFiles.open(f)) {
                while (r.next()) {
                    PacketView v = r.packet();
                    byte[] copy = new byte[v.capturedLength()];
                    v.buffer().get(v.offset(), copy);
                    // Unfragmented traffic only: replayed fragments would be duplicates of held datagrams.
                    if (!decoder.decode(v.linkType(), ByteBuffer.wrap(copy), 0, copy.length, copy.length, packet)
                            || !packet.isFragment()) {
                        frames.add(new Frame(v.linkType(), ByteBuffer.wrap(copy)));
                    }
                }
            }
        }
        DetectionConfig config = DetectionConfig.builder().flowIdleTimeout(Duration.ofDays(3650))
                .flowActiveTimeout(Duration.ofDays(3650)).build();
        table = new FlowTable(new SignatureEngine(SignatureRegistry.defaults(), config), flow -> flowsEnded++);
    }

    @Benchmark
    public int packet() {
        Frame f = frames.get(next);
        next = next + 1 == frames.size() ? 0 : next + 1;
        ByteBuffer b = f.bytes();
        if (decoder.decode(f.linkType(), b, 0, b.limit(), b.limit(), packet)) {
            DecodedPacket p = fragments.offer(packet, b.limit(), 0L);
            if (p != null) {
                table.accept(p, 0L);
            }
        }
        return table.size();
    }
}
