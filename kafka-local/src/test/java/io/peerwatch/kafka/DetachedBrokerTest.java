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

    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void runsWithoutStdinStopsOnSigtermAndKeepsItsTopicsAcrossARestart(@TempDir Path tmp) throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        Path data = tmp.resolve("kafka");
        Path log = tmp.resolve("log").resolve("broker.log");

        Process first = start(data, log, brokerPort, controllerPort, tmp.resolve("broker.out"));
        try {
            awaitReachable(bootstrap, first, log);
            // stdin is /dev/null, which an attached broker would take as "parent gone"
            assertThat(first.isAlive()).isTrue();
            LocalKafka.createTopics(bootstrap, List.of("kept"), 2);
        } finally {
            first.destroy(); // SIGTERM
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        assertThat(first.exitValue()).as("exit status after SIGTERM, not SIGKILL's 137").isIn(0, 143);
        assertThat(LocalKafka.isReachable(bootstrap, Duration.ofSeconds(1))).isFalse();

        Process second = start(data, log, brokerPort, controllerPort, tmp.resolve("broker.out"));
        try {
            awaitReachable(bootstrap, second, log);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).contains("kept");
            }
        } finally {
            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(tmp.resolve("broker.out"))).contains(LocalKafkaBroker.READY_PREFIX + bootstrap);
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

    private static void awaitReachable(String bootstrap, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (!LocalKafka.isReachable(bootstrap, Duration.ofSeconds(5))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("detached broker not reachable on " + bootstrap + " (alive: " + p.isAlive()
                        + "):\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
