package io.peerwatch.job;

import io.peerwatch.config.ConfigException;
import io.peerwatch.job.config.JobArgs;
import io.peerwatch.job.config.JobKeys;
import io.peerwatch.job.kafka.KafkaConnectors;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar ({@code flink run peerwatch-job.jar --config peerwatch.yaml
 * --bootstrap HOST:PORT ...}): the streaming job against Kafka, on whatever cluster runs it. It
 * takes the same configuration file and flags as {@code peerwatch run} (both read
 * {@link JobKeys#ALL}; this jar parses them without picocli). A bad option or setting prints one
 * line and exits with code 2.
 */
public final class JobMain {

    /** Exit code of bad usage or configuration. */
    public static final int USAGE = 2;

    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        JobConfig cfg;
        try {
            Optional<JobConfig> parsed = configure(args);
            if (parsed.isEmpty()) {
                System.out.print(JobArgs.usage(JobKeys.ALL, "flink run peerwatch-job.jar"));
                return;
            }
            cfg = parsed.get();
        } catch (IllegalArgumentException e) {
            System.err.println("peerwatch job: " + e.getMessage());
            System.exit(USAGE);
            return;
        }
        if (cfg.createTopics()) {
            KafkaConnectors.createTopics(cfg);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (cfg.settings().isSet(JobKeys.PARALLELISM.name())) {
            env.setParallelism(cfg.parallelism()); // else the cluster's default, or flink run -p
        }
        PeerWatchJob job = new PeerWatchJob(cfg);
        job.configure(env);
        job.build(env, KafkaConnectors.inputs(cfg), KafkaConnectors.sinks(cfg));
        env.execute("peerwatch");
    }

    /**
     * The configuration of a command line, or empty when it asks for {@code --help}: defaults,
     * then {@code --config} files, then flags; Kafka's bootstrap servers are required.
     *
     * @throws ConfigException for a bad key or value, naming where it came from
     * @throws IllegalArgumentException for an unknown option or a missing value
     */
    public static Optional<JobConfig> configure(String[] args) {
        JobArgs.Parsed p = JobArgs.parse(JobKeys.ALL, args);
        if (p.help()) {
            return Optional.empty();
        }
        JobConfig cfg = JobConfig.of(p.config().settings(JobKeys.ALL, Optional.empty(), Path.of("")));
        cfg.library().checkFiles();
        return Optional.of(cfg.requireKafka());
    }
}
