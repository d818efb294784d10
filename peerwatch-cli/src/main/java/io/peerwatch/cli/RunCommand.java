package io.peerwatch.cli;

import io.peerwatch.cli.cluster.ClusterLayout;
import io.peerwatch.cli.cluster.JobSubmission;
import io.peerwatch.config.Flag;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.config.ConfigArgs;
import io.peerwatch.job.kafka.KafkaConnectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwatch run}: the streaming job against an existing Kafka cluster, embedded here or,
 * with {@code --cluster}, submitted as the job jar to the local cluster. Its options are the
 * configuration flags ({@link ConfigOptions}), the same the job jar takes.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = true,
        description = {
            "Runs the streaming job against an existing Kafka cluster.",
            "",
            "Reads flow records, proxy records and packet events (Avro single-object encoding) from their topics and "
                    + "writes alerts (Avro and ECS JSON) and dead letters. Started from this command line it runs on an "
                    + "embedded Flink MiniCluster; with --cluster the job jar is submitted to the local cluster of "
                    + "'peerwatch cluster up' (as 'flink run' would) and the command returns once the job runs there. "
                    + "The job jar (flink run peerwatch-job.jar) takes the same options and configuration file on any "
                    + "cluster. Every setting is a key of the configuration file (peerwatch config defaults); the "
                    + "options below set the common ones, --set KEY=VALUE any other.",
            "",
            "Example:  peerwatch run --bootstrap 127.0.0.1:9092 --config site.yaml --window 5m --min-port-flows 10",
            "          peerwatch run --cluster --inputs flows,proxy"})
final class RunCommand implements Callable<Integer>, ConfigOptions.JobCommand {

    private final ConfigOptions config = new ConfigOptions();

    @picocli.CommandLine.Mixin
    StateDir stateDir = new StateDir();

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster", arity = "0..1", paramLabel = "DIR", fallbackValue = ClusterLayout.DEFAULT_DIR,
            description = "Submit the job jar to the local cluster in DIR (default: " + ClusterLayout.DEFAULT_DIR
                    + ", see 'peerwatch cluster') instead of running it embedded; its broker is the default --bootstrap.")
    Path cluster;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "With --cluster: resume the job from this savepoint (see 'peerwatch cluster stop'): its "
                    + "windows, flows, suppression intervals, input offsets and open alert transactions.")
    String fromSavepoint;

    @Override
    public ConfigOptions config() {
        return config;
    }

    @Override
    public Set<Flag.Scope> flagScopes() {
        return EnumSet.allOf(Flag.Scope.class);
    }

    @Override
    public Integer call() throws Exception {
        if (fromSavepoint != null && cluster == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--from-savepoint needs --cluster");
        }
        if (cluster != null && config.jobConfig(spec, Optional.empty()).bootstrapServers().isEmpty()) {
            config.args().add("--bootstrap", JobSubmission.bootstrap(cluster));
        }
        JobConfig cfg = ConfigOptions.requireKafka(spec, config.jobConfig(spec, Optional.empty()));
        // A wrong address fails here within seconds, not after the Kafka clients' minute of retries.
        KafkaCheck.requireReachable(cfg.bootstrapServers(), cfg.kafkaProperties());
        if (cfg.createTopics()) {
            KafkaConnectors.createTopics(cfg);
        }
        if (cluster != null) {
            JobSubmission.submit(cluster, cfg.parallelism(), io.peerwatch.cli.cluster.ClusterBuild.jobJar(),
                    Optional.ofNullable(fromSavepoint), jobArguments(), spec.commandLine().getOut());
            return 0;
        }
        org.apache.flink.configuration.Configuration flink = LocalFlink.loopbackConfiguration();
        stateDir.embeddedCheckpoints(flink, "run");
        int restPort = freeLoopbackPort();
        flink.set(org.apache.flink.configuration.RestOptions.PORT, restPort);
        flink.set(org.apache.flink.configuration.RestOptions.BIND_PORT, Integer.toString(restPort));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(cfg.parallelism());
        PeerWatchJob pj = new PeerWatchJob(cfg);
        pj.configure(env);
        pj.build(env, KafkaConnectors.inputs(cfg), KafkaConnectors.sinks(cfg));
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.println("peerwatch run: reading " + String.join(", ", cfg.inputTopics()) + " on " + cfg.bootstrapServers()
                + ", alerts to " + cfg.alertsTopic() + " and " + cfg.alertsJsonTopic() + " (Ctrl-C to stop)");
        err.println("peerwatch run: Flink web UI and REST API on http://127.0.0.1:" + restPort + "/; log in "
                + stateDir.logFile("run"));
        err.flush();
        Thread said = new Thread(() -> {
            err.println("peerwatch run: stopping (the job's last alerts were committed at its last checkpoint)");
            err.flush();
        }, "peerwatch-run-stop");
        Runtime.getRuntime().addShutdownHook(said);
        env.execute("peerwatch");
        return 0;
    }

    /** A free TCP port on 127.0.0.1 for the embedded cluster's REST endpoint, so it can be named. */
    private static int freeLoopbackPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The job jar's arguments: the configuration options as given, in order (the jar parses the
     * same flags), with configuration files as absolute paths since the client may run elsewhere.
     */
    List<String> jobArguments() {
        List<String> out = new ArrayList<>();
        for (ConfigArgs.Use u : config.args().uses()) {
            out.add(u.flag());
            if (u.text() != null) {
                out.add(u.flag().equals(ConfigArgs.CONFIG) ? Path.of(u.text()).toAbsolutePath().toString() : u.text());
            }
        }
        return out;
    }
}
