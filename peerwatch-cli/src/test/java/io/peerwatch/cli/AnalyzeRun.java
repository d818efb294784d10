package io.peerwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One in-process run of a {@code peerwatch} command (normally {@code analyze}): its exit code,
 * the ECS JSON alerts it printed and its standard error.
 */
record AnalyzeRun(int exitCode, List<JsonNode> alerts, String err) {

    /** Runs the command line ({@link CliRun}) and reads its alert lines. */
    static AnalyzeRun of(String... args) throws Exception {
        CliRun.Result r = CliRun.run(args);
        ObjectMapper om = new ObjectMapper();
        List<JsonNode> alerts = new ArrayList<>();
        for (String line : r.out().split("\\n")) {
            if (!line.isBlank()) {
                alerts.add(om.readTree(line));
            }
        }
        return new AnalyzeRun(r.exitCode(), alerts, r.err());
    }

    /** The alerts of one type. */
    List<JsonNode> of(String type) {
        return alerts.stream().filter(a -> a.at("/rule/name").asText().equals(type)).toList();
    }

    /** The hosts (source.ip) of one type's alerts. */
    Set<String> hostsOf(String type) {
        return of(type).stream().map(a -> a.at("/source/ip").asText()).collect(Collectors.toSet());
    }

    /** An alert's evidence details, joined. */
    static String evidence(JsonNode alert) {
        StringBuilder sb = new StringBuilder();
        alert.at("/peerwatch/evidence").forEach(e -> sb.append(e.get("detail").asText()).append('\n'));
        return sb.toString();
    }
}
