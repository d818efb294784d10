package io.peerwatch.job.cli;

import io.peerwatch.core.InternalNetworks;
import io.peerwatch.job.JobConfig;
import io.peerwatch.schemas.Topics;
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

    /** Applies these options to a job configuration builder. */
    JobConfig.Builder apply(JobConfig.Builder b) {
        if (portTable != null && !Files.isReadable(portTable)) {
            throw new IllegalArgumentException("cannot read port table file " + portTable);
        }
        return b.window(window)
                .minPortFlows(minPortFlows)
                .internalNetworks(internal)
                .portTable(portTable == null ? "" : portTable.toAbsolutePath().toString(), replacePortTable)
                .suppressFor(suppressFor)
                .outOfOrderness(outOfOrderness)
                .idleness(idleness)
                .topics(flowsTopic, alertsTopic, alertsJsonTopic, deadLetterTopic);
    }

    /** The four topics, for creating them. */
    List<String> topics() {
        return List.of(flowsTopic, alertsTopic, alertsJsonTopic, deadLetterTopic);
    }
}
