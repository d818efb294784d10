package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.policy.AlertTopic;
import io.peerwatch.cli.sensor.ExportCapture;
import io.peerwatch.core.AlertType;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.kafka.LocalTls;
import io.peerwatch.kafka.SaslSslListener;
import io.peerwatch.notice.Alert;
import io.peerwatch.testing.Await;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secured Kafka end to end (issue 14, item 4): a real broker whose only client listener is
 * SASL_SSL with SCRAM-SHA-512 and mutual TLS, with certificates the test generates. The
 * NetFlow sensor and the job ({@code run}, embedded) run as separate JVMs configured by one YAML
 * file whose SCRAM password comes from an environment variable and whose store passwords come
 * from a properties file (Kafka's config providers); the sensor's flow records become the job's
 * alerts, which {@code policy export} reads back through the same file. Clients with a wrong
 * password or without credentials are refused with one line naming the broker and the cause, and
 * no output, error message or log of any of these commands contains a secret.
 */
class SecuredKafkaITCase {

    private static final String USER = "peerwatch";
    /** The SCRAM password: in the sensor's and the job's environment only. */
    private static final String PASSWORD = "scram-" + UUID.randomUUID();
    private static final String ENV = "PEERWATCH_KAFKA_PASSWORD";

    @TempDir
    static Path dir;

    private static LocalKafka kafka;
    private static LocalTls tls;
    private static SaslSslListener secured;
    private static Path config;
    private static Path secrets;
    /** Everything the commands printed, checked for secrets at the end of each test. */
    private final List<String> outputs = new ArrayList<>();

    @BeforeAll
    static void startSecuredBroker() throws IOException {
        tls = LocalTls.generate(dir.resolve("tls"));
        secured = SaslSslListener.of(tls, Map.of(USER, PASSWORD));
        kafka = LocalKafka.start(secured);
        secrets = dir.resolve("kafka-secrets.properties");
        Files.writeString(secrets, "stores.password=" + tls.password() + "\nscram.password=" + PASSWORD + "\n");
        config = dir.resolve("secured.yaml");
        Files.writeString(config, String.join("\n",
                "kafka:",
                "  bootstrap-servers: " + kafka.bootstrapServers(),
                "  properties:",
                "    security.protocol: SASL_SSL",
                "    sasl.mechanism: SCRAM-SHA-512",
                "    sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                        + "\" password=\"${env:" + ENV + "}\";'",
                "    ssl.truststore.location: " + tls.truststore(),
                "    ssl.truststore.type: PKCS12",
                "    ssl.truststore.password: ${file:" + secrets + ":stores.password}",
                "    ssl.keystore.location: " + tls.clientKeystore(),
                "    ssl.keystore.type: PKCS12",
                "    ssl.keystore.password: ${file:" + secrets + ":stores.password}",
                "    ssl.key.password: ${file:" + secrets + ":stores.password}",
                ""));
        assertThat(Files.readString(config)).doesNotContain(PASSWORD).doesNotContain(tls.password());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** In this JVM the environment has no password: the SCRAM one is read from the secrets file instead. */
    private static String[] jaasFromFile() {
        return new String[] {"--set", "kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"" + USER + "\" password=\"${file:" + secrets + ":scram.password}\";"};
    }

    @Test
    void sensorAndJobWorkOverSaslSslAndThePolicyExportReadsTheAlerts() throws Exception {
        Path state = dir.resolve("state");
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        }
        Path sensorErr = dir.resolve("sensor.err");
        Path runErr = dir.resolve("run.err");
        // --wait-for-broker: on a loaded machine the first TLS and SCRAM exchange may outlast the start check
        Process sensor = child(sensorErr, "sensor", "netflow", "--config", config.toString(), "--listen", "127.0.0.1:" + port,
                "--topic", "sec.flows", "--stats-interval", "1s", "--state-dir", state.toString(), "--wait-for-broker");
        Process job = null;
        try {
            Await.until("the sensor listening", () -> contains(sensorErr, "listening on 127.0.0.1:" + port) || !sensor.isAlive(),
                    () -> tail(sensorErr));
            assertThat(sensor.isAlive()).as("sensor running; stderr: %s", tail(sensorErr)).isTrue();
            job = child(runErr, "run", "--config", config.toString(), "--inputs", "flows", "--flows-topic", "sec.flows",
                    "--alerts-topic", "sec.alerts", "--alerts-json-topic", "sec.alerts.json", "--deadletter-topic", "sec.dead",
                    "--checkpoint-interval", "1s", "--idleness", "5s", "--parallelism", "1", "--state-dir", state.toString());
            List<byte[]> datagrams = ExportCapture.datagrams(SamplesPaths.sample("netflow-v9.pcap"));
            try (DatagramChannel ch = DatagramChannel.open()) {
                for (byte[] d : datagrams) {
                    ch.send(ByteBuffer.wrap(d), new InetSocketAddress("127.0.0.1", port));
                }
            }
            Await.until("the sensor's flows acknowledged by the secured broker", () -> acked(sensorErr) > 0
                    && acked(sensorErr) == flows(sensorErr), () -> tail(sensorErr));
            Map<String, String> client = new HashMap<>(secured.clientProperties(USER, PASSWORD));
            client.put("bootstrap.servers", kafka.bootstrapServers());
            Process running = job;
            Await.until("the job's P2P alerts for the three P2P hosts of the sample",
                    () -> p2pHosts(client).size() == 3 || !running.isAlive(), () -> tail(runErr));
            assertThat(p2pHosts(client)).as("run's stderr: %s", tail(runErr)).hasSize(3);
        } finally {
            stop(sensor);
            if (job != null) {
                stop(job);
            }
        }
        outputs.add(Files.readString(sensorErr));
        outputs.add(Files.readString(runErr));
        try (Stream<Path> logs = Files.walk(state)) {
            for (Path f : logs.filter(Files::isRegularFile).toList()) {
                outputs.add(Files.readString(f));
            }
        }

        List<String> export = new ArrayList<>(List.of("policy", "export", "--format", "nftables", "--since", "0",
                "--from-alerts", "sec.alerts", "--config", config.toString()));
        export.addAll(List.of(jaasFromFile()));
        CliRun.Result r = CliRun.run(export.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("10.10.2.21").contains("10.10.2.23").contains("10.10.2.66");
        assertNoSecretIn(outputs);
    }

    @Test
    void aWrongPasswordOrNoCredentialsAreRefusedWithOneLineAndNoSecret() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        CliRun.Result bad = CliRun.run("sensor", "netflow", "--config", config.toString(), "--listen", "127.0.0.1:0",
                "--set", "kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + USER + "\" password=\"" + wrong + "\";");
        assertRefused(bad, "peerwatch sensor netflow: Kafka at " + kafka.bootstrapServers() + " refused the SASL login");
        assertThat(bad.err()).contains("invalid credentials").doesNotContain(wrong);

        CliRun.Result export = CliRun.run("policy", "export", "--format", "nftables", "--from-alerts", "sec.alerts", "--config",
                config.toString(), "--set", "kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram."
                        + "ScramLoginModule required username=\"" + USER + "\" password=\"" + wrong + "\";");
        assertRefused(export, "peerwatch policy export: Kafka at " + kafka.bootstrapServers() + " refused the SASL login");
        assertThat(export.err()).doesNotContain(wrong);

        // Only a trust store: the broker is verified, but there is no client certificate and no SASL login.
        CliRun.Result none = CliRun.run("sensor", "netflow", "--bootstrap", kafka.bootstrapServers(), "--listen", "127.0.0.1:0",
                "--set", "kafka.properties.security.protocol=SSL",
                "--set", "kafka.properties.ssl.truststore.location=" + tls.truststore(),
                "--set", "kafka.properties.ssl.truststore.password=${file:" + secrets + ":stores.password}");
        assertRefused(none, "peerwatch sensor netflow: TLS handshake with Kafka at " + kafka.bootstrapServers() + " failed");

        List<String> run = new ArrayList<>(List.of("run", "--config", config.toString(), "--set",
                "kafka.properties.ssl.keystore.location=" + dir.resolve("no-such-keystore.p12")));
        run.addAll(List.of(jaasFromFile()));
        CliRun.Result noKeystore = CliRun.run(run.toArray(String[]::new));
        assertThat(noKeystore.exitCode()).as(noKeystore.err()).isEqualTo(1);
        assertThat(noKeystore.err().strip().lines()).hasSize(1);
        assertThat(noKeystore.err()).startsWith("peerwatch run: cannot use Kafka at " + kafka.bootstrapServers())
                .contains("no-such-keystore.p12");
        outputs.add(noKeystore.err());

        // Where the configuration is printed, secrets are hidden, even ones written in plain text.
        CliRun.Result show = CliRun.run("config", "show", "--config", config.toString(), "--set",
                "kafka.properties.ssl.key.password=" + tls.password(), "--set",
                "kafka.properties.sasl.jaas.config=ScramLoginModule required username=\"u\" password=\"" + PASSWORD + "\";");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("kafka.properties.sasl.jaas.config: [hidden]")
                .contains("kafka.properties.ssl.key.password: [hidden]")
                .contains("kafka.properties.ssl.truststore.location: \"" + tls.truststore() + "\"")
                .contains("kafka.bootstrap-servers: \"" + kafka.bootstrapServers() + "\"");
        outputs.add(show.out());
        for (String[] help : List.of(new String[] {"sensor", "netflow", "--help"}, new String[] {"run", "--help"},
                new String[] {"config", "show", "--help"}, new String[] {"config", "defaults"})) {
            CliRun.Result h = CliRun.run(help);
            assertThat(h.exitCode()).isZero();
            outputs.add(h.out());
            outputs.add(h.err());
        }
        assertNoSecretIn(outputs);
    }

    private void assertRefused(CliRun.Result r, String start) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err().strip().lines()).as("stderr").hasSize(1);
        assertThat(r.err()).startsWith(start);
        outputs.add(r.out());
        outputs.add(r.err());
    }

    private static void assertNoSecretIn(List<String> texts) {
        assertThat(texts).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain(PASSWORD).doesNotContain(tls.password()));
    }

    private static Set<String> p2pHosts(Map<String, String> client) {
        try {
            return AlertTopic.read(client, "sec.alerts", 0).alerts().stream()
                    .filter(a -> a.type() == AlertType.P2P_PORT_ACTIVITY).map(Alert::host).map(Object::toString)
                    .collect(Collectors.toSet());
        } catch (IllegalStateException noTopicYet) {
            return Set.of();
        }
    }

    /** The CLI in its own JVM, with the SCRAM password in its environment only. */
    private static Process child(Path stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        // the Java 17 module openings Flink needs, as this JVM got them
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")).toList());
        cmd.add(PeerWatchCli.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stderr.resolveSibling(stderr.getFileName() + ".out").toFile())
                .redirectError(stderr.toFile());
        pb.environment().put(ENV, PASSWORD);
        return pb.start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static boolean contains(Path f, String text) {
        return tail(f).contains(text);
    }

    private static String tail(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The last "N flows (M acked)" of the sensor's stats lines: N. */
    private static long flows(Path err) {
        return lastCount(err, 1);
    }

    private static long acked(Path err) {
        return lastCount(err, 2);
    }

    private static long lastCount(Path err, int group) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d,]+) flows \\(([\\d,]+) acked\\)").matcher(tail(err));
        long v = -1;
        while (m.find()) {
            v = Long.parseLong(m.group(group).replace(",", ""));
        }
        return v;
    }
}
