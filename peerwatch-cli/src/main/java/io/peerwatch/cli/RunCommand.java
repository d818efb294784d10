package io.peerwatch.cli;

import io.peerwatch.config.Flag;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.kafka.KafkaConnectors;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code peerwatch run}: the streaming job against an existing Kafka cluster. Its options are the
 * configuration flags ({@link ConfigOptions}), the same the job jar takes.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = true,
        description = {
            "Runs the streaming job against an existing Kafka cluster.",
            "",
            "Reads flow records, proxy records and packet events (Avro single-object encoding) from their topics and "
                    + "writes alerts (Avro and ECS JSON) and dead letters. Started from this command line it runs on an "
                    + "embedded Flink MiniCluster; the job jar (flink run peerwatch-job.jar) takes the same options and "
                    + "configuration file on a cluster. Every setting is a key of the configuration file (peerwatch "
                    + "config defaults); the options below set the common ones, --set KEY=VALUE any other.",
            "",
            "Example:  peerwatch run --bootstrap 127.0.0.1:9092 --config site.yaml --window 5m --min-port-flows 10"})
final class RunCommand implements Callable<Integer>, ConfigOptions.JobCommand {

    private final ConfigOptions config = new ConfigOptions();

    @Spec
    CommandSpec spec;

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
        JobConfig cfg = ConfigOptions.requireKafka(spec, config.jobConfig(spec, Optional.empty()));
        if (cfg.createTopics()) {
            KafkaConnectors.createTopics(cfg);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LocalFlink.loopbackConfiguration());
        env.setParallelism(cfg.parallelism());
        PeerWatchJob pj = new PeerWatchJob(cfg);
        pj.configure(env);
        pj.build(env, KafkaConnectors.inputs(cfg), KafkaConnectors.sinks(cfg));
        System.err.println("peerwatch run: reading " + String.join(", ", cfg.inputTopics()) + " on " + cfg.bootstrapServers()
                + ", alerts to " + cfg.alertsTopic() + " and " + cfg.alertsJsonTopic() + " (Ctrl-C to stop)");
        env.execute("peerwatch");
        return 0;
    }
}
