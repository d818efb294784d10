package io.peerwatch.cli.sensor;

import io.peerwatch.cli.DurationConverter;
import io.peerwatch.cli.AlertLine;
import io.peerwatch.cli.ExitStatus;
import io.peerwatch.pcap.InputLoss;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.schemas.Topics;
import io.peerwatch.sensor.pcap.CaptureConfig;
import io.peerwatch.sensor.pcap.LiveCapture;
import io.peerwatch.sensor.pcap.PacketSensor;
import io.peerwatch.sensor.pcap.PacketSensorConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerwatch sensor pcap}: packets into Kafka. */
@Command(name = "pcap", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Captures packets on an interface (pcap4j over libpcap; needs root or CAP_NET_RAW) or reads pcap/pcapng "
                    + "files, and writes every IP packet to Kafka as a PacketEvent: headers, the first payload bytes, "
                    + "its direction relative to the flow's client and its index in the flow (the flow table of "
                    + "peerwatch classify). Packets of one flow share a Kafka key, so they stay in order.",
            "",
            "",
            "A corrupt record in a --file is skipped where the format allows (reading resumes at the next "
                    + "plausible record) and reported as 'input lost' with file, packet, byte offset and the bytes "
                    + "skipped; the exit status is then 3. A file that is no capture at all: exit status 1.",
            "",
            "Examples:",
            "  peerwatch sensor pcap --interface eth1 --bootstrap kafka1:9092",
            "  peerwatch sensor pcap --interface eth1 --filter 'not port 22' --bootstrap kafka1:9092",
            "  peerwatch sensor pcap --file capture.pcapng --bootstrap 127.0.0.1:9092"})
final class PcapCommand extends KafkaSensorCommand {

    static final class Source {
        @Option(names = "--interface", paramLabel = "IF", required = true, description = "Interface to capture on.")
        String iface;

        @Option(names = "--file", paramLabel = "FILE", required = true, description = "pcap or pcapng file (repeatable).")
        List<Path> files;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic of the packet events (default: ${DEFAULT-VALUE}).")
    String topic = Topics.PACKETS;

    @Option(names = "--filter", paramLabel = "BPF", description = "Capture filter (tcpdump syntax), live capture only.")
    String filter;

    @Option(names = "--payload-bytes", paramLabel = "N",
            description = "Payload bytes kept per packet (default: ${DEFAULT-VALUE}).")
    int payloadBytes = PacketSensorConfig.DEFAULT_PAYLOAD_PREFIX_BYTES;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop a live capture after this long (default: until Ctrl-C).")
    Duration duration = Duration.ZERO;

    @Option(names = "--stats-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often a live capture prints its counters (default: 1m).")
    Duration statsInterval = Duration.ofMinutes(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String name = source.iface != null ? source.iface : source.files.get(0).getFileName().toString();
        KafkaTarget kafka = kafka();
        PacketSensorConfig cfg;
        try {
            cfg = PacketSensorConfig.defaults(kafka.bootstrap(), name).withTopic(topic).withPayloadPrefixBytes(payloadBytes)
                    .withProducerOverrides(kafka.producer());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!brokerReady(kafka, err)) {
            return 1;
        }
        return source.iface != null ? live(cfg, err) : files(cfg, err);
    }

    private int files(PacketSensorConfig cfg, PrintWriter err) {
        int rc = 0;
        try (PacketSensor sensor = PacketSensor.create(cfg)) {
            for (Path f : source.files) {
                List<InputLoss> losses = new java.util.ArrayList<>();
                try {
                    sensor.sendFile(f, losses::add);
                } catch (PacketFileException e) {
                    err.println("peerwatch sensor pcap: " + AlertLine.clean(e.getMessage()));
                    rc = 1;
                }
                for (InputLoss l : losses) {
                    err.println("peerwatch sensor pcap: input lost: " + AlertLine.clean(l.toString()));
                }
                if (!losses.isEmpty() && rc == 0) {
                    rc = ExitStatus.INPUT_LOST;
                }
            }
            sensor.close();
            err.println("peerwatch sensor pcap: " + sensor.statsText() + " to " + topic);
        }
        err.flush();
        return rc;
    }

    private int live(PacketSensorConfig cfg, PrintWriter err) throws Exception {
        CaptureConfig cc = CaptureConfig.builder(source.iface).filter(filter).build();
        long deadline = duration.isZero() || duration.isNegative() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long every = statsInterval.toNanos();
        try (GracefulStop stop = GracefulStop.install(); LiveCapture cap = LiveCapture.open(cc);
                PacketSensor sensor = PacketSensor.create(cfg)) {
            err.printf("peerwatch sensor pcap: capturing on %s, writing to %s on %s; Ctrl-C to stop%n", source.iface,
                    topic, cfg.bootstrap());
            err.flush();
            long[] next = {System.nanoTime() + every};
            Runnable report = () -> {
                if (System.nanoTime() >= next[0]) {
                    next[0] = System.nanoTime() + every;
                    err.println("peerwatch sensor pcap: " + source.iface + ": " + sensor.statsText() + "; " + cap.statsText());
                    err.flush();
                }
            };
            cap.run((lt, frame, captured, original, nanos) -> {
                sensor.frame(lt, frame, 0, captured, original, nanos);
                report.run();
            }, now -> {
                sensor.idle(now);
                report.run();
            }, () -> stop.running() && System.nanoTime() < deadline);
            sensor.close();
            err.println("peerwatch sensor pcap: stopped; " + source.iface + ": " + sensor.statsText() + "; " + cap.statsText());
            err.flush();
        }
        return 0;
    }
}
