package io.peerwatch.cli;

import io.peerwatch.cli.report.HtmlReport;
import io.peerwatch.cli.report.ReportBuilder;
import io.peerwatch.cli.samples.DemoScenes;
import io.peerwatch.config.Flag;
import io.peerwatch.config.Origin;
import io.peerwatch.config.Settings;
import io.peerwatch.core.AlertType;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.config.JobKeys;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.sensor.pcap.PacketSensor;
import io.peerwatch.sensor.pcap.PacketSensorConfig;
import io.peerwatch.volume.BaselineConfig;
import io.peerwatch.volume.VolumeTally;
import io.peerwatch.volume.VolumeWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwatch demo}: a real local Kafka broker, the job on an embedded Flink MiniCluster and
 * a simulated corporate network ({@link DemoNetwork}) written to the three input topics through
 * the sensors' own encoders, in accelerated simulated time; alerts print as they are committed;
 * at the end a summary (alerts per type, P2P hosts found against simulated, benign hosts flagged)
 * and {@code report.html}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs PeerWatch end to end on this machine, printing alerts as they fire.",
            "",
            "Starts a real Kafka broker on 127.0.0.1, runs the streaming job on an embedded Flink MiniCluster and "
                    + "simulates a corporate network: by default 1,000 hosts browsing with a daily rhythm, about 6 %% of "
                    + "them running P2P clients (BitTorrent, Gnutella, eDonkey, Direct Connect, FastTrack, WinMX; some "
                    + "seen as packets with protocol-correct payloads, the rest as flow records), DNS, ICMP and SSH "
                    + "tunnels as packets, proxy users tunnelling (CONNECT to a P2P port, GNU httptunnel), downloading "
                    + "large media, reaching a blacklisted host, searching for confidential files and crossing the "
                    + "hourly quota, a host whose downloads jump, and a link near its capacity. The traffic goes to the "
                    + "flow, packet and proxy topics through the sensors' encoders; simulated time runs --speed times "
                    + "faster than the wall clock. Every alert type the job has appears within about two minutes.",
            "",
            "The demo sets, unless given: volume.baseline.warm-up 15m (BANDWIDTH_SPIKE fires after the baseline "
                    + "has learned 15 simulated minutes instead of a day), volume.link.capacity-in from the simulated "
                    + "traffic (office hours at about 90 %% of the link), files.blacklists to the sample blacklist. "
                    + "Detection thresholds keep their defaults.",
            "",
            "Stops after --duration, or on Ctrl-C; then prints the summary and writes --report.",
            "",
            "Example:  peerwatch demo --duration 2m --hosts 2000"})
final class DemoCommand implements Callable<Integer>, ConfigOptions.JobCommand {

    /** Alerts of the demo are committed every 2 s, so they print soon after each simulated window. */
    static final Duration DEMO_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    /** The demo's baseline warm-up (simulated): long enough to learn three volume windows. */
    static final Duration DEMO_WARM_UP = Duration.ofMinutes(15);
    /** The link's share the simulated office hours use: the capacity the demo configures follows from it. */
    static final double DEMO_LINK_LOAD = 0.9;
    /** How long Ctrl-C waits for the summary and report before the JVM exits anyway. */
    static final Duration STOP_GRACE = Duration.ofSeconds(90);

    private final ConfigOptions config = new ConfigOptions();

    @Override
    public ConfigOptions config() {
        return config;
    }

    @Override
    public Set<Flag.Scope> flagScopes() {
        return EnumSet.of(Flag.Scope.ALL, Flag.Scope.STREAMING);
    }

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this long (wall clock), e.g. 2m; 0 runs until Ctrl-C (default: 0).")
    Duration duration = Duration.ZERO;

    @Option(names = "--hosts", paramLabel = "N", description = "Hosts of the simulated 10.20.0.0/16 network, 6 %% of them "
            + "running P2P (default: ${DEFAULT-VALUE}).")
    int hosts = 1000;

    @Option(names = "--speed", paramLabel = "X",
            description = "Simulated seconds per wall-clock second; at 30 a five-minute volume window closes every 10 s "
                    + "(default: ${DEFAULT-VALUE}).")
    int speed = 30;

    @Option(names = "--seed", paramLabel = "N", description = "Traffic generator seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--report", paramLabel = "FILE", description = "HTML report written at the end (default: ${DEFAULT-VALUE}).")
    Path report = Path.of("report.html");

    @Option(names = "--until-all-types", description = "Stop as soon as an alert of every type has printed "
            + "(or after --duration, whichever comes first).")
    boolean untilAllTypes;

    @picocli.CommandLine.Mixin
    StateDir stateDir = new StateDir();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Origin of the demo's own defaults in error messages. */
    private static final Origin DEMO = new Origin("peerwatch demo", 0);

    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    /** What a run gave: alerts per type as read from the alert topic, and the hosts' verdicts. */
    record Summary(Map<AlertType, Long> alertsByType, List<Alert> alerts, int p2pSimulated, int p2pFound,
            int benignHosts, Set<String> benignFlagged, Set<String> benignFlaggedAsP2p) {
    }

    @Override
    public Integer call() throws Exception {
        if (speed < 1 || speed > 1000 || duration.isNegative()) {
            throw new IllegalArgumentException("--speed must be 1..1000, --duration not negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        // Ctrl-C (SIGINT; the launcher passes it on as SIGTERM) ends the traffic, not the JVM: the
        // broker must outlive the summary, which reads the alert topic to its end, and the JVM's
        // shutdown would stop it (LocalKafka's hook). A second signal exits at once.
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (!stop.compareAndSet(false, true)) {
                        System.exit(128 + sig.getNumber());
                    }
                });
            } catch (IllegalArgumentException unavailable) {
                // a JVM without this signal: the shutdown hook below still stops the traffic
            }
        }
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("Starting a local Kafka broker on 127.0.0.1 ...");
            out.flush();
            try (LocalKafka kafka = LocalKafka.start()) {
                run(kafka, out);
            }
            return 0;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C path: the hook is running
            }
        }
    }

    /** The demo's configuration: its own defaults between the built-in ones and a file or flags. */
    JobConfig demoConfig(Path workDir, String bootstrap) throws IOException {
        Path blacklist = workDir.resolve("demo-blacklist.hosts");
        Files.writeString(blacklist, DemoScenes.BLACKLIST, StandardCharsets.US_ASCII);
        double inBits = new DemoNetwork(hosts, seed, 0, BaselineConfig.defaults()).meanInboundBytesPerSecond() * 8 / DEMO_LINK_LOAD;
        Settings demoDefaults = Settings.builder(JobKeys.ALL)
                .set(JobKeys.GROUP_ID, "peerwatch-demo", DEMO)
                .set(JobKeys.TRANSACTIONAL_ID_PREFIX, "peerwatch-demo-" + ProcessHandle.current().pid() + "-"
                        + System.nanoTime(), DEMO)
                .set(JobKeys.CHECKPOINT_INTERVAL, DEMO_CHECKPOINT_INTERVAL, DEMO)
                .set("volume.baseline.warm-up", DEMO_WARM_UP.toMinutes() + "m", DEMO, null)
                .set("volume.link.capacity-in", Math.max(1, Math.round(inBits / 1e6)) + "Mbit/s", DEMO, null)
                .set("files.blacklists", List.of(blacklist.toString()), DEMO, null)
                .build();
        JobConfig configured = config.jobConfig(spec, Optional.of(demoDefaults));
        return JobConfig.of(configured.settings().toBuilder(JobKeys.ALL).set(JobKeys.BOOTSTRAP, bootstrap, DEMO).build());
    }

    /** Runs the demo against {@code kafka} until --duration or Ctrl-C; prints and returns the summary. */
    Summary run(LocalKafka kafka, PrintWriter out) throws Exception {
        Path work = Files.createTempDirectory("peerwatch-demo");
        try {
            return run(kafka, demoConfig(work, kafka.bootstrapServers()), out);
        } finally {
            StateDir.removeTree(work);
        }
    }

    private Summary run(LocalKafka kafka, JobConfig cfg, PrintWriter out) throws Exception {
        int parallelism = cfg.parallelism();
        kafka.createTopics(List.of(cfg.flowsTopic(), cfg.proxyTopic(), cfg.packetsTopic()), parallelism);
        kafka.createTopics(cfg.outputTopics(), 1);

        org.apache.flink.configuration.Configuration flink = LocalFlink.loopbackConfiguration();
        Path checkpoints = stateDir.embeddedCheckpoints(flink, "demo");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
        PeerWatchJob pj = new PeerWatchJob(cfg);
        pj.configure(env);
        PeerWatchJob.Streams streams = pj.build(env, new PeerWatchJob.Inputs(
                Optional.of(KafkaConnectors.flowSource(cfg, false)), Optional.of(KafkaConnectors.proxySource(cfg, false)),
                Optional.of(KafkaConnectors.packetSource(cfg, false))), KafkaConnectors.sinks(cfg));
        // The closed volume windows feed the report (site bandwidth, talkers, cost), as in analyze.
        CloseableIterator<VolumeWindow> volume = streams.volume().collectAsync();
        JobClient client = env.executeAsync("peerwatch-demo");

        long wallStart = System.currentTimeMillis();
        long simStart = wallStart / 1000 * 1000;
        long windowMs = cfg.library().baseline().window().toMillis();
        DemoNetwork network = new DemoNetwork(hosts, seed, simStart, cfg.library().baseline());
        long jumpAt = network.jumpAtMs();
        Map<String, DemoNetwork.Member> members = network.members();

        out.printf("Kafka %s | Flink MiniCluster, parallelism %d | %,d simulated hosts (%d running P2P: %s)%n",
                kafka.bootstrapServers(), parallelism, members.size(), count(members, true), protocols(members));
        out.printf("Simulated time x%d (the network's day starts at %02d:00, office hours 09-17): a %d min volume window "
                + "closes every %.0f s. Demo settings: baseline warm-up %s (the jump comes %s later), link capacity in %s, "
                + "blacklist of the samples.%n", speed, DemoNetwork.START_HOUR, windowMs / 60_000,
                windowMs / 1000.0 / speed, cfg.library().baseline().warmUp(), Duration.ofMillis(jumpAt - simStart),
                cfg.library().link().capacityInBitsPerSecond() / 1_000_000 + " Mbit/s");
        out.printf("Alerts (topic %s):%n", cfg.alertsTopic());
        out.flush();

        List<VolumeWindow> windows = Collections.synchronizedList(new ArrayList<>());
        Thread volumeReader = new Thread(() -> {
            try {
                while (volume.hasNext()) {
                    windows.add(volume.next());
                }
            } catch (RuntimeException ended) {
                // the job was cancelled: the windows so far are the report's
            }
        }, "demo-volume");
        volumeReader.setDaemon(true);
        volumeReader.start();

        AlertFeed feed = new AlertFeed(cfg);
        Thread printer = new Thread(() -> {
            while (!stop.get()) {
                feed.poll(Duration.ofMillis(250), out);
            }
        }, "demo-alerts");
        printer.setDaemon(true);
        printer.start();

        long[] produced = produce(cfg, network, simStart, wallStart, feed);
        stop.set(true);
        printer.join();
        client.cancel().get(60, TimeUnit.SECONDS);
        try {
            volume.close();
        } catch (Exception ignored) {
            // the job is gone already
        }
        volumeReader.join(10_000);
        // Everything the job committed, to the topic's end (a cancelled job's open transactions are aborted).
        feed.drainToEnd(out);
        feed.close();
        StateDir.removeTree(checkpoints);

        long wall = System.currentTimeMillis() - wallStart;
        Summary s = summarize(feed.alerts(), members);
        printSummary(out, s, produced, Duration.ofMillis(wall), Duration.ofMillis(wall * speed), cfg);
        writeReport(cfg, s, new ArrayList<>(windows), out);
        return s;
    }

    /** Produces the simulated traffic as wall time passes, until stopped; returns flows, packets, proxy lines. */
    private long[] produce(JobConfig cfg, DemoNetwork network, long simStart, long wallStart, AlertFeed feed) throws InterruptedException {
        Map<String, Object> pc = new HashMap<>(cfg.kafkaClientProperties());
        pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        long[] count = new long[3];
        ProxyLogParser squid = ProxyLogFormat.SQUID_NATIVE.newParser();
        PacketSensor sensor = PacketSensor.create(new PacketSensorConfig(cfg.bootstrapServers(), cfg.packetsTopic(),
                "demo-span-port", PacketSensorConfig.DEFAULT_PAYLOAD_PREFIX_BYTES, cfg.kafkaClientProperties()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pc)) {
            DemoNetwork.Sink sink = new DemoNetwork.Sink() {
                @Override
                public void flow(io.peerwatch.core.FlowRecord f) {
                    producer.send(new ProducerRecord<>(cfg.flowsTopic(), TopicCodec.flows().encode(f)));
                    count[0]++;
                }

                @Override
                public void frame(long timeMicros, byte[] frame) {
                    sensor.frame(DemoScenes.LINK_TYPE, ByteBuffer.wrap(frame), 0, frame.length, frame.length, timeMicros * 1000);
                    count[1]++;
                }

                @Override
                public void proxyLine(String line, long lineNumber) {
                    try {
                        Optional<ProxyRecord> r = squid.parse(line, "demo-squid-access.log", lineNumber);
                        r.ifPresent(rec -> producer.send(new ProducerRecord<>(cfg.proxyTopic(),
                                TopicCodec.encodeProxy(rec, "demo-squid-access.log", lineNumber))));
                        count[2]++;
                    } catch (ProxyLogException e) {
                        throw new IllegalStateException("the demo's own proxy line does not parse: " + line, e);
                    }
                }
            };
            while (!stop.get()) {
                long wall = System.currentTimeMillis();
                if (!duration.isZero() && wall - wallStart >= duration.toMillis()
                        || untilAllTypes && feed.types().containsAll(EnumSet.allOf(AlertType.class))) {
                    break;
                }
                long simNow = simStart + (wall - wallStart) * speed;
                network.advanceTo(simNow, sink);
                sensor.idle(simNow * 1_000_000);
                Thread.sleep(50); // pacing by the wall clock
            }
            producer.flush();
        } finally {
            sensor.close();
        }
        return count;
    }

    static Summary summarize(List<Alert> alerts, Map<String, DemoNetwork.Member> members) {
        Map<AlertType, Long> byType = new EnumMap<>(AlertType.class);
        Set<String> p2pFound = new TreeSet<>();
        Set<String> benignFlagged = new TreeSet<>();
        Set<String> benignP2p = new TreeSet<>();
        for (Alert a : alerts) {
            byType.merge(a.type(), 1L, Long::sum);
            String host = a.host().toString();
            DemoNetwork.Member m = members.get(host);
            if (m == null || a.type() == AlertType.LINK_SATURATION_RISK) {
                continue; // users of volume alerts; the link's alert names its largest contributor, accusing no one
            }
            if (HtmlReport.isP2p(a.type()) && m.role().p2p()) {
                p2pFound.add(host);
            }
            if (m.role() == DemoNetwork.Role.BENIGN) {
                benignFlagged.add(host);
                if (HtmlReport.isP2p(a.type())) {
                    benignP2p.add(host);
                }
            }
        }
        int benign = (int) members.values().stream().filter(m -> m.role() == DemoNetwork.Role.BENIGN).count();
        return new Summary(byType, List.copyOf(alerts), count(members, true), p2pFound.size(), benign, benignFlagged, benignP2p);
    }

    private static int count(Map<String, DemoNetwork.Member> members, boolean p2p) {
        return (int) members.values().stream().filter(m -> m.role().p2p() == p2p).count();
    }

    private static String protocols(Map<String, DemoNetwork.Member> members) {
        Map<String, Integer> by = new TreeMap<>();
        members.values().stream().filter(m -> m.role().p2p()).forEach(m -> by.merge(m.detail(), 1, Integer::sum));
        return by.toString().replace("{", "").replace("}", "");
    }

    private void printSummary(PrintWriter out, Summary s, long[] produced, Duration wall, Duration simulated, JobConfig cfg) {
        out.println();
        out.printf("Summary: %s wall clock, %s simulated; produced %,d flow records, %,d packets, %,d proxy-log lines.%n",
                human(wall), human(simulated), produced[0], produced[1], produced[2]);
        out.printf("Alerts per type (topic %s, read to its end, read_committed): %d in all%n", cfg.alertsTopic(),
                s.alerts().size());
        for (AlertType t : AlertType.values()) {
            out.printf("  %-24s %d%n", t, s.alertsByType().getOrDefault(t, 0L));
        }
        out.printf("P2P hosts found: %d of %d simulated%n", s.p2pFound(), s.p2pSimulated());
        out.printf("Benign hosts flagged: %d of %d (as P2P: %d)%s%n", s.benignFlagged().size(), s.benignHosts(),
                s.benignFlaggedAsP2p().size(), s.benignFlagged().isEmpty() ? "" : " " + s.benignFlagged());
        out.flush();
    }

    private void writeReport(JobConfig cfg, Summary s, List<VolumeWindow> windows, PrintWriter out) throws IOException {
        ReportBuilder data = new ReportBuilder(cfg);
        VolumeTally tally = new VolumeTally();
        windows.sort(java.util.Comparator.comparingLong(VolumeWindow::startMs));
        for (VolumeWindow w : windows) {
            tally.add(w);
            data.add(w);
        }
        s.alerts().forEach(data::add);
        HtmlReport.write(data.build("PeerWatch demo: " + hosts + " hosts, seed " + seed, Instant.now(),
                tally.report(cfg.tariff())), report);
        out.println("Report: " + report.toAbsolutePath());
        out.flush();
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** Reads the alert topic (read_committed) from its start, printing each alert once. */
    static final class AlertFeed implements AutoCloseable {
        /** How long the summary waits for the job's last commit to become readable. */
        private static final Duration MARKER_WAIT = Duration.ofSeconds(30);
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String bootstrapServers;
        private final Map<String, String> clientProperties;
        private final List<Alert> alerts = new ArrayList<>();
        private final Set<AlertType> types = java.util.concurrent.ConcurrentHashMap.newKeySet();

        AlertFeed(JobConfig cfg) {
            Map<String, Object> cc = new HashMap<>(cfg.kafkaClientProperties());
            cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            cc.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            cc.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(cc);
            bootstrapServers = cfg.bootstrapServers();
            clientProperties = cfg.kafkaClientProperties();
            List<TopicPartition> parts = consumer.partitionsFor(cfg.alertsTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        void poll(Duration timeout, PrintWriter out) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
                Alert a = TopicCodec.alerts().decode(r.value());
                alerts.add(a);
                out.println(AlertLine.format(a));
                types.add(a.type());
            }
            out.flush();
        }

        /**
         * Reads on until every partition's position reaches its end offset (the last stable
         * offset), taken once the markers of the job's last committed transaction are written.
         */
        void drainToEnd(PrintWriter out) {
            LocalKafka.awaitTransactionMarkers(bootstrapServers, clientProperties, consumer.assignment(), MARKER_WAIT);
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                poll(Duration.ofMillis(250), out);
            }
        }

        /** The types read so far (any thread). */
        Set<AlertType> types() {
            return types;
        }

        List<Alert> alerts() {
            return alerts;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
