package io.peerwatch.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.sensor.ExportCapture;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.notice.Alert;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.schemas.Topics;
import io.peerwatch.testing.Corpus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/docker-compose.yml} run for real (profile {@code docker}, not the main suite):
 * {@code docker/local/local.sh} starts a private Docker daemon (no bridge, no iptables) and builds
 * stand-ins for the official Kafka and Flink images from a debootstrap'd Debian with Debian's JRE
 * and the build's jars; compose builds the project's images (sensors, job submitter) and starts
 * the stack, every service on the host's network on 127.0.0.1. The lab's NetFlow v9 export is
 * sent as UDP datagrams to the netflow sensor; its 97 flow records reach Kafka; the end-of-replay
 * records of {@link LocalClusterITCase} move event time past every window. The alerts the job
 * commits are those of the same job code over the same topics on a MiniCluster (same ids, none
 * more, none fewer), and those show what the export shows without payload (AnalyzeCommandITCase):
 * both BitTorrent peers by behaviour, tracker and leecher by port table, no benign host. Then the
 * stack is taken down, the daemon stopped and everything it made removed.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class DockerComposeDT {

    /** Longest wait for images to build and the stack to run the job (first run: debootstrap too). */
    private static final Duration STACK_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Path COMPOSE_FILE = ROOT.resolve("docker/docker-compose.yml");
    private static final Path LOCAL = ROOT.resolve("docker/local/local.sh");
    /** Flow records in the lab export (LocalClusterITCase, SensorCliITCase). */
    private static final int EXPORT_FLOWS = 97;

    @RegisterExtension
    static final MiniClusterExtension REFERENCE = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(LocalFlink.loopbackConfiguration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void theComposeStackGivesTheAlertsOfAMiniClusterRunOfTheSameNetflowExport(@TempDir Path tmp) throws Exception {
        // Short path: the daemon's sockets live under it (unix socket paths are limited to 108 bytes).
        Path work = Files.createTempDirectory(Path.of("/tmp"), "pw-docker-");
        Path proxyLogs = Files.createDirectories(tmp.resolve("proxy-logs"));
        Files.writeString(proxyLogs.resolve("access.log"), "");
        Map<String, String> env = new LinkedHashMap<>();
        int kafkaPort = freePort();
        int restPort = freePort();
        int netflowPort = freeUdpPort();
        env.put("COMPOSE_PROJECT_NAME", "peerwatchdt" + ProcessHandle.current().pid());
        env.put("KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("KAFKA_CONTROLLER_PORT", Integer.toString(freePort()));
        env.put("FLINK_REST_PORT", Integer.toString(restPort));
        env.put("FLINK_RPC_PORT", Integer.toString(freePort()));
        env.put("NETFLOW_PORT", Integer.toString(netflowPort));
        env.put("PROXY_LOG_DIR", proxyLogs.toString());
        // The packet sensor captures on loopback, where this test's own traffic runs; the filter
        // keeps that traffic out (a port nothing here uses), so the sensor runs but adds no input.
        env.put("PCAP_INTERFACE", "lo");
        env.put("PCAP_FILTER", "udp port 9");
        env.put("PEERWATCH_IMAGE", "peerwatch-dt/peerwatch:test");
        env.put("SUBMITTER_IMAGE", "peerwatch-dt/job-submitter:test");
        String bootstrap = "127.0.0.1:" + kafkaPort;
        long t0 = System.nanoTime();
        long tUp = 0;
        long tReplayed = 0;
        long tReference = 0;
        boolean composeUp = false;
        try {
            run(tmp.resolve("local-up.log"), Map.of(), LOCAL.toString(), "up", work.toString());
            for (String line : Files.readAllLines(work.resolve("env"))) {
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
            compose(tmp, env, "build");
            composeUp = true;
            compose(tmp, env, "up", "-d");
            Path logs = tmp.resolve("compose-logs.txt");
            BooleanSupplier sensorListens = () -> composeLogs(tmp, env, logs, "netflow-sensor")
                    .contains("listening on 127.0.0.1:" + netflowPort);
            await("the netflow sensor to listen", sensorListens, () -> composeLogs(tmp, env, logs));
            await("the peerwatch job to run", () -> runningJob(restPort).isPresent(), () -> composeLogs(tmp, env, logs));
            JobID job = runningJob(restPort).orElseThrow();
            tUp = System.nanoTime();

            List<byte[]> datagrams = ExportCapture.datagrams(Corpus.lab("netflow/export-netflow-v9-s1.pcap"));
            try (DatagramChannel ch = DatagramChannel.open()) {
                for (byte[] d : datagrams) {
                    ch.send(ByteBuffer.wrap(d), new InetSocketAddress("127.0.0.1", netflowPort));
                }
            }
            // The sensor writes the flows of a datagram as one record: count flows, not records.
            await(EXPORT_FLOWS + " flow records from the sensor",
                    () -> TestTopics.readCommitted(bootstrap, Topics.FLOWS).stream()
                            .mapToInt(r -> TopicCodec.flows().decodeAll(r.value()).size()).sum() >= EXPORT_FLOWS,
                    () -> composeLogs(tmp, env, logs));
            List<FlowRecord> flows = TestTopics.readCommitted(bootstrap, Topics.FLOWS).stream()
                    .flatMap(r -> TopicCodec.flows().decodeAll(r.value()).stream()).toList();
            assertThat(flows).as("flow records of the export, each once").hasSize(EXPORT_FLOWS);
            long endOfReplay = LocalClusterITCase.markEndOfReplay(bootstrap,
                    flows.stream().mapToLong(FlowRecord::endMs).max().orElseThrow());
            tReplayed = System.nanoTime();

            List<Alert> reference = LocalClusterITCase.runOnMiniCluster(bootstrap, Optional.empty());
            assertExportAlerts(reference);
            tReference = System.nanoTime();

            List<Alert> inDocker = LocalClusterITCase.awaitClusterAlerts(restPort, bootstrap, job, endOfReplay,
                    reference.size(), () -> composeLogs(tmp, env, logs));
            assertThat(LocalClusterITCase.ids(inDocker)).as("alert ids in docker vs. the MiniCluster")
                    .isEqualTo(LocalClusterITCase.ids(reference));
            assertThat(inDocker).as("each alert once").hasSameSizeAs(reference);
            assertThat(TestTopics.readCommitted(bootstrap, Topics.DEADLETTER)).isEmpty();
            System.out.printf("DockerComposeDT: %d alerts in docker = MiniCluster (%s); local images and stack up %.1f s,"
                    + " replay %.1f s, MiniCluster reference %.1f s, committed alerts %.1f s later%n", inDocker.size(),
                    inDocker.stream().collect(Collectors.groupingBy(Alert::type, TreeMap::new, Collectors.counting())),
                    (tUp - t0) / 1e9, (tReplayed - tUp) / 1e9, (tReference - tReplayed) / 1e9,
                    (System.nanoTime() - tReference) / 1e9);
        } finally {
            try {
                if (composeUp) {
                    compose(tmp, env, "down", "--volumes", "--remove-orphans");
                }
            } finally {
                run(tmp.resolve("local-down.log"), Map.of(), LOCAL.toString(), "down", work.toString());
            }
        }
        assertThat(work).as("the daemon's directory, removed").doesNotExist();
        System.out.printf("DockerComposeDT: whole run including teardown %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** What the export must give without payload (AnalyzeCommandITCase's expectation of the same export). */
    private static void assertExportAlerts(List<Alert> alerts) {
        assertThat(LocalClusterITCase.hosts(alerts, AlertType.P2P_BEHAVIOUR)).as("%s", alerts)
                .containsExactlyInAnyOrder("198.18.1.11", "198.18.1.12");
        assertThat(LocalClusterITCase.hosts(alerts, AlertType.P2P_PORT_ACTIVITY)).contains("198.18.1.10", "198.18.1.12");
        assertThat(alerts).extracting(a -> a.host().toString()).as("proxy, web server, workstation, end-of-replay hosts")
                .doesNotContain("198.18.1.20", "198.18.1.30", "198.18.1.40", "203.0.113.1", "203.0.113.2");
    }

    /** The running job named peerwatch, if the REST endpoint answers and lists one. */
    private static Optional<JobID> runningJob(int restPort) {
        try (FlinkRest rest = FlinkRest.connect(restPort)) {
            return rest.client().listJobs().get(FlinkRest.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(j -> j.getJobName().equals("peerwatch") && j.getJobState() == JobStatus.RUNNING)
                    .map(JobStatusMessage::getJobId).findFirst();
        } catch (Exception notYet) {
            return Optional.empty();
        }
    }

    private static void await(String what, BooleanSupplier done, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + STACK_TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + STACK_TIMEOUT.toMinutes() + " min waiting for " + what
                        + "\n" + state.get());
            }
            Thread.sleep(POLL.toMillis()); // poll interval; the condition is the synchronisation
        }
    }

    private static void compose(Path tmp, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "-f", COMPOSE_FILE.toString()));
        cmd.addAll(List.of(args));
        run(tmp.resolve("compose-" + args[0] + ".log"), env, cmd.toArray(String[]::new));
    }

    /** The services' logs (all, or the named ones) as compose shows them. */
    private static String composeLogs(Path tmp, Map<String, String> env, Path out, String... services) {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "-f", COMPOSE_FILE.toString(), "logs", "--no-color"));
        cmd.addAll(List.of(services));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            pb.start().waitFor(2, TimeUnit.MINUTES);
            return Files.readString(out);
        } catch (IOException e) {
            return "(no logs: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Runs a command to its end with its output in {@code log}; fails with the output's end unless it exits 0. */
    private static void run(Path log, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(STACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + STACK_TIMEOUT.toMinutes()
                    + " min:\n" + Files.readString(log));
        }
        assertThat(p.exitValue()).as("%s (exit code):\n%s", String.join(" ", cmd), Files.readString(log)).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
