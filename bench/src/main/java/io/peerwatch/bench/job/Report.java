package io.peerwatch.bench.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Markdown tables from the RESULT lines of one benchmark run. */
final class Report {

    private Report() {
    }

    static String markdown(Path raw) throws IOException {
        List<Map<String, String>> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (String line : Files.readAllLines(raw)) {
            if (line.startsWith("RESULT ")) {
                results.add(parse(line));
            } else if (line.startsWith("FAILED ")) {
                failures.add(line.substring(7));
            } else if (line.startsWith("JOBCMD ")) {
                commands.add(line.substring(7));
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("### Record sets\n\n")
                .append("| input | records | avg value bytes | records per copy | copies | internal host sets | event time | corpus files |\n")
                .append("|---|---:|---:|---:|---:|---:|---|---|\n");
        for (Map<String, String> r : of(results, "generate")) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %,d | %s | %s → %s (%s min) | %s |\n",
                    r.get("input"), l(r, "records"), r.get("avg_value_bytes"), r.get("copy_size"), l(r, "copies"),
                    r.get("host_sets"), r.get("event_time_first"), r.get("event_time_last"), r.get("sim_minutes"),
                    r.get("files").replace(",", ", ")));
        }
        b.append("\n### Throughput (job vs Kafka's ConsumerPerformance on the same topic, same run)\n\n")
                .append("| input | job | run | records | job records/s (steady) | job records/s incl. start-up | job start-up s |"
                        + " ConsumerPerformance records/s (fetch.nMsg.sec, best; all runs) | job / consumer | alerts (sorted ids SHA-256) |"
                        + " dead letters | job CPU (cores) | CPU-s per million records: job / consumer | restarts | checkpoints ok/failed, p50/max ms | load/CPU PSI % start → end |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---|---|\n");
        for (Map<String, String> r : of(results, "throughput")) {
            String input = r.get("input");
            double best = 0;
            double perfCpu = Double.NaN;
            List<String> all = new ArrayList<>();
            for (Map<String, String> p : of(results, "consumer-perf")) {
                if (p.get("input").equals(input)) {
                    double f = d(p, "fetch_nmsg_sec");
                    if (f > best) {
                        best = f;
                        perfCpu = d(p, "cpu_s") / (l(p, "records") / 1e6);
                    }
                    all.add(String.format(Locale.ROOT, "%,.0f", f));
                }
            }
            double job = d(r, "job_rps");
            b.append(String.format(Locale.ROOT,
                    "| %s | %s | %s | %,d | **%,.0f** | %,.0f | %.1f | %,.0f (%s) | **%.3f** | %,d (%s) | %,d | %.2f | %.0f / %.1f | %s | %s/%s, %s/%s | %s → %s |\n",
                    input, r.getOrDefault("job", "-"), r.get("run"), l(r, "records"), job, d(r, "job_rps_from_launch"), d(r, "startup_s"), best,
                    String.join("; ", all), best > 0 ? job / best : Double.NaN, l(r, "alerts"), r.get("alert_ids_sha256"),
                    l(r, "deadletters"),
                    d(r, "job_cpu_cores"), d(r, "job_cpu_s") / ((l(r, "records") - l(r, "records_at_first_commit")) / 1e6),
                    perfCpu, r.get("restarts"), r.get("checkpoints_completed"), r.get("checkpoints_failed"),
                    r.get("checkpoint_p50_ms"), r.get("checkpoint_max_ms"), r.get("load_start"), r.get("load_end")));
        }
        List<Map<String, String>> lat = of(results, "latency");
        if (!lat.isEmpty()) {
            b.append("\n### Alert latency (flow input, event time = wall clock, window end → alert)\n\n")
                    .append("| job | records/s | producer batch | --window | checkpoint | measured s | alerts measured (types) |"
                            + " append p50 / p99 / max ms | visible (read_committed) p50 / p99 / max ms | job lag at end (records) |"
                            + " restarts | load/CPU PSI % start → end |\n")
                    .append("|---|---:|---:|---|---|---:|---|---|---|---:|---:|---|\n");
            for (Map<String, String> r : lat) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s (%s) | %s / %s / %s | **%s / %s** / %s | %s | %s | %s → %s |\n",
                        r.getOrDefault("job", "-"), r.get("rate"), r.get("producer_batch_bytes"), r.get("window"), r.get("checkpoint_interval"), r.get("measure_s"), r.get("samples"),
                        r.get("types"), r.get("append_p50_ms"), r.get("append_p99_ms"), r.get("append_max_ms"),
                        r.get("visible_p50_ms"), r.get("visible_p99_ms"), r.get("visible_max_ms"), r.get("lag_at_end"),
                        r.get("restarts"), r.get("load_start"), r.get("load_end")));
            }
        }
        if (!commands.isEmpty()) {
            b.append("\nJob commands (as launched):\n\n```\n");
            commands.forEach(c -> b.append(c).append('\n'));
            b.append("```\n");
        }
        if (!failures.isEmpty()) {
            b.append("\n### Failures\n\n");
            failures.forEach(f -> b.append("- ").append(f).append('\n'));
        }
        return b.toString();
    }

    private static List<Map<String, String>> of(List<Map<String, String>> all, String phase) {
        return all.stream().filter(r -> phase.equals(r.get("phase"))).toList();
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String t : line.substring(7).trim().split(" ")) {
            int i = t.indexOf('=');
            if (i > 0) {
                m.put(t.substring(0, i), t.substring(i + 1));
            }
        }
        return m;
    }

    private static long l(Map<String, String> r, String k) {
        String v = r.get(k);
        return v == null ? -1 : Long.parseLong(v);
    }

    private static double d(Map<String, String> r, String k) {
        String v = r.get(k);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }
}
