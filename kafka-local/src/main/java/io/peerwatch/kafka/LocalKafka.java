package io.peerwatch.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node KRaft Kafka broker on 127.0.0.1, for tests, the demo and the CLI.
 *
 * <p>The broker runs Kafka's own server code in a child JVM (classpath of this process), on free
 * ports, with a temporary data directory that {@link #close()} deletes. The child exits by itself
 * when this process dies, because it stops at the end of its standard input.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.start()) {
 *     kafka.createTopics(List.of("peerwatch.flows"), 2);
 *     String bootstrap = kafka.bootstrapServers(); // "127.0.0.1:<port>"
 * }
 * }</pre>
 */
public final class LocalKafka implements AutoCloseable {

    /**
     * How long {@link #start()} waits for the broker to accept clients: a guard against a hung
     * broker, not a synchronisation (start returns on the broker's ready line). Generous because a
     * broker on a loaded 2-core machine has been seen to need over two minutes to come up.
     */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(5);
    /** Heap of the broker JVM: ample for tests and the demo. */
    public static final String DEFAULT_BROKER_HEAP = "768m";

    private final Process process;
    private final Path dataDir;
    private final String bootstrapServers;
    private final Thread shutdownHook;
    /** Admin client settings of this broker's listener (security), empty for a plain one. */
    private final Map<String, String> adminProperties;

    private LocalKafka(Process process, Path dataDir, String bootstrapServers, Map<String, String> adminProperties) {
        this.process = process;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.adminProperties = Map.copyOf(adminProperties);
        this.shutdownHook = new Thread(this::stopQuietly, "local-kafka-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a broker and waits until it accepts clients.
     *
     * @throws IllegalStateException with the tail of the broker log when it does not come up
     */
    public static LocalKafka start() {
        return start(DEFAULT_START_TIMEOUT);
    }

    /** {@link #start()} with an explicit start timeout. */
    public static LocalKafka start(Duration timeout) {
        return start(timeout, freePort(), null);
    }

    /**
     * A broker whose client listener is {@code secured} (SASL_SSL, SCRAM-SHA-512, mutual TLS)
     * instead of plain text; {@link #createTopics(Collection, int)} authenticates as the broker's
     * own user.
     */
    public static LocalKafka start(SaslSslListener secured) {
        return start(DEFAULT_START_TIMEOUT, freePort(), secured);
    }

    /**
     * {@link #start()} on a given client port of 127.0.0.1, for a client that is already trying
     * that address before the broker exists (a sensor's {@code --wait-for-broker}).
     */
    public static LocalKafka onPort(int brokerPort) {
        return start(DEFAULT_START_TIMEOUT, brokerPort, null);
    }

    private static LocalKafka start(Duration timeout, int brokerPort, SaslSslListener secured) {
        Path dir;
        try {
            dir = Files.createTempDirectory("peerwatch-kafka-");
            writeLogConfig(dir, dir.resolve("broker.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
        int controllerPort = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms128m");
        cmd.add("-Xmx" + DEFAULT_BROKER_HEAP);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        cmd.add("-Dkafka.logs.dir=" + dir);
        if (secured != null) {
            Path file = dir.resolve("secured.properties");
            secured.write(file, brokerPort, controllerPort);
            cmd.add("-D" + SaslSslListener.FILE_PROPERTY + "=" + file);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LocalKafkaBroker.class.getName());
        cmd.add(dir.toString());
        cmd.add(Integer.toString(brokerPort));
        cmd.add(Integer.toString(controllerPort));
        Process p;
        try {
            p = new ProcessBuilder(cmd)
                    .redirectError(dir.resolve("broker.stderr").toFile())
                    .start();
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("cannot start the broker JVM", e);
        }
        String bootstrap = awaitReady(p, dir, timeout);
        return new LocalKafka(p, dir, bootstrap, secured == null ? Map.of()
                : secured.clientProperties(SaslSslListener.ADMIN_USER, secured.adminPassword()));
    }

    private static String awaitReady(Process p, Path dir, Duration timeout) {
        // Read stdout on a helper thread so the timeout holds even when the child prints nothing.
        final String[] ready = new String[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(LocalKafkaBroker.READY_PREFIX)) {
                        synchronized (ready) {
                            ready[0] = line.substring(LocalKafkaBroker.READY_PREFIX.length()).trim();
                            ready.notifyAll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // child ended
            }
        }, "local-kafka-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (ready) {
            while (ready[0] == null && p.isAlive() && System.nanoTime() < deadline) {
                try {
                    ready.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (ready[0] != null) {
                return ready[0];
            }
        }
        p.destroyForcibly();
        String tail = tail(dir.resolve("broker.stderr")) + tail(dir.resolve("broker.log"));
        deleteQuietly(dir);
        throw new IllegalStateException("local Kafka broker did not start within " + timeout.toSeconds()
                + " s" + (tail.isEmpty() ? "" : ":\n" + tail));
    }

    /** {@code 127.0.0.1:<port>} of the broker listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's data directory (removed on close). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates topics with replication factor 1 ({@link #createTopics(String, Collection, int)});
     * existing topics are left as they are.
     *
     * @throws IllegalStateException when the broker refuses
     */
    public void createTopics(Collection<String> topics, int partitions) {
        createTopics(bootstrapServers, adminProperties, topics, partitions);
    }

    /**
     * Topic settings of every topic PeerWatch creates: records are stamped with the time the
     * broker appended them, whatever timestamp a producer set, so time-based retention counts
     * from when data arrived. A replay of captures or logs older than the retention period would
     * otherwise be deleted as it is written (the records' event time stays in their payload).
     */
    public static final Map<String, String> TOPIC_CONFIG = Map.of("message.timestamp.type", "LogAppendTime");

    /**
     * Every record value of a topic on any broker, read (read_committed) from the beginning up to
     * the end offsets it has once the markers of every ended transaction are written
     * ({@link #awaitTransactionMarkers}): call it once the writer has flushed or committed, and the
     * result is complete; nothing is waited for beyond those offsets (tests read what a sensor or
     * job wrote this way, by offsets, never by waiting for quiet).
     *
     * @param deadline how long reading up to those offsets may take before it fails
     * @throws AssertionError when the end offsets are not reached within {@code deadline}
     */
    public static List<byte[]> readAll(String bootstrapServers, String topic, Duration deadline) {
        return readRecords(bootstrapServers, topic, deadline).stream().map(ConsumerRecord::value).toList();
    }

    /** {@link #readAll}, keeping each record's partition, offset, timestamp and headers. */
    public static List<ConsumerRecord<byte[], byte[]>> readRecords(String bootstrapServers, String topic,
            Duration deadline) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            awaitTransactionMarkers(bootstrapServers, Map.of(), parts, deadline);
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long until = System.nanoTime() + deadline.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() - until > 0) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within "
                            + deadline.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /** How often the transaction states are asked while markers are pending. */
    private static final long MARKER_POLL_MS = 20;

    /**
     * Waits until no transaction that wrote to {@code partitions} is between its end and its
     * markers. A producer's {@code commitTransaction} returns once the coordinator has logged the
     * decision; the commit markers reach the partitions after that, and until they do, a
     * read_committed reader's end offset (the last stable offset) stops before the transaction.
     * So a reader that takes the end offsets right after a writer committed can miss its last
     * transaction. Transactions still open (a cancelled job's, which will be aborted on its
     * timeout) are not waited for: their records are not committed.
     *
     * @param clientProperties admin client settings (security), may be empty
     * @throws IllegalStateException when markers are still pending after {@code timeout}, or the
     *     broker cannot list its transactions
     */
    public static void awaitTransactionMarkers(String bootstrapServers, Map<String, String> clientProperties,
            Collection<TopicPartition> partitions, Duration timeout) {
        Map<String, Object> p = new java.util.HashMap<>(clientProperties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long until = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                List<String> pending = transactionsWritingMarkers(admin, partitions);
                if (pending.isEmpty()) {
                    return;
                }
                if (System.nanoTime() - until > 0) {
                    throw new IllegalStateException("transaction markers still pending on " + partitions + " after "
                            + timeout.toSeconds() + " s: " + pending);
                }
                Thread.sleep(MARKER_POLL_MS); // polls the broker's state; the markers come within milliseconds
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for transaction markers on " + partitions, e);
        }
    }

    private static List<String> transactionsWritingMarkers(Admin admin, Collection<TopicPartition> partitions)
            throws InterruptedException {
        try {
            List<String> ids = admin.listTransactions(new ListTransactionsOptions()
                            .filterStates(List.of(TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT)))
                    .all().get(30, TimeUnit.SECONDS).stream().map(TransactionListing::transactionalId).toList();
            if (ids.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).forEach((id, d) -> {
                boolean ours = d.topicPartitions().stream().anyMatch(partitions::contains);
                if (ours && (d.state() == TransactionState.PREPARE_COMMIT || d.state() == TransactionState.PREPARE_ABORT)) {
                    out.add(id + " " + d.state());
                }
            });
            return out;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list the transactions of the broker: " + e.getMessage(), e);
        }
    }

    /** Creates topics on any broker (replication factor 1, {@link #TOPIC_CONFIG}), ignoring ones that exist. */
    public static void createTopics(String bootstrapServers, Collection<String> topics, int partitions) {
        createTopics(bootstrapServers, Map.of(), topics, partitions, 1);
    }

    /** {@link #createTopics(String, Collection, int)} with admin client settings (security). */
    public static void createTopics(String bootstrapServers, Map<String, String> clientProperties, Collection<String> topics,
            int partitions) {
        createTopics(bootstrapServers, clientProperties, topics, partitions, 1);
    }

    /** {@link #createTopics(String, Collection, int)} with {@code replicationFactor} replicas per partition. */
    public static void createTopics(String bootstrapServers, Collection<String> topics, int partitions, int replicationFactor) {
        createTopics(bootstrapServers, Map.of(), topics, partitions, replicationFactor);
    }

    /** Creates topics with admin client settings and {@code replicationFactor} replicas, ignoring ones that exist. */
    public static void createTopics(String bootstrapServers, Map<String, String> clientProperties, Collection<String> topics,
            int partitions, int replicationFactor) {
        Map<String, Object> conf = new java.util.HashMap<>(clientProperties);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(conf)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> fresh = topics.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) replicationFactor).configs(TOPIC_CONFIG)).toList();
            if (!fresh.isEmpty()) {
                admin.createTopics(fresh).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + topics + " on " + bootstrapServers + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + topics + " on " + bootstrapServers + ": " + e, e);
        }
    }

    /** True while the broker process runs. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the broker (gracefully, then forcibly after 30 s) and deletes its data. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
        deleteQuietly(dataDir);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /**
     * The command line of a broker that outlives the process that starts it: the caller runs it
     * (in its own session, with its output in a file), records its pid and stops it with SIGTERM
     * (graceful, through Kafka's shutdown hook). Data lives in {@code dataDir} and survives
     * restarts on the same ports; the broker's log goes to {@code logFile}. Ready when
     * {@link #isReachable} says so (and it prints {@value LocalKafkaBroker#READY_PREFIX}).
     *
     * @param brokerPort client port on 127.0.0.1 (bootstrap {@code 127.0.0.1:<brokerPort>})
     * @param controllerPort KRaft controller port on 127.0.0.1
     * @throws UncheckedIOException when the directory or its log configuration cannot be written
     */
    public static List<String> detachedCommand(Path dataDir, Path logFile, int brokerPort, int controllerPort) {
        return command(dataDir, logFile, DEFAULT_BROKER_HEAP, List.of(Integer.toString(brokerPort), Integer.toString(controllerPort)));
    }

    /**
     * One combined broker/controller node of a KRaft cluster on 127.0.0.1.
     *
     * @param nodeId Kafka's node.id (1, 2, ...)
     * @param brokerPort client port
     * @param controllerPort KRaft controller port
     */
    public record Node(int nodeId, int brokerPort, int controllerPort) {
    }

    /**
     * {@link #detachedCommand(Path, Path, int, int)} for node {@code self} of a KRaft cluster of
     * the {@code quorum} nodes (each a voter), all formatted with {@code clusterId}: internal
     * topics and topics created without a replication factor get one replica per node; with three
     * or more nodes two in-sync replicas are enough for a write (one node may be down).
     *
     * @param heap the broker JVM's -Xmx (e.g. "384m")
     */
    public static List<String> detachedCommand(Path dataDir, Path logFile, Node self, List<Node> quorum, String clusterId,
            String heap) {
        if (!quorum.contains(self)) {
            throw new IllegalArgumentException("node " + self + " is not in the quorum " + quorum);
        }
        String voters = String.join(",", quorum.stream().map(n -> n.nodeId() + "@127.0.0.1:" + n.controllerPort()).toList());
        return command(dataDir, logFile, heap, List.of(Integer.toString(self.brokerPort()), Integer.toString(self.controllerPort()),
                Integer.toString(self.nodeId()), voters, clusterId));
    }

    /** A KRaft cluster id derived from {@code name} (the same name gives the same id). */
    public static String clusterId(String name) {
        java.util.UUID u = java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        return new org.apache.kafka.common.Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits()).toString();
    }

    private static List<String> command(Path dataDir, Path logFile, String heap, List<String> nodeArgs) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            writeLogConfig(dir, logFile.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker directory " + dir, e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms128m");
        cmd.add("-Xmx" + heap);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        cmd.add("-Dkafka.logs.dir=" + logFile.toAbsolutePath().getParent());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LocalKafkaBroker.class.getName());
        cmd.add(LocalKafkaBroker.DETACHED);
        cmd.add(dir.toString());
        cmd.addAll(nodeArgs);
        return cmd;
    }

    /** True when a broker at {@code bootstrapServers} answers a cluster description within {@code timeout}. */
    public static boolean isReachable(String bootstrapServers, Duration timeout) {
        return brokerCount(bootstrapServers, timeout) > 0;
    }

    /**
     * Number of brokers the cluster at {@code bootstrapServers} reports as alive (its cluster
     * description), 0 when none answers within {@code timeout}.
     */
    public static int brokerCount(String bootstrapServers, Duration timeout) {
        int ms = (int) Math.max(1, timeout.toMillis());
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                // fail fast against a closed port instead of backing off for seconds
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(conf)) {
            return admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static void writeLogConfig(Path dir, Path logFile) throws IOException {
        String cfg = String.join("\n",
                "status = error",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + logFile.toString().replace("\\", "/"),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.file.ref = file",
                "logger.kafka.name = kafka",
                "logger.kafka.level = info",
                "");
        Files.writeString(dir.resolve("log4j2.properties"), cfg);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: temp space
        }
    }
}
