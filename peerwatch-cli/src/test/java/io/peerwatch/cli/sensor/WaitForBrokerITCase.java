package io.peerwatch.cli.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.PeerWatchCli;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.testing.Await;
import io.peerwatch.testing.Corpus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --wait-for-broker}: a sensor started before its broker says once that it waits, and
 * when a real broker comes up at that address it sends everything (issue 13, item 4). The test
 * starts the broker only after the sensor's own "retrying" line, and checks the topic's offsets.
 */
class WaitForBrokerITCase {

    @TempDir
    Path dir;

    private static boolean contains(Path f, String text) {
        try {
            return Files.exists(f) && Files.readString(f).contains(text);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aSensorWaitingForItsBrokerSendsEverythingOnceTheBrokerIsUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // released: nothing listens there until the broker starts
        }
        String bootstrap = "127.0.0.1:" + port;
        Path err = dir.resolve("sensor.err");
        Process sensor = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), PeerWatchCli.class.getName(), "sensor", "pcap", "--file",
                Corpus.lab("bittorrent/bt-utp-transmission-s1.pcap").toString(), "--bootstrap", bootstrap, "--topic",
                "waited-packets", "--wait-for-broker", "--state-dir", dir.resolve("state").toString())
                .redirectOutput(dir.resolve("sensor.out").toFile()).redirectError(err.toFile()).start();
        try {
            Await.until("the sensor's waiting line", () -> contains(err, "peerwatch sensor pcap: cannot reach Kafka at "
                    + bootstrap) && contains(err, "(--wait-for-broker)") || !sensor.isAlive());
            assertThat(sensor.isAlive()).as("still waiting; stderr: %s", err).isTrue();
            try (LocalKafka kafka = LocalKafka.onPort(port)) {
                assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
                kafka.createTopics(List.of("waited-packets"), 1);
                assertThat(sensor.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the sensor ends").isTrue();
                String text = Files.readString(err);
                assertThat(sensor.exitValue()).as(text).isZero();
                assertThat(text).contains("Kafka at " + bootstrap + " answers now")
                        .contains("3,486 packet events sent (3,486 acknowledged, 0 failed)");
                assertThat(LocalKafka.readAll(bootstrap, "waited-packets", Await.DEADLINE)).hasSize(3_486);
            }
        } finally {
            if (sensor.isAlive()) {
                sensor.destroyForcibly();
            }
        }
    }
}
