package io.peerwatch.cli;

import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.job.EcsJson;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.files.FileInputSource;
import io.peerwatch.job.files.FileRecordIterator;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.TextLines;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.volume.Tariff;
import io.peerwatch.volume.VolumeTally;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import io.peerwatch.config.Flag;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwatch analyze}: the streaming job over files on an embedded Flink MiniCluster, no
 * Kafka. Runs in Flink's batch mode, so records may come in any time order (event-time windows
 * and suppression see the whole input, sorted).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {
            "Runs the detection job over flow and proxy-log files, without Kafka.",
            "",
            "Packet captures (pcap, pcapng): every flow through the payload signatures (P2P clients, tunnels, "
                    + "watch-words in P2P searches), and the flows through the flow detectors. "
                    + "Flow files: pcap/pcapng captures of NetFlow v5/v9/IPFIX export datagrams, nfdump CSV "
                    + "(nfdump -o csv), Zeek conn.log (TSV or JSON). Proxy logs: Squid native, common, combined, "
                    + "a Squid logformat, Zeek http.log (TSV or JSON); the format is detected or given with --format. "
                    + "Alerts go to stdout as ECS JSON, one per line; the summary (and for proxy logs the per-user "
                    + "and per-address volume and cost table) goes to stderr. Unusable lines are dead letters: "
                    + "counted, and the first ones printed with file, line and reason. A file that cannot be read to "
                    + "its end (a corrupt capture record, an unsupported link type) is reported as input lost with "
                    + "file, position and reason; the other files are still analysed, and the exit status is 3.",
            "",
            "Examples:  peerwatch analyze --pcap office.pcapng > alerts.jsonl",
            "           peerwatch analyze --netflow flows.csv > alerts.jsonl",
            "           peerwatch analyze --proxy-log /var/log/squid/access.log --tariff AUD:0.12 --top 20"})
final class AnalyzeCommand implements Callable<Integer>, ConfigOptions.JobCommand {

    private final ConfigOptions config = new ConfigOptions();

    @Override
    public ConfigOptions config() {
        return config;
    }

    @Override
    public Set<Flag.Scope> flagScopes() {
        return EnumSet.of(Flag.Scope.ALL);
    }

    private static final TypeInformation<Either<Alert, DeadLetter>> RESULT_TYPE = LibraryTypes.decoded(LibraryTypes.ALERT);

    /** Dead letters printed on stderr before the rest are only counted. */
    static final int MAX_DEAD_LETTER_LINES = 20;
    /** Exit status when the run finished but some input was lost (a file not read to its end). */
    static final int EXIT_INPUT_LOST = ExitStatus.INPUT_LOST;

    @Option(names = "--netflow", arity = "1..*", paramLabel = "FILE",
            description = "Flow files: export-datagram pcaps, nfdump CSV, Zeek conn.log.")
    List<Path> netflow = List.of();

    @Option(names = "--proxy-log", arity = "1..*", paramLabel = "FILE", description = "Proxy log files.")
    List<Path> proxyLogs = List.of();

    @Option(names = "--pcap", arity = "1..*", paramLabel = "FILE",
            description = "Packet captures (pcap, pcapng): payload signatures per flow, plus the flow detectors.")
    List<Path> pcaps = List.of();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Proxy-log format: auto, squid, common, combined, zeek, zeek-json or logformat:SPEC (default: ${DEFAULT-VALUE}).")
    String format = "auto";

    @Option(names = "--top", paramLabel = "N", description = "Rows of the volume and cost table (default: ${DEFAULT-VALUE}).")
    int top = 10;

    /** Files given without saying what they are: refused with a pointer to the three options. */
    @picocli.CommandLine.Parameters(hidden = true, arity = "0..*")
    List<String> unnamed = List.of();


    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!unnamed.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "'" + unnamed.get(0)
                    + "': say what each file is: --pcap FILE... (packet captures), --netflow FILE... (flow files) "
                    + "or --proxy-log FILE... (proxy logs)");
        }
        if (netflow.isEmpty() && proxyLogs.isEmpty() && pcaps.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give --pcap FILE..., --netflow FILE... or --proxy-log FILE...");
        }
        if (top < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top must not be negative");
        }
        JobConfig cfg = config.jobConfig(spec, Optional.empty());
        // Reject unusable files before starting Flink: one line naming the file and why.
        try {
            for (Path f : netflow) {
                checkReadable(f);
                FlowFiles.detect(f);
            }
            for (Path f : proxyLogs) {
                checkReadable(f);
                FileRecordIterator.Proxy.format(f, format);
            }
            for (Path f : pcaps) {
                checkReadable(f);
                PacketFiles.open(f).close();
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("peerwatch analyze: " + e.getMessage());
            err.flush();
            return 1;
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(cfg.parallelism(),
                LocalFlink.loopbackConfiguration());
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        PeerWatchJob.Inputs inputs = new PeerWatchJob.Inputs(
                netflow.isEmpty() ? Optional.empty() : Optional.of(FileInputSource.flows(netflow, cfg.library().netflowDecoder())),
                proxyLogs.isEmpty() ? Optional.empty() : Optional.of(FileInputSource.proxy(proxyLogs, format)),
                pcaps.isEmpty() ? Optional.empty() : Optional.of(FileInputSource.packets(pcaps, cfg.library().fragments())));
        PeerWatchJob.Streams streams = new PeerWatchJob(cfg).streams(env, inputs);
        // One result stream (alerts and dead letters together): a single collect iterator drains
        // everything the job produced before the embedded cluster goes away.
        DataStream<Either<Alert, DeadLetter>> results = streams.alerts()
                .map(a -> Either.<Alert, DeadLetter>Left(a)).returns(RESULT_TYPE)
                .union(streams.deadLetters().map(d -> Either.<Alert, DeadLetter>Right(d)).returns(RESULT_TYPE));
        long deadCount = 0;
        List<String> lost = new java.util.ArrayList<>();
        Map<String, Long> byType = new TreeMap<>();
        try (CloseableIterator<Either<Alert, DeadLetter>> it = results.executeAndCollect("peerwatch-analyze")) {
            while (it.hasNext()) {
                Either<Alert, DeadLetter> r = it.next();
                if (r.isLeft()) {
                    out.println(EcsJson.toJson(r.left()));
                    byType.merge(r.left().type().name(), 1L, Long::sum);
                } else if (r.right().errorClass().equals(FileRecordIterator.LOST)) {
                    lost.add(AlertLine.clean(r.right().message()));
                } else if (++deadCount <= MAX_DEAD_LETTER_LINES) {
                    err.println("dead letter: " + AlertLine.clean(r.right().message()));
                }
            }
        }
        out.flush();
        for (String l : lost) {
            err.println("input lost: " + l);
        }

        if (deadCount > MAX_DEAD_LETTER_LINES) {
            err.println("... " + (deadCount - MAX_DEAD_LETTER_LINES) + " more dead letters");
        }
        if (!proxyLogs.isEmpty()) {
            printVolume(err, cfg);
        }
        long total = byType.values().stream().mapToLong(Long::longValue).sum();
        err.printf("peerwatch analyze: %d files, %d alerts%s, %d dead letters%s%n",
                netflow.size() + proxyLogs.size() + pcaps.size(), total,
                byType.isEmpty() ? "" : " " + byType.toString().replace('{', '(').replace('}', ')'), deadCount,
                lost.isEmpty() ? "" : ", input lost in " + lost.size() + " file(s) (exit " + EXIT_INPUT_LOST + ")");
        err.flush();
        return lost.isEmpty() ? 0 : EXIT_INPUT_LOST;
    }

    private static void checkReadable(Path f) throws IOException {
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
            throw new IOException(f + ": no such readable file");
        }
    }

    /** The per-user and per-address volume and cost table over the whole input. */
    private void printVolume(PrintWriter err, JobConfig cfg) throws IOException {
        VolumeTally tally = new VolumeTally();
        for (Path f : proxyLogs) {
            ProxyLogParser parser = FileRecordIterator.Proxy.format(f, format).newParser();
            try (TextLines in = TextLines.open(f, FileRecordIterator.MAX_LINE_BYTES)) {
                for (TextLines.Line l = in.next(); l != null; l = in.next()) {
                    try {
                        if (l.fault().isEmpty()) {
                            parser.parse(l.text(), f.toString(), l.number()).ifPresent(tally::add);
                        }
                    } catch (ProxyLogException bad) {
                        // already reported as a dead letter by the job
                    }
                }
            }
        }
        Tariff tariff = cfg.tariff();
        err.println();
        err.println(tally.report(tariff).toTable(top));
    }
}
