package io.peerwatch.cli.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.PeerWatchCli;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.testing.Await;
import io.peerwatch.testing.Corpus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code peerwatch sensor ...} as users run it: usage errors in-process; the long-running
 * sensors as separate JVMs stopped with SIGTERM (what Ctrl-C and service managers send), then
 * the topics read back from a real local broker.
 */
class SensorCliITCase {

    private static LocalKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PeerWatchCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The CLI in its own JVM, stderr to a file. */
    private Process child(Path stderr, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), PeerWatchCli.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("child.out").toFile()).redirectError(stderr.toFile()).start();
    }

    private static void waitFor(String what, BooleanSupplier c) {
        Await.until(what, c);
    }

    private static boolean contains(Path f, String text) {
        try {
            return Files.exists(f) && Files.readString(f).contains(text);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Every record of a topic (read_committed) up to its end offsets when the call starts: called
     * once the sensor has stopped and flushed, so the result is complete.
     */
    private static List<byte[]> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r.value());
                    }
                }
            }
        }
        return out;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the sensor did not stop within 60 s of SIGTERM");
        }
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2() {
        Run r = inProcess("sensor", "netflow", "--listen", "127.0.0.1:2055");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("peerwatch sensor netflow: ")
                .contains("kafka.bootstrap-servers: is required (--bootstrap HOST:PORT")
                .doesNotContain("\n");
        Run bad = inProcess("sensor", "netflow", "--listen", "nowhere", "--bootstrap", "x:1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("'nowhere' is not HOST:PORT");
        Run fmt = inProcess("sensor", "proxy", "--follow", "a.log", "--bootstrap", "x:1", "--format", "apache");
        assertThat(fmt.code()).isEqualTo(2);
        assertThat(fmt.err()).contains("unknown proxy log format 'apache'");
        Run both = inProcess("sensor", "pcap", "--interface", "lo", "--file", "x.pcap", "--bootstrap", "x:1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(inProcess("sensor").code()).isEqualTo(2);
        Run help = inProcess("sensor", "proxy", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--follow").contains("Examples:");
    }

    @Test
    void pcapFileIntoKafka() {
        Path pcap = Corpus.lab("bittorrent/bt-utp-transmission-s1.pcap");
        Run r = inProcess("sensor", "pcap", "--file", pcap.toString(), "--bootstrap", kafka.bootstrapServers(),
                "--topic", "cli-packets");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("3,493 frames").contains("acknowledged");
        List<PacketEvent> events = readAll("cli-packets").stream().map(TopicCodec.packets()::decode).toList();
        assertThat(events).hasSize(3_486); // IP packets of the capture (7 are not IP)
        assertThat(events).allSatisfy(e -> assertThat(e.sensor()).contains("bt-utp-transmission-s1.pcap"));
    }

    @Test
    void netflowCollectorFlushesEverythingOnSigterm() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            port = s.getLocalPort();
        }
        Path err = dir.resolve("netflow.err");
        Process p = child(err, "sensor", "netflow", "--listen", "127.0.0.1:" + port, "--bootstrap",
                kafka.bootstrapServers(), "--topic", "cli-flows", "--stats-interval", "1s");
        try {
            waitFor("listening", () -> contains(err, "listening on 127.0.0.1:" + port));
            List<byte[]> datagrams = io.peerwatch.cli.sensor.ExportCapture.datagrams(
                    Corpus.lab("netflow/export-netflow-v9-s1.pcap"));
            try (DatagramChannel ch = DatagramChannel.open()) {
                for (byte[] d : datagrams) {
                    ch.send(ByteBuffer.wrap(d), new InetSocketAddress("127.0.0.1", port));
                }
            }
            waitFor("a stats line with the flows", () -> contains(err, "97 flows"));
        } finally {
            stop(p);
        }
        assertThat(readAll("cli-flows").stream().map(TopicCodec.flows()::decode).toList()).hasSize(97);
        assertThat(Files.readString(err)).contains("97 flows (97 acked)");
    }

    @Test
    void proxyTailerSavesItsPositionOnSigtermAndResumes() throws Exception {
        Path log = dir.resolve("access.log");
        Path state = dir.resolve("access.pos");
        Files.copy(Corpus.lab("benign-proxy/squid-access-native.log"), log);
        long lines = Files.readAllLines(log).size();
        Path err = dir.resolve("proxy.err");
        Process p = child(err, "sensor", "proxy", "--follow", log.toString(), "--bootstrap", kafka.bootstrapServers(),
                "--topic", "cli-proxy", "--from-start", "--state-file", state.toString());
        try {
            waitFor("the position saved after the last line", () -> contains(state, "line=" + lines));
        } finally {
            stop(p);
        }
        assertThat(Files.readString(err)).contains("format squid (detected)").contains("stopped;");
        // a second run continues after the saved position: only the new line is sent
        Files.writeString(log, Files.readAllLines(log).get(0) + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path err2 = dir.resolve("proxy2.err");
        Process p2 = child(err2, "sensor", "proxy", "--follow", log.toString(), "--bootstrap", kafka.bootstrapServers(),
                "--topic", "cli-proxy", "--state-file", state.toString());
        try {
            waitFor("the new line's position saved", () -> contains(state, "line=" + (lines + 1)));
        } finally {
            stop(p2);
        }
        List<TopicCodec.ProxyLine> records = readAll("cli-proxy").stream().map(TopicCodec::decodeProxyLine).toList();
        assertThat(records).hasSize((int) lines + 1);
        assertThat(records.get((int) lines).line()).hasValue(lines + 1);
        assertThat(Files.readString(err2)).contains("resuming " + log + " after line " + lines);
    }
}
