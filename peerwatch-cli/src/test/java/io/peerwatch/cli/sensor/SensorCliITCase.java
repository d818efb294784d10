package io.peerwatch.cli.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.PeerWatchCli;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.testing.Await;
import io.peerwatch.testing.Corpus;
import io.peerwatch.testing.HostileFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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

    private static List<byte[]> readAll(String topic) {
        return LocalKafka.readAll(kafka.bootstrapServers(), topic, Await.DEADLINE);
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
        List<byte[]> records = readAll("cli-flows");
        assertThat(records.stream().flatMap(v -> TopicCodec.flows().decodeAll(v).stream()).toList()).hasSize(97);
        assertThat(records.size()).as("the flows of a datagram share a record").isLessThan(97);
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

    /**
     * The malformed-input corpus's captures through {@code sensor pcap --file}, beside a good
     * capture: each lost stretch is one "input lost" line with the words analyze and classify give
     * (the same resync loop), the good packets and those after a skipped record are sent, and the
     * exit status is 3.
     */
    @Test
    void hostileCapturesThroughThePacketSensor() throws Exception {
        List<HostileFiles.Case> cases = HostileFiles.write(dir.resolve("hostile")).stream()
                .filter(c -> c.kind() == HostileFiles.Kind.PCAP).toList();
        List<String> args = new ArrayList<>(List.of("sensor", "pcap", "--bootstrap", kafka.bootstrapServers(),
                "--topic", "cli-hostile-packets", "--file", Corpus.lab("bittorrent/bt-utp-transmission-s1.pcap").toString()));
        cases.forEach(c -> args.addAll(List.of("--file", c.path().toString())));
        Run r = inProcess(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(io.peerwatch.cli.ExitStatus.INPUT_LOST);
        assertThat(r.err()).doesNotContain("Exception");
        List<String> lost = r.err().lines().filter(l -> l.startsWith("peerwatch sensor pcap: input lost: ")).toList();
        for (HostileFiles.Case c : cases) {
            switch (c.outcome()) {
                case NOTHING, DEAD_LETTERS -> assertThat(r.err()).as(c.name()).doesNotContain(c.name());
                case LOST -> {
                    if (c.expect().startsWith("link type")) {
                        // packets of an unknown link type are counted as not IP by the sensor, as they are sent nowhere
                        assertThat(r.err()).as(c.name()).contains("not IP");
                    } else {
                        assertThat(lost).as(c.name()).filteredOn(l -> l.contains(c.path().toString()))
                                .singleElement().asString().contains(c.expect());
                    }
                }
            }
        }
        List<PacketEvent> events = readAll("cli-hostile-packets").stream().map(TopicCodec.packets()::decode).toList();
        // the good capture's 3,486 IP packets, the SYN before and the SYN after the skipped record, the truncated
        // and bad-block files' first SYNs
        assertThat(events).hasSize(3_486 + 2 + 1 + 1);
        assertThat(events).filteredOn(e -> e.dstPort() == 80 && (e.srcPort() == 40000 || e.srcPort() == 40001))
                .extracting(PacketEvent::srcPort)
                .containsExactlyInAnyOrder(40000, 40001, 40000, 40000);
    }

    /**
     * The corpus's proxy logs through {@code sensor proxy}: each bad line is one dead letter on the
     * dead-letter topic naming file, line and reason as analyze does (a line not UTF-8, one over the
     * line limit, implausible sizes), and the good lines go on as records.
     */
    @Test
    void hostileProxyLogsThroughTheTailer() throws Exception {
        List<HostileFiles.Case> cases = HostileFiles.write(dir.resolve("hostile")).stream()
                .filter(c -> c.kind() == HostileFiles.Kind.PROXY).toList();
        int good = 0;
        for (HostileFiles.Case c : cases) {
            byte[] bytes = Files.readAllBytes(c.path());
            long lines = 0;
            for (byte b : bytes) {
                lines += b == '\n' ? 1 : 0;
            }
            good += (int) lines - c.deadLetters();
            Path state = dir.resolve(c.name() + ".pos");
            Path err = dir.resolve(c.name() + ".err");
            Process p = child(err, "sensor", "proxy", "--follow", c.path().toString(), "--bootstrap", kafka.bootstrapServers(),
                    "--topic", "cli-hostile-proxy", "--deadletter-topic", "cli-hostile-dead", "--from-start", "--format",
                    "squid", "--state-file", state.toString());
            try {
                long all = lines;
                waitFor(c.name() + ": the position after its last line", () -> contains(state, "line=" + all));
            } finally {
                stop(p);
            }
        }
        List<io.peerwatch.core.DeadLetter> dead = readAll("cli-hostile-dead").stream()
                .map(TopicCodec.deadLetters()::decode).toList();
        for (HostileFiles.Case c : cases) {
            assertThat(dead).as(c.name()).filteredOn(d -> d.sourceName().orElse("").equals(c.path().toString()))
                    .hasSize(c.deadLetters()).allSatisfy(d -> assertThat(d.message()).contains(c.expect()));
        }
        assertThat(readAll("cli-hostile-proxy")).hasSize(good);
    }
}
