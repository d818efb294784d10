package io.peerwatch.bench;

import io.peerwatch.blacklist.BlacklistMatch;
import io.peerwatch.blacklist.BlacklistParser;
import io.peerwatch.blacklist.DomainBlacklist;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Blacklist lookups per second with a hosts-file list of {@code entries} domains (default
 * 1 million, generated in the hosts format: no public list can be downloaded here), and the
 * memory the list takes (printed at setup: the list's own estimate and the heap growth after
 * GC). Lookups: one third listed names, one third subdomains of listed names (suffix rule),
 * one third near misses. One op = one lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class BlacklistBenchmark {

    @Param("1000000")
    public int entries;

    private DomainBlacklist list;
    private String[] queries;
    private int next;

    @Setup(Level.Trial)
    public void build() throws Exception {
        Random rnd = new Random(7);
        String[] tlds = {"com", "net", "org", "info", "biz", "ru", "cn", "de", "io", "co.uk"};
        String[] names = new String[entries];
        StringBuilder hosts = new StringBuilder(entries * 32);
        hosts.append("# generated hosts-format list\n127.0.0.1 localhost\n");
        for (int i = 0; i < entries; i++) {
            names[i] = label(rnd) + (i % 3 == 0 ? "." + label(rnd) : "") + "." + tlds[rnd.nextInt(tlds.length)];
            hosts.append(i % 2 == 0 ? "0.0.0.0 " : "127.0.0.1 ").append(names[i]).append('\n');
        }
        String text = hosts.toString();
        hosts = null;
        long before = usedHeap(); // the input text stays referenced until after the second reading
        list = new BlacklistParser().add(new StringReader(text), "generated-hosts").build().list();
        long after = usedHeap();
        text = null;
        System.out.printf("%n[blacklist] %,d entries loaded; list estimate %,d bytes (%.1f B/entry); heap growth %,d bytes%n",
                list.size(), list.memoryBytes(), list.memoryBytes() / (double) list.size(), after - before);
        queries = new String[30_000];
        for (int i = 0; i < queries.length; i++) {
            String n = names[rnd.nextInt(entries)];
            queries[i] = switch (i % 3) {
                case 0 -> n;
                case 1 -> "www." + label(rnd) + "." + n;
                default -> "not" + n;
            };
        }
    }

    private static String label(Random rnd) {
        int len = 4 + rnd.nextInt(10);
        char[] c = new char[len];
        for (int i = 0; i < len; i++) {
            c[i] = (char) ('a' + rnd.nextInt(26));
        }
        return new String(c);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Benchmark
    public Optional<BlacklistMatch> lookup() {
        String q = queries[next];
        next = next + 1 == queries.length ? 0 : next + 1;
        return list.match(q);
    }
}
