package io.peerwatch.cli;

import io.peerwatch.core.InternalNetworks;
import io.peerwatch.job.JobConfig;
import io.peerwatch.schemas.Topics;
import io.peerwatch.volume.Tariff;
import io.peerwatch.volume.VolumeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Detection and topic settings shared by {@code run} and {@code demo} (a picocli mixin). */
public final class JobOptions {

    @Option(names = "--window", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Detection window per host (default: ${DEFAULT-VALUE}).")
    Duration window = JobConfig.builder("x").build().window();

    @Option(names = "--min-port-flows", paramLabel = "N",
            description = "Flows on P2P-table ports per host and window before P2P_PORT_ACTIVITY fires (default: ${DEFAULT-VALUE}).")
    int minPortFlows = JobConfig.builder("x").build().minPortFlows();

    @Option(names = "--internal", split = ",", paramLabel = "CIDR",
            description = "Internal networks, comma-separated (default: RFC 1918, 100.64/10, link-local, fc00::/7).")
    List<String> internal = InternalNetworks.DEFAULT_BLOCKS;

    @Option(names = "--port-table", paramLabel = "FILE",
            description = "Port table file ('<application> <tcp|udp|tcp/udp> <ports>' lines) extending the built-in P2P table.")
    Path portTable;

    @Option(names = "--replace-port-table", description = "Use --port-table instead of the built-in table, not in addition.")
    boolean replacePortTable;

    @Option(names = "--suppress-for", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "One alert per host and type per this interval (default: ${DEFAULT-VALUE}).")
    Duration suppressFor = JobConfig.builder("x").build().suppressFor();

    @Option(names = "--out-of-orderness", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How late (event time) a flow record may arrive and still count (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness = JobConfig.DEFAULT_OUT_OF_ORDERNESS;

    @Option(names = "--idleness", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A silent partition stops holding back event time after this long (default: ${DEFAULT-VALUE}).")
    Duration idleness = JobConfig.DEFAULT_IDLENESS;

    @Option(names = "--flows-topic", paramLabel = "TOPIC", description = "Flow record topic (default: ${DEFAULT-VALUE}).")
    String flowsTopic = Topics.FLOWS;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC", description = "Avro alert topic (default: ${DEFAULT-VALUE}).")
    String alertsTopic = Topics.ALERTS;

    @Option(names = "--alerts-json-topic", paramLabel = "TOPIC", description = "ECS JSON alert topic (default: ${DEFAULT-VALUE}).")
    String alertsJsonTopic = Topics.ALERTS_JSON;

    @Option(names = "--deadletter-topic", paramLabel = "TOPIC", description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic = Topics.DEADLETTER;

    @Option(names = "--proxy-topic", paramLabel = "TOPIC", description = "Proxy record topic (default: ${DEFAULT-VALUE}).")
    String proxyTopic = Topics.PROXY;

    @Option(names = "--packets-topic", paramLabel = "TOPIC", description = "Packet event topic (default: ${DEFAULT-VALUE}).")
    String packetsTopic = Topics.PACKETS;

    @Option(names = "--blacklist", split = ",", paramLabel = "FILE",
            description = "Hosts-file or domain-list files for BLACKLISTED_HOST; re-read when they change.")
    List<Path> blacklists = List.of();

    @Option(names = "--watch-list", paramLabel = "FILE",
            description = "Watch-word file for CONFIDENTIAL_SEARCH (one word per line, 'decoy NAME' for decoy files; "
                    + "default: resume, cv, policy, confidential, decoy clock.avi).")
    Path watchList;

    @Option(names = "--file-rules", paramLabel = "FILE",
            description = "File type/size rules for LARGE_MEDIA_DOWNLOAD (default: mp3 over 3 MB; video and archives over 50 MB).")
    Path fileRules;

    @Option(names = "--hour-quota-mb", paramLabel = "MB",
            description = "VOLUME_QUOTA: MB per user or address in a sliding hour (default: ${DEFAULT-VALUE}).")
    long hourQuotaMb = VolumeConfig.DEFAULT_HOUR_QUOTA_BYTES / Tariff.BYTES_PER_MB;

    @Option(names = "--day-quota-mb", paramLabel = "MB",
            description = "VOLUME_QUOTA: MB per user or address in a sliding day (default: ${DEFAULT-VALUE}).")
    long dayQuotaMb = VolumeConfig.DEFAULT_DAY_QUOTA_BYTES / Tariff.BYTES_PER_MB;

    @Option(names = "--tariff", paramLabel = "CUR:PRICE_PER_MB[:FREE_MB]",
            description = "Cost tariff, e.g. AUD:0.12 or EUR:0.05:10000 (default: the paper's AUD 0.12 per MB, none free).")
    String tariff = Tariff.DEFAULT_CURRENCY + ":" + Tariff.DEFAULT_PRICE_PER_MB;

    /** Applies these options to a job configuration builder. */
    JobConfig.Builder apply(JobConfig.Builder b) {
        readable("port table", portTable);
        readable("watch list", watchList);
        readable("file rules", fileRules);
        blacklists.forEach(f -> readable("blacklist", f));
        String[] t = tariff.split(":");
        if (t.length < 2 || t.length > 3) {
            throw new IllegalArgumentException("--tariff must be CURRENCY:PRICE_PER_MB[:FREE_MB], got '" + tariff + "'");
        }
        try {
            b.tariff(t[0], Double.parseDouble(t[1]), t.length == 3 ? Double.parseDouble(t[2]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tariff has a bad number: '" + tariff + "'");
        }
        return b.window(window)
                .proxyTopic(proxyTopic)
                .packetsTopic(packetsTopic)
                .blacklistFiles(blacklists.stream().map(p -> p.toAbsolutePath().toString()).toList())
                .watchListFile(watchList == null ? "" : watchList.toAbsolutePath().toString())
                .fileRulesFile(fileRules == null ? "" : fileRules.toAbsolutePath().toString())
                .quotas(hourQuotaMb * Tariff.BYTES_PER_MB, dayQuotaMb * Tariff.BYTES_PER_MB)
                .minPortFlows(minPortFlows)
                .internalNetworks(internal)
                .portTable(portTable == null ? "" : portTable.toAbsolutePath().toString(), replacePortTable)
                .suppressFor(suppressFor)
                .outOfOrderness(outOfOrderness)
                .idleness(idleness)
                .topics(flowsTopic, alertsTopic, alertsJsonTopic, deadLetterTopic);
    }

    private static void readable(String what, Path p) {
        if (p != null && !Files.isReadable(p)) {
            throw new IllegalArgumentException("cannot read " + what + " file " + p);
        }
    }

    /** Input topics, for creating them. */
    List<String> inputTopics() {
        return List.of(flowsTopic, proxyTopic, packetsTopic);
    }

    /** Output topics, for creating them. */
    List<String> outputTopics() {
        return List.of(alertsTopic, alertsJsonTopic, deadLetterTopic);
    }
}
