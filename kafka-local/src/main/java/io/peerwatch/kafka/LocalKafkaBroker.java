package io.peerwatch.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Entry point of the broker JVM started by {@link LocalKafka}: formats a KRaft log directory,
 * runs Kafka's own {@code kafka.Kafka} server on 127.0.0.1 and prints
 * {@value #READY_PREFIX}{@code <bootstrap>} on stdout once a client can reach it.
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@code <dataDir> <brokerPort> <controllerPort>}: attached. Exits when its standard input
 *       closes, so the broker never outlives the process that started it ({@link LocalKafka#start()}).
 *   <li>{@code --detached <dataDir> <brokerPort> <controllerPort>}: runs until it is terminated
 *       (SIGTERM stops it gracefully through Kafka's shutdown hook), whatever happens to the
 *       process that started it; formats the data directory only the first time, so a restart
 *       keeps the topics ({@link LocalKafka#detachedCommand}).
 *   <li>{@code --detached <dataDir> <brokerPort> <controllerPort> <nodeId> <voters> <clusterId>}:
 *       detached, as one node of a KRaft cluster of several combined broker/controller nodes
 *       ({@code voters} as Kafka's {@code controller.quorum.voters}; every node of one cluster is
 *       formatted with the same {@code clusterId}).
 * </ul>
 */
public final class LocalKafkaBroker {

    /** Line prefix the parent waits for. */
    public static final String READY_PREFIX = "PEERWATCH-KAFKA-READY ";
    /** First argument of the detached mode. */
    public static final String DETACHED = "--detached";

    private LocalKafkaBroker() {
    }

    /** Writes the single-node KRaft configuration used by the child. */
    static Properties serverProperties(Path dataDir, int brokerPort, int controllerPort) {
        return serverProperties(dataDir, brokerPort, controllerPort, 1, "1@127.0.0.1:" + controllerPort, 1);
    }

    /**
     * Below this many nodes every replica must acknowledge (min.insync.replicas = nodes); from it
     * on, two in-sync replicas are enough, so one node can be down while producers with acks=all
     * (and Kafka transactions) go on.
     */
    static final int NODES_FOR_MIN_ISR_TWO = 3;

    /**
     * The KRaft configuration of node {@code nodeId} of a cluster of {@code nodes} combined
     * broker/controller nodes: internal topics (consumer offsets, transaction state) and topics
     * created without a replication factor get one replica per node.
     */
    static Properties serverProperties(Path dataDir, int brokerPort, int controllerPort, int nodeId, String voters, int nodes) {
        String replicas = Integer.toString(nodes);
        String minIsr = Integer.toString(nodes >= NODES_FOR_MIN_ISR_TWO ? 2 : 1);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("min.insync.replicas", minIsr);
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Exactly-once sinks keep transactions open up to a checkpoint; allow the usual 15 min.
        p.setProperty("transaction.max.timeout.ms", "900000");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("log.retention.hours", "24");
        // Topics created implicitly get log-append time too (see LocalKafka.TOPIC_CONFIG).
        p.setProperty("log.message.timestamp.type", "LogAppendTime");
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        return p;
    }

    public static void main(String[] args) throws Exception {
        boolean detached = (args.length == 4 || args.length == 7) && args[0].equals(DETACHED);
        if (args.length != 3 && !detached) {
            System.err.println("usage: LocalKafkaBroker [" + DETACHED + "] <dataDir> <brokerPort> <controllerPort>"
                    + " [<nodeId> <voters> <clusterId>]");
            System.exit(2);
        }
        int a = detached ? 1 : 0;
        Path dir = Path.of(args[a]);
        int brokerPort = Integer.parseInt(args[a + 1]);
        int controllerPort = Integer.parseInt(args[a + 2]);
        boolean member = args.length == 7;
        Path props = dir.resolve("server.properties");
        SaslSslListener.Overrides secured = SaslSslListener.Overrides.fromSystemProperty();
        Properties config = member
                ? serverProperties(dir, brokerPort, controllerPort, Integer.parseInt(args[4]), args[5], args[5].split(",").length)
                : serverProperties(dir, brokerPort, controllerPort);
        secured.applyTo(config);
        try (OutputStream out = Files.newOutputStream(props)) {
            config.store(out, "PeerWatch local broker");
        }
        String clusterId = member ? args[6] : Uuid.randomUuid().toString();
        // A detached broker keeps its data across restarts: format a fresh directory only.
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            // Kafka's own format step, as `kafka-storage.sh format` runs it.
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            List<String> format = new ArrayList<>(List.of("format", "-t", clusterId, "-c", props.toString()));
            format.addAll(secured.formatArguments()); // SCRAM users of a secured listener (--add-scram)
            int rc = kafka.tools.StorageTool.execute(format.toArray(String[]::new), quiet);
            if (rc != 0) {
                System.err.println("kafka storage format failed with code " + rc);
                System.exit(1);
            }
        }
        Thread server = new Thread(() -> kafka.Kafka.main(new String[] {props.toString()}), "kafka-main");
        server.setDaemon(!detached);
        server.start();

        String bootstrap = "127.0.0.1:" + brokerPort;
        waitUntilReachable(bootstrap, secured.client(), server);
        System.out.println(READY_PREFIX + bootstrap);
        System.out.flush();

        if (detached) {
            // Runs until terminated; Kafka's shutdown hook stops the broker on SIGTERM.
            server.join();
            return;
        }
        // Stop when the parent closes our stdin (or dies); Kafka's shutdown hook stops the broker.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            while (in.readLine() != null) {
                // ignore input; only EOF matters
            }
        } catch (IOException ignored) {
            // parent gone
        }
        System.exit(0);
    }

    /** Longest wait for this broker to accept clients before it gives up (detached brokers have no parent to). */
    static final Duration REACHABLE_GUARD = Duration.ofMinutes(10);

    private static void waitUntilReachable(String bootstrap, Map<String, String> clientProperties, Thread server)
            throws InterruptedException {
        Map<String, Object> conf = new HashMap<>(clientProperties);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        // a guard against a broker that never comes up; whoever started us may give up sooner
        long deadline = System.nanoTime() + REACHABLE_GUARD.toNanos();
        try (Admin admin = Admin.create(conf)) {
            while (System.nanoTime() < deadline) {
                if (!server.isAlive()) {
                    System.err.println("kafka server thread ended during startup");
                    System.exit(1);
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    Thread.sleep(200);
                }
            }
        }
        System.err.println("kafka broker not reachable on " + bootstrap + " after " + REACHABLE_GUARD.toMinutes() + " min");
        System.exit(1);
    }
}
