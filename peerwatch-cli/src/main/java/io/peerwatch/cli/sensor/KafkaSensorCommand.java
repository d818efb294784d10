package io.peerwatch.cli.sensor;

import io.peerwatch.cli.ConfigOptions;
import io.peerwatch.cli.KafkaCheck;
import io.peerwatch.cli.StateDir;
import io.peerwatch.config.Flag;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.config.KafkaClientProperties;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the three sensors share: their Kafka settings come from the one configuration
 * ({@code --config FILE}, {@code --set KEY=VALUE}, {@code --bootstrap}), so a sensor uses the same
 * {@code kafka.bootstrap-servers} and {@code kafka.properties.*} (security included) as the job
 * and the other commands; {@code --producer-property} overrides single producer settings.
 */
abstract class KafkaSensorCommand implements Callable<Integer>, ConfigOptions.JobCommand {

    private final ConfigOptions config = new ConfigOptions();

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "Kafka producer setting overriding the sensor's and kafka.properties.* (repeatable), e.g. linger.ms=50.")
    Map<String, String> producerProperties = Map.of();

    @Mixin
    BrokerWait brokerWait = new BrokerWait();

    @Mixin
    StateDir stateDir = new StateDir();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * Where and how a sensor writes to Kafka.
     *
     * @param bootstrap bootstrap servers
     * @param producer producer settings over the sensor's defaults: {@code kafka.properties.*}, then
     *     {@code --producer-property}
     */
    record KafkaTarget(String bootstrap, Map<String, String> producer) {
    }

    @Override
    public ConfigOptions config() {
        return config;
    }

    @Override
    public Set<Flag.Scope> flagScopes() {
        return EnumSet.of(Flag.Scope.KAFKA);
    }

    @Override
    public boolean offers(Flag flag) {
        return flag.name().equals("--bootstrap");
    }

    /** The configured Kafka target; a usage error (exit code 2) when there is no bootstrap. */
    KafkaTarget kafka() {
        JobConfig cfg = ConfigOptions.requireKafka(spec, config.jobConfig(spec, Optional.empty()));
        Map<String, String> producer = new LinkedHashMap<>(cfg.kafkaProperties());
        producer.putAll(producerProperties);
        return new KafkaTarget(cfg.bootstrapServers(), KafkaClientProperties.withProviders(producer));
    }

    /** {@link BrokerWait#ready} for {@code target}, named after this command. */
    boolean brokerReady(KafkaTarget target, PrintWriter err) throws KafkaCheck.UnreachableException, InterruptedException {
        return brokerWait.ready(target.bootstrap(), target.producer(), spec.qualifiedName(), err);
    }
}
