package io.peerwatch.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import java.time.Instant;
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
            throw new IllegalStateException("cannot render alert " + a.id(), e);
        }
    }

    /** The ECS document as a Jackson tree (for tests and embedding). */
    public static ObjectNode toTree(Alert a) {
        String host = a.host().toString();
        String type = a.type().name();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("@timestamp", Instant.ofEpochMilli(a.eventTimeMs()).toString());
        root.put("message", message(a, host));
        root.putObject("ecs").put("version", ECS_VERSION);

        ObjectNode event = root.putObject("event");
        event.put("kind", "alert");
        event.putArray("category").add("network").add("intrusion_detection");
        event.putArray("type").add("info");
        event.put("id", a.id());
        event.put("severity", severityScore(a));
        event.put("start", Instant.ofEpochMilli(a.windowStartMs()).toString());
        event.put("end", Instant.ofEpochMilli(a.windowEndMs()).toString());
        event.put("module", "peerwatch");
        event.put("dataset", "peerwatch.alerts");
        event.put("risk_score", Math.round(a.confidence() * severityScore(a) * 100.0) / 100.0);

        ObjectNode rule = root.putObject("rule");
        rule.put("name", type);
        rule.put("id", "peerwatch." + type.toLowerCase(Locale.ROOT));
        rule.put("ruleset", "peerwatch");

        root.putObject("host").putArray("ip").add(host);
        root.putObject("source").put("ip", host);
        a.user().ifPresent(u -> root.putObject("user").put("name", u));
        ObjectNode network = root.putObject("network");
        a.protocol().ifPresent(p -> network.put("protocol", p.toLowerCase(Locale.ROOT)));
        network.put("bytes", a.bytes());
        root.putObject("observer").put("vendor", "PeerWatch").put("product", "PeerWatch").put("type", "ids");

        ObjectNode pw = root.putObject("peerwatch");
        pw.put("alert_type", type);
        pw.put("severity", a.severity().name());
        pw.put("confidence", a.confidence());
        pw.put("bytes", a.bytes());
        pw.put("estimated_cost", a.estimatedCost());
        pw.put("currency", a.currency());
        pw.put("distinct_peers", a.distinctPeers());
        pw.put("identifier", a.identifier());
        pw.put("suppress_for_ms", a.suppressForMs());
        a.protocol().ifPresent(p -> pw.put("protocol", p));
        ArrayNode ev = pw.putArray("evidence");
        for (Evidence e : a.evidence()) {
            ev.addObject().put("kind", e.kind()).put("detail", e.detail()).put("count", e.count());
        }
        return root;
    }

    private static int severityScore(Alert a) {
        return a.severity().ecsScore();
    }

    private static String message(Alert a, String host) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.type().name()).append(" on ").append(host);
        a.protocol().ifPresent(p -> sb.append(" (").append(p).append(')'));
        if (!a.evidence().isEmpty()) {
            Evidence first = a.evidence().get(0);
            sb.append(": ").append(first.detail());
            if (first.count() > 1 && !first.detail().startsWith(first.count() + " ")) {
                sb.append(" (x").append(first.count()).append(')');
            }
        }
        return sb.toString();
    }
}
