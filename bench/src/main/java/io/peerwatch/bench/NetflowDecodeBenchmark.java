package io.peerwatch.bench;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.netflow.DecodeListener;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.netflow.FlowDecoder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The NetFlow collector's decode step alone, one thread: the datagrams of the lab's softflowd
 * export (the replay the collector benchmark sends, templates included), decoded in turn by one
 * {@link FlowDecoder} as one exporter's stream. One op = one datagram; the flows go to a listener
 * that only counts them, so the figure is the decoder's own time and allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NetflowDecodeBenchmark {

    /** v9 or v10 (IPFIX). */
    @Param({"v9", "v10"})
    public String version;

    private ByteBuffer[] datagrams;
    private FlowDecoder decoder;
    private final IpAddress exporter = IpAddress.parse("198.18.0.1");
    private int next;
    private long clockMs = 1_700_000_000_000L;
    private long flows;
    private final DecodeListener count = new DecodeListener() {
        @Override
        public void onFlow(FlowRecord flow) {
            flows++;
        }
    };

    @Setup
    public void load() throws Exception {
        List<CapturedPackets.Payload> p = CapturedPackets.payloads(List.of(CapturedPackets.shared()
                .resolve("corpus/lab/netflow/export-netflow-" + version + "-s1.pcap")));
        datagrams = p.stream().filter(x -> x.ipProtocol() == 17).map(CapturedPackets.Payload::bytes)
                .toArray(ByteBuffer[]::new);
        if (datagrams.length == 0) {
            throw new IllegalStateException("no export datagrams in the " + version + " capture");
        }
        decoder = new FlowDecoder(DecoderConfig.defaults());
    }

    @Benchmark
    public long decode() {
        ByteBuffer d = datagrams[next];
        next = next + 1 == datagrams.length ? 0 : next + 1;
        clockMs += 1; // a stream in time order, as the collector receives it
        return decoder.decode(d.duplicate(), exporter, clockMs, count) + flows;
    }
}
