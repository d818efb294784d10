package io.peerwatch.bench;

import io.peerwatch.classify.ClassifySummary;
import io.peerwatch.classify.Classifier;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The whole library pipeline (mapped reader, decoder, flow table, signatures) over one capture
 * file, flows streamed to a no-op sink: one op = one pass over the file. Packets/s = packets
 * in the file / (s/op). Default file: the merged Ethernet captures of the nDPI corpus that
 * {@code make-bench-pcap.sh} writes ({@code -p file=...} for {@code big_rand.pcap}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ClassifyBenchmark {

    @Param("bench/data/merged_eth.pcap")
    public String file;

    private Classifier classifier;
    private List<Path> files;

    @Setup
    public void setup() {
        Path f = Path.of(file);
        if (!Files.isReadable(f)) {
            throw new IllegalStateException(f + " is missing: run bench/classify-vs-ndpi.sh once to build it");
        }
        files = List.of(f);
        classifier = Classifier.defaults();
    }

    @Benchmark
    public long classify() {
        ClassifySummary s = classifier.classify(files, r -> { });
        return s.packetsRead();
    }
}
