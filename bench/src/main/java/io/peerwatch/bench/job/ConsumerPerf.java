package io.peerwatch.bench.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own consumer performance tool ({@code org.apache.kafka.tools.ConsumerPerformance},
 * kafka-tools) on an input topic, in its own JVM on the benchmark's classpath, read_committed
 * like the job's source. Reports its {@code nMsg.sec} (over the whole run, group join included)
 * and {@code fetch.nMsg.sec} (without the join/rebalance time).
 */
final class ConsumerPerf {

    private ConsumerPerf() {
    }

    static String run(String bootstrap, String input, String topic, long records, String run, Path work) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String group = "bench-perf-" + input + "-" + run + "-" + System.currentTimeMillis();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx1g",
                "-Dlog4j2.configurationFile=" + work.resolve("log4j2-clients.properties"),
                "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", bootstrap, "--topic", topic, "--num-records", Long.toString(records),
                "--group", group, "--timeout", "30000",
                "--command-property", "isolation.level=read_committed"));
        Path out = work.resolve("perf-" + input + "-" + run + ".out");
        Path err = work.resolve("perf-" + input + "-" + run + ".err");
        String loadStart = Kafka.load();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // Its CPU time, read from /proc while it runs (measurement polling; the last reading is
        // at most 50 ms before it exits).
        double cpu = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            cpu = Math.max(cpu, JobProcess.cpuSeconds(p.pid()));
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("ConsumerPerformance did not finish in 300 s");
            }
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || lines.size() < 2) {
            throw new IllegalStateException("ConsumerPerformance failed (exit " + p.exitValue() + "):\n"
                    + String.join("\n", lines) + "\n" + JobProcess.tail(err, 20));
        }
        Map<String, String> v = parse(lines);
        long consumed = Long.parseLong(v.get("data.consumed.in.nMsg"));
        if (consumed < records) {
            throw new IllegalStateException("ConsumerPerformance read " + consumed + " of " + records + " records");
        }
        return String.format(Locale.ROOT,
                "RESULT phase=consumer-perf input=%s run=%s records=%d nmsg_sec=%s fetch_nmsg_sec=%s mb_sec=%s"
                        + " fetch_mb_sec=%s rebalance_ms=%s fetch_ms=%s cpu_s=%.2f load_start=%s load_end=%s",
                input, run, consumed, v.get("nMsg.sec"), v.get("fetch.nMsg.sec"), v.get("MB.sec"), v.get("fetch.MB.sec"),
                v.get("rebalance.time.ms"), v.get("fetch.time.ms"), cpu, loadStart, Kafka.load());
    }

    /** Header line and value line of the tool's CSV output. */
    private static Map<String, String> parse(List<String> lines) {
        int h = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("start.time")) {
                h = i;
            }
        }
        if (h < 0 || h + 1 >= lines.size()) {
            throw new IllegalStateException("unexpected ConsumerPerformance output:\n" + String.join("\n", lines));
        }
        String[] k = lines.get(h).split(",\\s*");
        String[] val = lines.get(h + 1).split(",\\s*");
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < Math.min(k.length, val.length); i++) {
            m.put(k[i].trim(), val[i].trim());
        }
        return m;
    }

    static void writeClientLogConfig(Path work) throws IOException {
        Files.writeString(work.resolve("log4j2-clients.properties"), String.join("\n",
                "status = error",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss} %-5p [%c{1}] %m%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.console.ref = console",
                ""));
    }
}
