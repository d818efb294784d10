package io.peerwatch.job;

import io.peerwatch.job.kafka.KafkaConnectors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar ({@code flink run peerwatch-job.jar --bootstrap HOST:PORT ...}):
 * the streaming job against Kafka, on whatever cluster runs it. Options have the names
 * {@code peerwatch run} gives them ({@code --name value} or {@code --name=value}); this main reads
 * {@code --bootstrap} and {@code --blacklist FILE[,FILE...]} and ignores the others.
 */
public final class JobMain {

    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = option(args, "--bootstrap");
        if (bootstrap == null) {
            System.err.println("peerwatch job: --bootstrap HOST:PORT is required");
            System.exit(2);
        }
        String blacklist = option(args, "--blacklist");
        // Absolute: the client resolves them, TaskManagers run in other directories.
        List<String> blacklists = blacklist == null ? List.of() : Arrays.stream(blacklist.split(","))
                .map(f -> Path.of(f).toAbsolutePath().toString()).toList();
        JobConfig cfg = JobConfig.builder(bootstrap).blacklistFiles(blacklists).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PeerWatchJob job = new PeerWatchJob(cfg);
        job.configure(env);
        job.build(env, new PeerWatchJob.Inputs(Optional.of(KafkaConnectors.flowSource(cfg, false)),
                Optional.of(KafkaConnectors.proxySource(cfg, false)), Optional.of(KafkaConnectors.packetSource(cfg, false))),
                KafkaConnectors.sinks(cfg));
        env.execute("peerwatch");
    }

    /** The value of {@code --name value} or {@code --name=value}, the last one given; null when absent. */
    private static String option(String[] args, String name) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith(name + "=")) {
                value = args[i].substring(name.length() + 1);
            }
        }
        return value;
    }
}
