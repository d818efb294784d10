package io.peerwatch.cli;

import io.peerwatch.config.ConfigException;
import io.peerwatch.config.LibraryConfig;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.config.ConfigArgs;
import io.peerwatch.job.config.JobKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwatch.classify.ClassifySummary;
import io.peerwatch.classify.Classifier;
import io.peerwatch.classify.FlowResult;
import io.peerwatch.classify.ProtocolStats;
import io.peerwatch.flow.FlowKey;
import io.peerwatch.flow.Flow;
import io.peerwatch.cli.sensor.GracefulStop;
import io.peerwatch.pcap.InputLoss;
import io.peerwatch.ports.PortTable;
import io.peerwatch.sensor.pcap.CaptureConfig;
import io.peerwatch.sensor.pcap.LiveCapture;
import io.peerwatch.sensor.pcap.LiveClassify;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.ProtocolCategory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwatch classify}: per-flow protocol labels for capture files, like ndpiReader. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {
            "Labels every flow of pcap/pcapng files with its protocol (P2P, tunnel or benign).",
            "",
            "Prints one line per flow (5-tuple, protocol, evidence kind and confidence, packets and bytes per "
                    + "direction, key metadata such as info_hash, client, search strings) and a summary per "
                    + "protocol. Several files share one flow table, so a capture split into files keeps its "
                    + "flows. A corrupt record (caplen over the snap length, a bad pcapng block) is skipped where the "
                    + "format allows: reading resumes at the next plausible record, and the loss is reported on one "
                    + "'input lost' line naming file, packet, byte offset and the bytes skipped; a truncated file "
                    + "loses its rest. The flows around a loss are still reported, and the exit status is 3. A file "
                    + "that is no capture at all is refused before any output (exit status 1).",
            "",
            "With --interface, classifies live traffic instead (pcap4j; needs root), until --duration or Ctrl-C.",
            "",
            "Examples:  peerwatch classify capture.pcap",
            "           peerwatch classify --json --only p2p,tunnel day1.pcapng day2.pcapng > flows.jsonl",
            "           peerwatch classify --interface eth1 --duration 5m"})
final class ClassifyCommand implements Callable<Integer> {

    /** Files at least this large get a progress bar (when stderr is a terminal). */
    static final long PROGRESS_BAR_MIN_BYTES = 50L * 1024 * 1024;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "pcap or pcapng files (format detected from the content).")
    List<Path> files = List.of();

    @Option(names = "--interface", paramLabel = "IF", description = "Classify live traffic captured on this interface instead of files.")
    String iface;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --interface: stop after this long (default: until Ctrl-C).")
    java.time.Duration duration = java.time.Duration.ZERO;

    @Option(names = "--json", description = "One JSON object per flow (JSON lines) on stdout; the summary goes to stderr.")
    boolean json;

    @Option(names = "--only", split = ",", paramLabel = "CATEGORY",
            description = "Print only flows of these categories: p2p, tunnel, benign, unknown (default: all).")
    Set<ProtocolCategory> only = EnumSet.allOf(ProtocolCategory.class);

    @Option(names = "--no-summary", description = "Do not print the per-protocol summary.")
    boolean noSummary;

    @Option(names = "--summary-only", description = "Print only the per-protocol summary, no flow lines.")
    boolean summaryOnly;

    @Option(names = "--max-packets-per-flow", paramLabel = "N",
            description = "Sets detection.max-packets-per-flow: payload packets inspected per flow before giving up (default: "
                    + DetectionConfig.DEFAULT_MAX_PACKETS_PER_FLOW + ").")
    Integer maxPacketsPerFlow;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (peerwatch config defaults): its signature thresholds, detection limits "
                    + "and port table apply; flags override it.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets a configuration key, e.g. "
            + "--set signatures.dns-tunnel.min-label-entropy=3.5; overrides the file; repeatable.")
    List<String> assignments = List.of();

    @Option(names = "--port-table", paramLabel = "FILE", description = "Extra port table for port-based labels.")
    Path portTable;

    @Option(names = "--pipeline", negatable = true, fallbackValue = "true",
            description = "Read, track flows and judge hosts on three threads (default: when this machine has more "
                    + "than one core, ${DEFAULT-VALUE} here). The output is the same either way; "
                    + "--no-pipeline does everything on one thread. Live capture uses one.")
    boolean pipeline = Runtime.getRuntime().availableProcessors() > 1;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Progress bar for files over 50 MB when stderr is a terminal (default: ${DEFAULT-VALUE}).")
    boolean progress;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Made on first use: picocli builds every command at start-up, and an ObjectMapper costs ~50 ms. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The library configuration of --config and --set (the same file as run, demo and analyze). */
    private LibraryConfig library() {
        ConfigArgs args = new ConfigArgs();
        if (configFile != null) {
            args.add(ConfigArgs.CONFIG, configFile.toString());
        }
        assignments.forEach(a -> args.add(ConfigArgs.SET, a));
        try {
            LibraryConfig lib = JobConfig.of(args.settings(JobKeys.ALL, Optional.empty(), Path.of(""))).library();
            lib.checkFiles();
            return lib;
        } catch (ConfigException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * The classifier of --config, --set and the flags. Without a file or --set every setting is
     * the library's default, which the builder's defaults are (LibraryConfigTest checks it), so
     * the configuration's key table is not built: that is a fifth of a short run's start-up.
     */
    private Classifier.Builder classifier() {
        Classifier.Builder b = Classifier.builder().pipelined(pipeline);
        DetectionConfig detection = DetectionConfig.defaults();
        if (configFile != null || !assignments.isEmpty()) {
            LibraryConfig lib = library();
            detection = lib.detection();
            b.registry(lib.signatureRegistry()).fragments(lib.fragments()).hosts(lib.hostSettings());
            if (lib.portTableFile().isPresent()) {
                b.portTable(lib.portTable());
            }
        }
        if (maxPacketsPerFlow != null) {
            detection = detection.toBuilder().maxPacketsPerFlow(maxPacketsPerFlow).build();
        }
        b.config(detection);
        if (portTable != null) {
            b.portTable(PortTable.defaults().extendedWith(PortTable.load(portTable)));
        }
        return b;
    }

    @Override
    public Integer call() throws Exception {
        if (noSummary && summaryOnly) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--no-summary and --summary-only exclude each other");
        }
        if ((iface == null) == files.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    iface == null ? "missing FILE (or --interface IF)" : "give FILEs or --interface, not both");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path f : files) {
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                err.println("peerwatch classify: " + AlertLine.clean(f.toString()) + ": no such readable file");
                err.flush();
                return 1;
            }
            // A file that is no capture at all is refused before any output (no table header without rows).
            try {
                io.peerwatch.pcap.PacketFiles.open(f).close();
            } catch (java.io.IOException e) {
                err.println("peerwatch classify: " + e.getMessage());
                err.flush();
                return 1;
            }
        }
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        Classifier.Builder b = classifier();
        ProgressBar bar = progress && total >= PROGRESS_BAR_MIN_BYTES && System.console() != null
                ? new ProgressBarBuilder().setTaskName("classify").setInitialMax(total).setUnit(" MB", 1 << 20)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build()
                : null;
        if (bar != null) {
            b.progress((file, done, all) -> bar.stepTo(done));
        }
        if (!json && !summaryOnly) {
            out.println(String.format("%-5s %-45s %-16s %-22s %17s %19s  %s", "proto", "client -> server", "protocol",
                    "evidence", "packets c>s / s>c", "bytes c>s / s>c", "metadata"));
        }
        Consumer<FlowResult> sink = r -> {
            if (summaryOnly || !only.contains(r.protocol().category())) {
                return;
            }
            out.println(json ? jsonLine(r) : textLine(r));
        };
        ClassifySummary summary;
        GracefulStop stop = iface == null ? null : GracefulStop.install();
        try {
            summary = iface == null ? b.build().classify(files, sink) : live(b.build(), sink, stop);
        } catch (java.io.IOException | RuntimeException e) {
            if (stop != null) {
                stop.close();
            }
            throw e;
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        out.flush();
        PrintWriter summaryOut = json ? err : out;
        if (!noSummary) {
            printSummary(summaryOut, summary);
        }
        printHosts(json ? err : out, summary);
        for (InputLoss l : summary.losses()) {
            // File names may hold terminal escapes: printed escaped, as analyze does.
            err.println("peerwatch classify: input lost: " + AlertLine.clean(l.toString()));
        }
        summaryOut.flush();
        err.flush();
        if (stop != null) {
            stop.close();
        }
        return summary.inputLost() ? ExitStatus.INPUT_LOST : 0;
    }

    /** Live capture through the sensor module (pcap4j), same classifier path as files. */
    private ClassifySummary live(io.peerwatch.classify.Classifier classifier, Consumer<FlowResult> sink, GracefulStop stop)
            throws java.io.IOException {
        try (LiveCapture cap = LiveCapture.open(CaptureConfig.builder(iface).build())) {
            ClassifySummary s = LiveClassify.run(cap, classifier, sink, duration, stop::running);
            spec.commandLine().getErr().println("peerwatch classify: " + iface + ": " + cap.statsText());
            return s;
        }
    }

    private static String textLine(FlowResult r) {
        FlowKey k = r.key();
        Flow.Counters c = r.flow().clientToServer();
        Flow.Counters s = r.flow().serverToClient();
        String evidence = r.confidenceKind().map(kind -> String.format(Locale.ROOT, "%s %.2f%s", kind, r.confidence(),
                r.signature().isPresent() ? " @" + r.packetsToVerdict() : "")).orElse("-");
        return String.format(Locale.ROOT, "%-5s %-45s %-16s %-22s %8d / %-8d %9d / %-9d  %s",
                io.peerwatch.core.IpProtocol.name(k.ipProtocol()),
                endpoint(k.client(), k.clientPort()) + " -> " + endpoint(k.server(), k.serverPort()),
                AlertLine.clean(r.label()), evidence, c.packets(), s.packets(), c.bytes(), s.bytes(), metadata(r.metadata()));
    }

    private static String endpoint(io.peerwatch.core.IpAddress a, int port) {
        return (a.isV4() ? a.toString() : "[" + a + "]") + ":" + port;
    }

    private static String metadata(Map<MetadataKey, List<String>> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(k.name().toLowerCase(Locale.ROOT)).append('=').append(AlertLine.clean(String.join(",", v)));
        });
        return sb.toString();
    }

    private static String jsonLine(FlowResult r) {
        FlowKey k = r.key();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("transport", io.peerwatch.core.IpProtocol.name(k.ipProtocol()));
        o.put("client_ip", k.client().toString()).put("client_port", k.clientPort());
        o.put("server_ip", k.server().toString()).put("server_port", k.serverPort());
        o.put("protocol", r.label()).put("category", r.protocol().category().name().toLowerCase(Locale.ROOT));
        r.confidenceKind().ifPresent(kind -> o.put("evidence", kind.name().toLowerCase(Locale.ROOT)));
        o.put("confidence", r.confidence());
        r.signature().ifPresent(s -> o.put("signature", s.name()).put("packets_to_verdict", r.packetsToVerdict()));
        o.put("first_seen", Instant.ofEpochSecond(0, r.flow().firstNanos()).toString());
        o.put("last_seen", Instant.ofEpochSecond(0, r.flow().lastNanos()).toString());
        o.put("packets_c2s", r.flow().clientToServer().packets()).put("packets_s2c", r.flow().serverToClient().packets());
        o.put("bytes_c2s", r.flow().clientToServer().bytes()).put("bytes_s2c", r.flow().serverToClient().bytes());
        o.put("end_reason", r.flow().endReason().name().toLowerCase(Locale.ROOT));
        if (!r.metadata().isEmpty()) {
            ObjectNode m = o.putObject("metadata");
            r.metadata().forEach((key, v) -> {
                var arr = m.putArray(key.name().toLowerCase(Locale.ROOT));
                v.forEach(arr::add);
            });
        }
        return o.toString();
    }

    /** Why packets were not decodable, by reason, e.g. " (unsupported link type 3, not ip 2)". */
    static String whyNotDecodable(io.peerwatch.packet.DecodeStats d) {
        StringBuilder sb = new StringBuilder();
        d.failures().forEach((reason, n) -> {
            if (n > 0) {
                sb.append(sb.length() == 0 ? " (" : ", ").append(reason.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .append(' ').append(n);
            }
        });
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    /**
     * Judgements about hosts over a window (DNS and ICMP tunnels, corroborated encrypted P2P, and
     * uncorroborated P2P suspicions, which are notes and never labels).
     */
    private static void printHosts(PrintWriter out, ClassifySummary s) {
        if (s.hosts().isEmpty()) {
            return;
        }
        out.println();
        out.println("host findings (per host and window):");
        for (io.peerwatch.classify.HostFinding h : s.hosts()) {
            out.printf(Locale.ROOT, "%-16s %-14s %-24s %.2f  %s%n", h.host(), h.finding(), AlertLine.clean(h.subject()),
                    h.confidence(), AlertLine.clean(String.join("; ", h.reasons())));
        }
    }

    private static void printSummary(PrintWriter out, ClassifySummary s) {
        out.println();
        out.printf(Locale.ROOT, "%s, %,d packets, %,d flows; %,d packets not decodable%s%n",
                s.files().isEmpty() ? "live capture" : s.files().size() + " files",
                s.packetsRead(), s.flows(), s.decode().failedTotal(), whyNotDecodable(s.decode()));
        if (s.fragments().fragments() > 0) {
            out.println(s.fragments().text());
        }
        out.printf("%-18s %-8s %10s %14s %16s%n", "protocol", "category", "flows", "packets", "bytes");
        for (ProtocolStats p : s.protocols()) {
            out.printf(Locale.ROOT, "%-18s %-8s %,10d %,14d %,16d%n", AlertLine.clean(p.label()),
                    p.protocol().category().name().toLowerCase(Locale.ROOT), p.flows(), p.packets(), p.bytes());
        }
    }
}
