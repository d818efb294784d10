package io.peerwatch.cli;

import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.cli.DemoTraffic;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.schemas.TopicCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.peerwatch.config.Flag;
import io.peerwatch.config.Origin;
import io.peerwatch.config.Settings;
import io.peerwatch.job.config.JobKeys;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwatch demo}: a real local Kafka broker, the job on an embedded Flink MiniCluster and
 * generated corporate traffic replayed in accelerated simulated time; alerts print as they are
 * committed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs PeerWatch end to end on this machine, printing alerts as they fire.",
            "",
            "Starts a real Kafka broker on 127.0.0.1, runs the streaming job on an embedded Flink MiniCluster, "
                    + "replays generated corporate traffic (a few hundred hosts, a handful running P2P clients) in "
                    + "accelerated time, and prints each alert as it is committed. Stops after --duration, or on Ctrl-C.",
            "",
            "Example:  peerwatch demo --duration 60s --hosts 500 --p2p-hosts 6"})
final class DemoCommand implements Callable<Integer>, ConfigOptions.JobCommand {

    /** Alerts of the demo are committed every 2 s, so they print soon after each simulated window. */
    static final Duration DEMO_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private final ConfigOptions config = new ConfigOptions();

    @Override
    public ConfigOptions config() {
        return config;
    }

    @Override
    public Set<Flag.Scope> flagScopes() {
        return EnumSet.of(Flag.Scope.ALL, Flag.Scope.STREAMING);
    }

    /**
     * Flags of the job that only proxy logs or packets use: the demo generates flow records only,
     * so it does not offer them (blacklists, file rules and quotas judge proxy-log lines, the
     * watch list P2P search strings in packets).
     */
    static final Set<String> NOT_FOR_FLOWS = Set.of("--blacklist", "--file-rules", "--hour-quota-mb", "--day-quota-mb",
            "--watch-list");

    @Override
    public boolean offers(Flag flag) {
        return !NOT_FOR_FLOWS.contains(flag.name());
    }

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this long (wall clock), e.g. 60s or 5m; 0 runs until Ctrl-C (default: 0).")
    Duration duration = Duration.ZERO;

    @Option(names = "--hosts", paramLabel = "N", description = "Internal hosts (default: ${DEFAULT-VALUE}).")
    int hosts = 300;

    @Option(names = "--p2p-hosts", paramLabel = "N", description = "Hosts running a P2P client (default: ${DEFAULT-VALUE}).")
    int p2pHosts = 4;

    @Option(names = "--speed", paramLabel = "X",
            description = "Simulated seconds per wall-clock second; at 10 a one-minute window closes every 6 s (default: ${DEFAULT-VALUE}).")
    int speed = 10;

    @Option(names = "--seed", paramLabel = "N", description = "Traffic generator seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @picocli.CommandLine.Mixin
    StateDir stateDir = new StateDir();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Origin of the demo's own defaults in error messages. */
    private static final Origin DEMO = new Origin("peerwatch demo", 0);

    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (speed < 1 || speed > 1000 || duration.isNegative()) {
            throw new IllegalArgumentException("--speed must be 1..1000, --duration not negative");
        }
        // The demo's own defaults sit between the built-in ones and a file: its broker is private.
        Settings demoDefaults = Settings.builder(JobKeys.ALL)
                .set(JobKeys.GROUP_ID, "peerwatch-demo", DEMO)
                .set(JobKeys.TRANSACTIONAL_ID_PREFIX, "peerwatch-demo-" + ProcessHandle.current().pid(), DEMO)
                .set(JobKeys.CHECKPOINT_INTERVAL, DEMO_CHECKPOINT_INTERVAL, DEMO)
                .build();
        JobConfig configured = config.jobConfig(spec, Optional.of(demoDefaults));
        DemoTraffic traffic = new DemoTraffic(hosts, p2pHosts, seed);
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runDemo(configured, traffic, out);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C path: the hook is running
            }
        }
    }

    private int runDemo(JobConfig configured, DemoTraffic traffic, PrintWriter out) throws Exception {
        out.println("Starting a local Kafka broker on 127.0.0.1 ...");
        out.flush();
        try (LocalKafka kafka = LocalKafka.start()) {
            JobConfig cfg = JobConfig.of(configured.settings().toBuilder(JobKeys.ALL)
                    .set(JobKeys.BOOTSTRAP, kafka.bootstrapServers(), DEMO).build());
            int parallelism = cfg.parallelism();
            kafka.createTopics(List.of(cfg.flowsTopic(), cfg.proxyTopic(), cfg.packetsTopic()), parallelism);
            kafka.createTopics(cfg.outputTopics(), 1);

            org.apache.flink.configuration.Configuration flink = LocalFlink.loopbackConfiguration();
            Path checkpoints = stateDir.embeddedCheckpoints(flink, "demo");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
            PeerWatchJob pj = new PeerWatchJob(cfg);
            pj.configure(env);
            // The demo generates flow records only: an input that never carries data would hold
            // event time back until its idleness timeout.
            pj.build(env, PeerWatchJob.Inputs.flows(KafkaConnectors.flowSource(cfg, false)), KafkaConnectors.sinks(cfg));
            JobClient client = env.executeAsync("peerwatch-demo");

            out.printf("Kafka %s | Flink MiniCluster, parallelism %d | %d hosts, P2P on: %s%n", kafka.bootstrapServers(),
                    parallelism, hosts, String.join(", ", traffic.p2pHosts()));
            out.printf("Simulated time x%d: a %d s P2P_PORT_ACTIVITY window closes every %.1f s. Alerts (topic %s):%n", speed,
                    cfg.window().toSeconds(), cfg.window().toMillis() / 1000.0 / speed, cfg.alertsTopic());
            out.flush();

            AtomicLong alerts = new AtomicLong();
            Thread printer = new Thread(() -> printAlerts(cfg, out, alerts), "demo-alerts");
            printer.setDaemon(true);
            printer.start();

            long flows = produce(cfg, traffic);
            stop.set(true);
            printer.join(5_000);
            client.cancel().get(30, TimeUnit.SECONDS);
            StateDir.removeTree(checkpoints);
            out.printf("Stopped: %,d flow records produced, %d alerts printed.%n", flows, alerts.get());
            out.flush();
        }
        return 0;
    }

    /** Produces simulated seconds as wall time passes, until stopped; returns the records produced. */
    private long produce(JobConfig cfg, DemoTraffic traffic) throws InterruptedException {
        Map<String, Object> pc = new HashMap<>(cfg.kafkaClientProperties());
        pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        long wallStart = System.currentTimeMillis();
        long simStart = wallStart / 1000 * 1000;
        long nextSecond = simStart;
        long[] count = new long[1];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pc)) {
            while (!stop.get()) {
                long wall = System.currentTimeMillis();
                if (!duration.isZero() && wall - wallStart >= duration.toMillis()) {
                    break;
                }
                long simNow = simStart + (wall - wallStart) * speed;
                while (nextSecond + 1000 <= simNow) {
                    traffic.second(nextSecond, f -> {
                        producer.send(new ProducerRecord<>(cfg.flowsTopic(), TopicCodec.flows().encode(f)));
                        count[0]++;
                    });
                    nextSecond += 1000;
                }
                Thread.sleep(50);
            }
            producer.flush();
        }
        return count[0];
    }

    private void printAlerts(JobConfig cfg, PrintWriter out, AtomicLong count) {
        Map<String, Object> cc = new HashMap<>(cfg.kafkaClientProperties());
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "peerwatch-demo-printer");
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cc.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cc.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc)) {
            c.subscribe(List.of(cfg.alertsTopic()));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(250))) {
                    out.println(AlertLine.format(TopicCodec.alerts().decode(r.value())));
                    out.flush();
                    count.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            if (!stop.get()) {
                out.println("alert reader stopped: " + e.getMessage());
            }
        }
    }
}
