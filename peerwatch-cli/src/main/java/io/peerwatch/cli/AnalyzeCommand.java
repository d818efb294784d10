package io.peerwatch.cli;

import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.job.EcsJson;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.files.FileInputSource;
import io.peerwatch.job.files.FileRecordIterator;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.cli.report.HtmlReport;
import io.peerwatch.cli.report.ReportBuilder;
import io.peerwatch.volume.VolumeReport;
import io.peerwatch.volume.VolumeSeries;
import io.peerwatch.volume.VolumeTally;
import io.peerwatch.volume.VolumeWindow;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
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
                    + "Flow files: pcap/pcapng captures of NetFlow v5/v9/IPFIX export datagrams, nfcapd files "
                    + "(nfdump 1.7), nfdump CSV "
                    + "(nfdump -o csv), Zeek conn.log (TSV or JSON). Proxy logs: Squid native, common, combined, "
                    + "a Squid logformat, Zeek http.log (TSV or JSON); the format is detected or given with --format. "
                    + "Alerts go to stdout as ECS JSON, one per line; the summary, the per-host, per-user and "
                    + "per-address volume and cost table (cost so far in the billing month and projected to its end) "
                    + "and the site's volume per day and busiest hour go to stderr. Unusable lines are dead letters: "
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

    /** What the job gives back: an alert, or a dead letter or a closed volume window. */
    private static final TypeInformation<Either<DeadLetter, VolumeWindow>> OTHER_TYPE =
            new EitherTypeInfo<>(LibraryTypes.DEAD_LETTER, LibraryTypes.VOLUME_WINDOW);
    private static final TypeInformation<Either<Alert, Either<DeadLetter, VolumeWindow>>> RESULT_TYPE =
            new EitherTypeInfo<>(LibraryTypes.ALERT, OTHER_TYPE);

    /** Dead letters printed on stderr before the rest are only counted. */
    static final int MAX_DEAD_LETTER_LINES = 20;
    /** Exit status when the run finished but some input was lost (a file not read to its end). */
    static final int EXIT_INPUT_LOST = ExitStatus.INPUT_LOST;

    @Option(names = "--netflow", arity = "1..*", paramLabel = "FILE",
            description = "Flow files: export-datagram pcaps, nfcapd files, nfdump CSV, Zeek conn.log.")
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

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write a self-contained HTML report (site bandwidth against its baseline and the link, top "
                    + "talkers, P2P users by protocol, cost per host and user, the alerts with evidence); it opens offline.")
    Path report;

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
        // One result stream (alerts, dead letters and volume windows together): a single collect
        // iterator drains everything the job produced before the embedded cluster goes away.
        DataStream<Either<Alert, Either<DeadLetter, VolumeWindow>>> results = streams.alerts()
                .map(a -> Either.<Alert, Either<DeadLetter, VolumeWindow>>Left(a)).returns(RESULT_TYPE)
                .union(streams.deadLetters().map(d -> Either.<Alert, Either<DeadLetter, VolumeWindow>>Right(
                        Either.Left(d))).returns(RESULT_TYPE),
                        streams.volume().map(w -> Either.<Alert, Either<DeadLetter, VolumeWindow>>Right(
                                Either.Right(w))).returns(RESULT_TYPE));
        long deadCount = 0;
        List<String> lost = new java.util.ArrayList<>();
        Map<String, Long> byType = new TreeMap<>();
        VolumeTally tally = new VolumeTally(cfg.maxVolumeSubjects());
        VolumeSeries series = new VolumeSeries();
        ReportBuilder reportData = new ReportBuilder(cfg);
        try (CloseableIterator<Either<Alert, Either<DeadLetter, VolumeWindow>>> it = results.executeAndCollect("peerwatch-analyze")) {
            while (it.hasNext()) {
                Either<Alert, Either<DeadLetter, VolumeWindow>> r = it.next();
                if (r.isLeft()) {
                    out.println(EcsJson.toJson(r.left()));
                    byType.merge(r.left().type().name(), 1L, Long::sum);
                    reportData.add(r.left());
                } else if (r.right().isRight()) {
                    tally.add(r.right().right());
                    if (VolumeWindow.SITE.equals(r.right().right().subject())) {
                        series.add(r.right().right()); // only the site's summary is printed; per subject it would grow with a flood
                    }
                    reportData.add(r.right().right());
                } else if (r.right().left().errorClass().equals(FileRecordIterator.LOST)) {
                    lost.add(AlertLine.clean(r.right().left().message()));
                } else if (++deadCount <= MAX_DEAD_LETTER_LINES) {
                    err.println("dead letter: " + AlertLine.clean(r.right().left().message()));
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
        err.println();
        VolumeReport table = tally.report(cfg.tariff());
        err.println(table.toTable(top));
        err.print(series.siteSummary());
        if (report != null) {
            List<Path> files = new java.util.ArrayList<>(pcaps);
            files.addAll(netflow);
            files.addAll(proxyLogs);
            HtmlReport.write(reportData.build("PeerWatch analyze: " + files.stream().map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.joining(", ")), java.time.Instant.now(), table), report);
            err.println("report: " + report);
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
}
