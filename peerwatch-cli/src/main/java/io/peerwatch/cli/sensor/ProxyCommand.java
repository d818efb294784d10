package io.peerwatch.cli.sensor;

import io.peerwatch.cli.DurationConverter;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.schemas.Topics;
import io.peerwatch.sensor.proxy.ProxyTailer;
import io.peerwatch.sensor.proxy.TailerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code peerwatch sensor proxy}: follows a proxy log into Kafka. */
@Command(name = "proxy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Follows a web proxy log (like tail -F) and writes every request to Kafka as a ProxyRecord naming the "
                    + "file and line. Formats: Squid native, common, combined, a Squid logformat, Zeek http.log "
                    + "(TSV or JSON); detected from the first lines unless --format is given.",
            "",
            "Loses and duplicates nothing across rotations and restarts: the position (inode, offset, line, a hash "
                    + "of the first lines) is saved in the state file only after Kafka acknowledged the lines before "
                    + "it. Rename rotation and copytruncate are followed, also while the sensor is stopped. A line "
                    + "still being written is read once its newline arrives. A line that does not parse is printed "
                    + "as FILE:LINE: reason (at most 10 per stats interval) and written to the dead-letter topic.",
            "",
            "Examples:",
            "  peerwatch sensor proxy --follow /var/log/squid/access.log \\",
            "      --bootstrap kafka1:9092",
            "  peerwatch sensor proxy --follow http.log --format zeek --from-start \\",
            "      --bootstrap 127.0.0.1:9092",
            "  peerwatch sensor proxy --follow access.log --bootstrap 127.0.0.1:9092 \\",
            "      --format 'logformat:%%ts.%%03tu %%>a %%rm %%ru %%>Hs %%<st' \\",
            "      --state-file /var/lib/peerwatch/access.pos"})
final class ProxyCommand extends KafkaSensorCommand {

    @Option(names = "--follow", required = true, paramLabel = "FILE", description = "The log file to follow.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto, squid, common, combined, zeek, zeek-json or logformat:SPEC (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Where the position is saved (default: STATE_DIR/positions/, named after the log's absolute path).")
    Path stateFile;

    @Option(names = "--from-start", description = "With no saved position, read the whole file (default: only new lines).")
    boolean fromStart;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic of the proxy records (default: ${DEFAULT-VALUE}).")
    String topic = Topics.PROXY;

    @Option(names = "--deadletter-topic", paramLabel = "TOPIC", description = "Topic of bad lines (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic = Topics.DEADLETTER;

    @Option(names = "--stats-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often to print a stats line (default: 1m).")
    Duration statsInterval = TailerConfig.DEFAULT_STATS_INTERVAL;

    /**
     * Where the tailer keeps its position: {@code --state-file}, else a file under the state
     * directory named after the log's absolute path (so two logs of the same name do not collide).
     */
    java.nio.file.Path positionFile() {
        if (stateFile != null) {
            return stateFile;
        }
        String name = file.toAbsolutePath().normalize().toString().replaceAll("^[/\\\\]+", "").replaceAll("[/\\\\:]", "_");
        return io.peerwatch.cli.StateDir.resolve(stateDir.dir()).resolve("positions").resolve(name + ".position");
    }

    @Override
    public Integer call() throws Exception {
        KafkaTarget kafka = kafka();
        TailerConfig cfg;
        try {
            TailerConfig.Builder b = TailerConfig.builder(file, kafka.bootstrap()).topic(topic).deadLetterTopic(deadLetterTopic)
                    .fromStart(fromStart).statsInterval(statsInterval).producerOverrides(kafka.producer());
            if (!"auto".equalsIgnoreCase(format.strip())) {
                b.format(ProxyLogFormat.named(format));
            }
            java.nio.file.Files.createDirectories(positionFile().toAbsolutePath().getParent());
            b.stateFile(positionFile());
            cfg = b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!brokerReady(kafka, err)) {
            return 1;
        }
        ProxyTailer t = ProxyTailer.start(cfg, line -> {
            err.println(line);
            err.flush();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(t::close, "peerwatch-sensor-stop"));
        t.awaitClosed();
        return t.failure().isPresent() ? 1 : 0;
    }
}
