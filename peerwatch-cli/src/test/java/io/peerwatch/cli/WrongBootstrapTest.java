package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong {@code --bootstrap} ends {@code run} and every sensor with exit code 1 and one line
 * naming the address and the cause, before any job or sensor starts (issue 13, item 4), and
 * {@code --no-create-topics} is an option of {@code run} (item 2).
 */
class WrongBootstrapTest {

    /** A loopback port nothing listens on: bound, then released. */
    private static String closedPort;

    @BeforeAll
    static void closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = "127.0.0.1:" + s.getLocalPort();
        }
    }

    private static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    private static void assertOneLineNamingTheAddress(CliRun.Result r, String command) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err().strip().lines()).as("stderr").hasSize(1);
        assertThat(r.err()).startsWith(command + ": cannot reach Kafka at " + closedPort + " (connection refused)");
    }

    @Test
    void runWithNoCreateTopicsSaysTheBrokerIsUnreachable() {
        assertOneLineNamingTheAddress(run("run", "--bootstrap", closedPort, "--no-create-topics"), "peerwatch run");
    }

    @Test
    void runCreatingTopicsSaysTheBrokerIsUnreachable() {
        assertOneLineNamingTheAddress(run("run", "--bootstrap", closedPort), "peerwatch run");
    }

    @Test
    void sensorsSayTheBrokerIsUnreachable(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("access.log"), "");
        assertOneLineNamingTheAddress(run("sensor", "netflow", "--listen", "127.0.0.1:0", "--bootstrap", closedPort),
                "peerwatch sensor netflow");
        assertOneLineNamingTheAddress(run("sensor", "proxy", "--follow", log.toString(), "--bootstrap", closedPort,
                "--state-file", dir.resolve("pos").toString()), "peerwatch sensor proxy");
        Path pcap = SamplesPaths.sample("office-p2p.pcap");
        assertOneLineNamingTheAddress(run("sensor", "pcap", "--file", pcap.toString(), "--bootstrap", closedPort),
                "peerwatch sensor pcap");
    }
}
