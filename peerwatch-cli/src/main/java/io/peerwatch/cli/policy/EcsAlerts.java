package io.peerwatch.cli.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.Evidence;
import io.peerwatch.policy.Utf8Lines;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads alerts back from the ECS JSON documents {@code io.peerwatch.job.EcsJson} writes (one
 * per line from {@code peerwatch analyze}; one per record on the JSON alert topic). The alert id
 * is taken as written, so a policy names the same alert id as the SIEM.
 */
public final class EcsAlerts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Alerts of a file, and the lines that were not alerts.
     *
     * @param alerts the alerts, in file order
     * @param badLines {@code FILE:LINE: reason} per unusable line
     */
    public record Read(List<Alert> alerts, List<String> badLines) {
    }

    private EcsAlerts() {
    }

    /**
     * Reads a file of ECS JSON lines; blank lines are skipped, unusable ones (not UTF-8, not
     * JSON, not an alert) reported with their line number and reason.
     *
     * @throws IOException when the file cannot be read (the message names the file)
     * @throws IllegalArgumentException when the file has lines but none is an alert (the wrong
     *     file, most likely), naming the file and its first bad line
     */
    public static Read read(Path file) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        try {
            Utf8Lines.read(file, l -> {
                if (!l.isText()) {
                    bad.add(file + ":" + l.number() + ": " + l.problem());
                    return;
                }
                if (l.text().isBlank()) {
                    return;
                }
                try {
                    alerts.add(parse(l.text()));
                } catch (IllegalArgumentException e) {
                    bad.add(file + ":" + l.number() + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (alerts.isEmpty() && !bad.isEmpty()) {
            throw new IllegalArgumentException("--from-alerts " + file + ": no line is a PeerWatch alert (unusable lines: "
                    + bad.size() + "; the first: " + bad.get(0) + ")");
        }
        return new Read(alerts, bad);
    }

    /**
     * One ECS document as an alert.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static Alert parse(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (IOException e) {
            // Jackson's first line says what is wrong; the next ones only locate it in this line
            String why = String.valueOf(e.getMessage());
            int nl = why.indexOf('\n');
            throw new IllegalArgumentException("not JSON (" + (nl < 0 ? why : why.substring(0, nl)) + ")");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = text(n, "/event/id").orElseThrow(() -> missing("event.id"));
        AlertType type = enumOf(AlertType.class, text(n, "/peerwatch/alert_type").or(() -> text(n, "/rule/name"))
                .orElseThrow(() -> missing("peerwatch.alert_type")), "alert type");
        IpAddress host = IpAddress.parse(text(n, "/host/ip/0").or(() -> text(n, "/source/ip"))
                .orElseThrow(() -> missing("host.ip")));
        long time = instant(n, "/@timestamp").orElseThrow(() -> missing("@timestamp"));
        long start = instant(n, "/event/start").orElse(time);
        long end = instant(n, "/event/end").orElse(Math.max(start, time));
        Severity severity = enumOf(Severity.class, text(n, "/peerwatch/severity").orElseThrow(() -> missing("peerwatch.severity")),
                "severity");
        List<Evidence> evidence = new ArrayList<>();
        for (JsonNode e : n.at("/peerwatch/evidence")) {
            evidence.add(new Evidence(e.path("kind").asText(), e.path("detail").asText(), Math.max(1, e.path("count").asLong(1))));
        }
        return new Alert(id, type, host, text(n, "/user/name"), time, start, end, text(n, "/peerwatch/protocol"), severity,
                n.at("/peerwatch/confidence").asDouble(1.0), evidence, Math.max(0, n.at("/peerwatch/bytes").asLong()),
                cost(n),
                text(n, "/peerwatch/currency").orElse(Alert.DEFAULT_CURRENCY), Math.max(0, n.at("/peerwatch/distinct_peers").asLong()),
                text(n, "/peerwatch/identifier").orElse(host.toString()), Math.max(0, n.at("/peerwatch/suppress_for_ms").asLong()),
                context(n));
    }

    /** The alert's cost as the exact decimal EcsJson writes (a JSON number, or a string). */
    private static BigDecimal cost(JsonNode n) {
        JsonNode v = n.at("/peerwatch/estimated_cost");
        try {
            BigDecimal d = v.isNumber() ? v.decimalValue() : v.isTextual() ? new BigDecimal(v.asText()) : BigDecimal.ZERO;
            return d.signum() < 0 ? BigDecimal.ZERO : d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peerwatch.estimated_cost is not a decimal number");
        }
    }

    /** What the document says of the alert's connection or request (the ECS fields EcsJson fills). */
    private static AlertContext context(JsonNode n) {
        AlertContext.Builder b = AlertContext.builder();
        text(n, "/source/ip").map(IpAddress::parse).ifPresent(b::sourceIp);
        port(n, "/source/port").ifPresent(b::sourcePort);
        text(n, "/destination/ip").map(IpAddress::parse).ifPresent(b::destinationIp);
        port(n, "/destination/port").ifPresent(b::destinationPort);
        text(n, "/destination/domain").ifPresent(b::destinationDomain);
        text(n, "/url/original").ifPresent(b::url);
        text(n, "/http/request/method").ifPresent(b::httpMethod);
        return b.build();
    }

    private static OptionalInt port(JsonNode n, String pointer) {
        JsonNode v = n.at(pointer);
        return v.canConvertToInt() && v.asInt() >= 0 && v.asInt() <= 65535 ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
    }

    private static Optional<String> text(JsonNode n, String pointer) {
        JsonNode v = n.at(pointer);
        return v.isValueNode() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static Optional<Long> instant(JsonNode n, String pointer) {
        try {
            return text(n, pointer).map(s -> Instant.parse(s).toEpochMilli());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(pointer.substring(1).replace('/', '.') + " is not an ISO-8601 instant");
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> c, String text, String what) {
        try {
            return Enum.valueOf(c, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " '" + io.peerwatch.policy.PolicyReport.printable(text) + "'");
        }
    }

    private static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("no " + field + " (not a PeerWatch ECS alert)");
    }
}
