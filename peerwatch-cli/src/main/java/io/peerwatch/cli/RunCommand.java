package io.peerwatch.cli;

import io.peerwatch.cli.cluster.ClusterLayout;
import io.peerwatch.cli.cluster.JobSubmission;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.kafka.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peerwatch run}: the streaming job against an existing Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs the streaming job against an existing Kafka cluster.",
            "",
            "Reads flow records (Avro single-object encoding) from the flows topic and writes alerts (Avro and "
                    + "ECS JSON) and dead letters. Started from this command line it runs on an embedded Flink "
                    + "MiniCluster; with --cluster the job jar is submitted to the local cluster of 'peerwatch cluster "
                    + "up' (as 'flink run' would), and the command returns once the job runs there.",
            "",
            "Example:  peerwatch run --bootstrap 127.0.0.1:9092 --window 5m --min-port-flows 10",
            "          peerwatch run --cluster"})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (required, except with --cluster: default its broker).")
    String bootstrap;

    @Option(names = "--cluster", arity = "0..1", paramLabel = "DIR", fallbackValue = ClusterLayout.DEFAULT_DIR,
            description = "Submit the job jar to the local cluster in DIR (default: "
                    + ClusterLayout.DEFAULT_DIR + ", see 'peerwatch cluster') instead of running "
                    + "it embedded.")
    Path cluster;

    @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group of the job (default: ${DEFAULT-VALUE}).")
    String groupId = JobConfig.DEFAULT_GROUP_ID;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX",
            description = "Prefix of the exactly-once sinks' transactional ids; unique per job (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix = JobConfig.DEFAULT_TRANSACTIONAL_ID_PREFIX;

    @Option(names = "--checkpoint-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Checkpoint interval; alerts become visible to read_committed readers at each checkpoint (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval = JobConfig.DEFAULT_CHECKPOINT_INTERVAL;

    @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--[no-]create-topics", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create missing topics before starting (default: ${DEFAULT-VALUE}).")
    boolean createTopics;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of topics created by --create-topics (default: ${DEFAULT-VALUE}).")
    int partitions = 2;

    /** The job's inputs. */
    enum Input { FLOWS, PROXY, PACKETS }

    @Option(names = "--inputs", split = ",", paramLabel = "INPUT",
            description = "Topics to read: flows, proxy, packets (default: all). Leave out inputs that carry no data: "
                    + "an empty input holds event time back for --idleness.")
    java.util.Set<Input> inputs = java.util.EnumSet.allOf(Input.class);

    @Mixin
    JobOptions job;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1 || partitions < 1) {
            throw new IllegalArgumentException("--parallelism and --partitions must be at least 1");
        }
        if (bootstrap == null && cluster == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '--bootstrap=HOST:PORT[,...]' (or --cluster)");
        }
        String bootstrap = this.bootstrap != null ? this.bootstrap : JobSubmission.bootstrap(cluster);
        JobConfig cfg = job.apply(JobConfig.builder(bootstrap))
                .groupId(groupId)
                .transactionalIdPrefix(transactionalIdPrefix)
                .checkpointInterval(checkpointInterval)
                .build();
        if (createTopics) {
            LocalKafka.createTopics(bootstrap, job.inputTopics(), partitions);
            LocalKafka.createTopics(bootstrap, job.outputTopics(), 1);
        }
        if (cluster != null) {
            JobSubmission.submit(cluster, parallelism, JobSubmission
                    .jobArguments(spec.commandLine().getParseResult(), "--cluster", bootstrap), spec.commandLine().getOut());
            return 0;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LocalFlink.loopbackConfiguration());
        env.setParallelism(parallelism);
        PeerWatchJob pj = new PeerWatchJob(cfg);
        pj.configure(env);
        if (inputs.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--inputs needs at least one input");
        }
        pj.build(env, new PeerWatchJob.Inputs(
                inputs.contains(Input.FLOWS) ? Optional.of(KafkaConnectors.flowSource(cfg, false)) : Optional.empty(),
                inputs.contains(Input.PROXY) ? Optional.of(KafkaConnectors.proxySource(cfg, false)) : Optional.empty(),
                inputs.contains(Input.PACKETS) ? Optional.of(KafkaConnectors.packetSource(cfg, false)) : Optional.empty()),
                KafkaConnectors.sinks(cfg));
        System.err.println("peerwatch run: reading " + String.join(", ", job.inputTopics()) + " on " + bootstrap + ", alerts to "
                + cfg.alertsTopic() + " and " + cfg.alertsJsonTopic() + " (Ctrl-C to stop)");
        env.execute("peerwatch");
        return 0;
    }
}
