package io.peerwatch.bench.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Job-throughput benchmark driver (issue 9); {@code bench/job/job-throughput.sh} runs its steps
 * against one local broker. Each step prints {@code RESULT key=value ...} lines on stdout (and
 * {@code FAILED ...} with exit code 1 when it fails); {@code report} turns them into Markdown.
 *
 * <pre>
 * JobBench generate      --bootstrap B --corpus LAB --input flows|proxy|packets --topic T --records N
 *                        --sim-minutes M --host-sets H
 * JobBench consumer-perf --bootstrap B --input I --topic T --run R --work DIR
 * JobBench throughput    --bootstrap B --repo CHECKOUT [--label L] --input I --run R --work DIR --timeout-s S
 *                        --flows-topic T --proxy-topic T --packets-topic T [--checkpoint-interval 1s] [--parallelism 2]
 * JobBench latency       (throughput's options) --corpus LAB --rate R --warmup-s S --measure-s S --tail-s S --window 10s
 * JobBench report        --raw RESULTS.txt
 * </pre>
 */
public final class JobBench {

    private JobBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: JobBench generate|consumer-perf|throughput|latency|report --option value ...");
            System.exit(2);
        }
        String step = args[0];
        Map<String, String> o = options(args);
        String input = o.getOrDefault("input", "flows");
        try {
            String result = switch (step) {
                case "generate" -> Generator.generate(o.get("bootstrap"), Path.of(req(o, "corpus")), input, req(o, "topic"),
                        Long.parseLong(req(o, "records")), Double.parseDouble(req(o, "sim-minutes")),
                        Long.parseLong(req(o, "host-sets")));
                case "consumer-perf" -> consumerPerf(o, input);
                case "throughput" -> Throughput.run(settings(o), input, o.getOrDefault("run", "1"),
                        work(o), Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout-s", "600"))));
                case "latency" -> Latency.run(settings(o), Path.of(req(o, "corpus")), work(o),
                        Double.parseDouble(o.getOrDefault("rate", "2000")),
                        Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup-s", "20"))),
                        Duration.ofSeconds(Long.parseLong(o.getOrDefault("measure-s", "120"))),
                        Duration.ofSeconds(Long.parseLong(o.getOrDefault("tail-s", "20"))),
                        o.getOrDefault("window", "10s"),
                        Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout-s", "180"))),
                        Integer.parseInt(o.getOrDefault("batch-bytes", "16384")));
                case "report" -> Report.markdown(Path.of(req(o, "raw")));
                default -> throw new IllegalArgumentException("unknown step " + step);
            };
            System.out.println(result);
            System.out.flush();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            System.out.println("FAILED phase=" + step + " input=" + input + " reason=" + reason);
            System.out.flush();
            System.exit(1);
        }
    }

    private static String consumerPerf(Map<String, String> o, String input) throws Exception {
        String topic = req(o, "topic");
        long records;
        try (Admin admin = Kafka.admin(req(o, "bootstrap"))) {
            records = Kafka.sum(Kafka.endOffsets(admin, topic));
        }
        Path work = work(o);
        ConsumerPerf.writeClientLogConfig(work);
        return ConsumerPerf.run(req(o, "bootstrap"), input, topic, records, o.getOrDefault("run", "1"),
                work);
    }

    private static Throughput.JobSettings settings(Map<String, String> o) {
        Map<String, String> topics = new HashMap<>();
        topics.put("flows", req(o, "flows-topic"));
        topics.put("proxy", req(o, "proxy-topic"));
        topics.put("packets", req(o, "packets-topic"));
        Path repo = Path.of(req(o, "repo")).toAbsolutePath();
        return new Throughput.JobSettings(repo, o.getOrDefault("label", repo.getFileName().toString()), req(o, "bootstrap"), topics,
                o.getOrDefault("checkpoint-interval", "1s"), Integer.parseInt(o.getOrDefault("parallelism", "2")));
    }

    private static Path work(Map<String, String> o) throws java.io.IOException {
        Path w = Path.of(req(o, "work"));
        Files.createDirectories(w);
        return w;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private static String req(Map<String, String> o, String k) {
        String v = o.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + k);
        }
        return v;
    }
}
