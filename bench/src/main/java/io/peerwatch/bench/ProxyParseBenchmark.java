package io.peerwatch.bench;

import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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
 * Proxy-log lines parsed per second, one thread: the lab's real Squid lines (native and
 * combined formats), with client addresses, users, hosts and sizes varied so no two lines in a
 * run of 10,000 are equal. One op = one line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProxyParseBenchmark {

    /** squid (native) or combined. */
    @Param({"squid", "combined"})
    public String format;

    private String[] lines;
    private ProxyLogParser parser;
    private int next;

    @Setup
    public void load() throws Exception {
        String file = format.equals("squid") ? "squid-access-native.log" : "squid-access-combined.log";
        List<String> base = new ArrayList<>();
        for (String scenario : List.of("http-tunnel", "benign-proxy")) {
            base.addAll(Files.readAllLines(CapturedPackets.shared().resolve("corpus/lab/" + scenario + "/" + file)));
        }
        Random rnd = new Random(1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String l = base.get(i % base.size());
            // vary the client address and the size so each line is distinct work
            l = l.replace("198.18.1.40", "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254)));
            out.add(l);
        }
        lines = out.toArray(new String[0]);
        parser = ProxyLogFormat.named(format).newParser();
        if (parse().isEmpty()) {
            throw new IllegalStateException("benchmark lines do not parse as " + format);
        }
    }

    @Benchmark
    public Optional<ProxyRecord> parse() throws ProxyLogException {
        String l = lines[next];
        next = next + 1 == lines.length ? 0 : next + 1;
        return parser.parse(l, "bench", next);
    }

    /** For a quick look without JMH: lines per second of one pass. */
    public static void main(String[] args) throws Exception {
        ProxyParseBenchmark b = new ProxyParseBenchmark();
        b.format = args.length > 0 ? args[0] : "squid";
        b.load();
        long n = 2_000_000;
        long t = System.nanoTime();
        for (long i = 0; i < n; i++) {
            b.parse();
        }
        System.out.printf("%s: %.0f lines/s%n", b.format, n / ((System.nanoTime() - t) / 1e9));
    }
}
