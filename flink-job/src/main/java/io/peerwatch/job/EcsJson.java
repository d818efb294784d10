package io.peerwatch.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.Evidence;
import java.util.Locale;

/**
 * Renders an alert as an Elastic Common Schema 8.x document (one JSON object per alert) for
 * SIEMs: standard fields where ECS has them ({@code @timestamp}, {@code event.*},
 * {@code rule.*}, {@code host.ip}, {@code source.ip}, {@code user.name},
 * {@code network.protocol}), PeerWatch-specific ones under {@code peerwatch.*}. Jackson does
 * the escaping, so attacker-controlled strings (evidence, user names) stay inert.
 */
public final class EcsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** ECS version the documents follow. */
    public static final String ECS_VERSION = "8.11.0";

    private EcsJson() {
    }

    /** The ECS JSON text of an alert. */
    public static String toJson(Alert a) {
        try {
            return MAPPER.writeValueAsString(toTree(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render alert " + a.getId(), e);
        }
    }

    /** The ECS document as a Jackson tree (for tests and embedding). */
    public static ObjectNode toTree(Alert a) {
        String host = AvroMapper.addressText(a.getHost());
        String type = a.getAlertType().name();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("@timestamp", a.getEventTimeMs().toString());
        root.put("message", message(a, host));
        root.putObject("ecs").put("version", ECS_VERSION);

        ObjectNode event = root.putObject("event");
        event.put("kind", "alert");
        event.putArray("category").add("network").add("intrusion_detection");
        event.putArray("type").add("info");
        event.put("id", a.getId());
        event.put("severity", severityScore(a));
        event.put("start", a.getWindowStartMs().toString());
        event.put("end", a.getWindowEndMs().toString());
        event.put("module", "peerwatch");
        event.put("dataset", "peerwatch.alerts");
        event.put("risk_score", Math.round(a.getConfidence() * severityScore(a) * 100.0) / 100.0);

        ObjectNode rule = root.putObject("rule");
        rule.put("name", type);
        rule.put("id", "peerwatch." + type.toLowerCase(Locale.ROOT));
        rule.put("ruleset", "peerwatch");

        root.putObject("host").putArray("ip").add(host);
        root.putObject("source").put("ip", host);
        if (a.getUser() != null) {
            root.putObject("user").put("name", a.getUser());
        }
        ObjectNode network = root.putObject("network");
        if (a.getProtocol() != null) {
            network.put("protocol", a.getProtocol().toLowerCase(Locale.ROOT));
        }
        network.put("bytes", a.getBytes());
        root.putObject("observer").put("vendor", "PeerWatch").put("product", "PeerWatch").put("type", "ids");

        ObjectNode pw = root.putObject("peerwatch");
        pw.put("alert_type", type);
        pw.put("severity", a.getSeverity().name());
        pw.put("confidence", a.getConfidence());
        pw.put("bytes", a.getBytes());
        pw.put("estimated_cost", a.getEstimatedCost());
        pw.put("currency", a.getCurrency());
        pw.put("distinct_peers", a.getDistinctPeers());
        pw.put("identifier", a.getIdentifier());
        pw.put("suppress_for_ms", a.getSuppressForMs());
        if (a.getProtocol() != null) {
            pw.put("protocol", a.getProtocol());
        }
        ArrayNode ev = pw.putArray("evidence");
        for (Evidence e : a.getEvidence()) {
            ev.addObject().put("kind", e.getKind()).put("detail", e.getDetail()).put("count", e.getCount());
        }
        return root;
    }

    private static int severityScore(Alert a) {
        return switch (a.getSeverity()) {
            case LOW -> io.peerwatch.core.Severity.LOW.ecsScore();
            case MEDIUM -> io.peerwatch.core.Severity.MEDIUM.ecsScore();
            case HIGH -> io.peerwatch.core.Severity.HIGH.ecsScore();
            case CRITICAL -> io.peerwatch.core.Severity.CRITICAL.ecsScore();
            case UNKNOWN -> 0;
        };
    }

    private static String message(Alert a, String host) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.getAlertType().name()).append(" on ").append(host);
        if (a.getProtocol() != null) {
            sb.append(" (").append(a.getProtocol()).append(')');
        }
        if (!a.getEvidence().isEmpty()) {
            Evidence first = a.getEvidence().get(0);
            sb.append(": ").append(first.getDetail());
            if (first.getCount() > 1 && !first.getDetail().startsWith(first.getCount() + " ")) {
                sb.append(" (x").append(first.getCount()).append(')');
            }
        }
        return sb.toString();
    }
}
