package io.peerwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detached broker: outlives its starter's pipes, stops on SIGTERM, keeps its topics across a restart. */
class DetachedBrokerTest {

    /** A guard against a hung broker; the test goes on as soon as the broker prints its ready line. */
    private static final Duration START = LocalKafka.DEFAULT_START_TIMEOUT;

    @Test
    void runsWithoutStdinStopsOnSigtermAndKeepsItsTopicsAcrossARestart(@TempDir Path tmp) throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        Path data = tmp.resolve("kafka");
        Path log = tmp.resolve("log").resolve("broker.log");

        Path firstOut = tmp.resolve("first.out");
        Process first = start(data, log, brokerPort, controllerPort, firstOut);
        try {
            awaitReady(bootstrap, first, firstOut, log);
            // stdin is /dev/null, which an attached broker would take as "parent gone"
            assertThat(first.isAlive()).isTrue();
            LocalKafka.createTopics(bootstrap, List.of("kept"), 2);
        } finally {
            first.destroy(); // SIGTERM
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        assertThat(first.exitValue()).as("exit status after SIGTERM, not SIGKILL's 137").isIn(0, 143);
        assertThat(LocalKafka.isReachable(bootstrap, Duration.ofSeconds(1))).isFalse();

        Path secondOut = tmp.resolve("second.out");
        Process second = start(data, log, brokerPort, controllerPort, secondOut);
        try {
            awaitReady(bootstrap, second, secondOut, log);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).contains("kept");
            }
        } finally {
            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(data.resolve("server.properties"))).doesNotContain("0.0.0.0").doesNotContain("localhost");
    }

    private static Process start(Path data, Path log, int brokerPort, int controllerPort, Path out) throws Exception {
        List<String> cmd = LocalKafka.detachedCommand(data, log, brokerPort, controllerPort);
        assertThat(cmd).contains(LocalKafkaBroker.DETACHED);
        return new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectErrorStream(true)
                .start();
    }

    /**
     * Waits for the broker's ready line (it prints it once it answers clients), then checks it
     * answers; fails when the broker dies first or the guard passes.
     */
    private static void awaitReady(String bootstrap, Process p, Path out, Path log) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        String ready = LocalKafkaBroker.READY_PREFIX + bootstrap;
        while (!(Files.exists(out) && Files.readString(out).contains(ready))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("detached broker printed no ready line for " + bootstrap + " (alive: "
                        + p.isAlive() + "):\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
            }
            p.waitFor(200, TimeUnit.MILLISECONDS); // returns at once if the broker dies
        }
        assertThat(LocalKafka.isReachable(bootstrap, Duration.ofSeconds(30))).as("answers after its ready line").isTrue();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
