package io.peerwatch.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.core.Severity;
import io.peerwatch.detect.DnsTunnelDetector;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.Evidence;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Renders an alert as an Elastic Common Schema 8.x document (one JSON object per alert) for
 * SIEMs: standard fields where ECS has them, filled from the alert and its
 * {@link AlertContext} ({@code @timestamp}, {@code event.*}, {@code rule.*}, {@code host.ip},
 * {@code source.ip}/{@code port}, {@code destination.ip}/{@code port}/{@code domain},
 * {@code network.transport}/{@code iana_number}/{@code protocol}, {@code url.*},
 * {@code http.*}, {@code file.name}/{@code size}, {@code user.name}, {@code related.ip}/{@code user}),
 * with ECS's value conventions (lower-case {@code network.protocol} application names such as
 * {@code http}, {@code network.transport} names such as {@code tcp}); PeerWatch-specific ones
 * under {@code peerwatch.*} (the money as an exact decimal number). Jackson does the escaping,
 * so attacker-controlled strings (evidence, user names, URLs) stay inert. The CEF form of the
 * same alert is {@link CefFormat}; the two read the same alert fields. {@link #fromJson} reads a
 * document back (policy export from an alert file or topic): the one mapping, both ways.
 */
public final class EcsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * ECS version the documents follow; {@code EcsFieldsTest} checks every field against this
     * version's definitions.
     */
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

    /**
     * An alert from its ECS document, as {@link #toJson} wrote it: every field that document
     * carries comes back, the alert id as written (so a policy names the id the SIEM shows). A
     * source address equal to the host reads back as the alert's source address.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static Alert fromJson(String json) {
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
        IpAddress host = address(text(n, "/host/ip/0").or(() -> text(n, "/source/ip")).orElseThrow(() -> missing("host.ip")),
                "host.ip");
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
                cost(n), text(n, "/peerwatch/currency").orElse(Alert.DEFAULT_CURRENCY),
                Math.max(0, n.at("/peerwatch/distinct_peers").asLong()),
                text(n, "/peerwatch/identifier").orElse(host.toString()), Math.max(0, n.at("/peerwatch/suppress_for_ms").asLong()),
                context(n));
    }

    /** The alert's cost as the exact decimal {@link #toTree} writes (a JSON number, or a string). */
    private static BigDecimal cost(JsonNode n) {
        JsonNode v = n.at("/peerwatch/estimated_cost");
        try {
            BigDecimal d = v.isNumber() ? v.decimalValue() : v.isTextual() ? new BigDecimal(v.asText()) : BigDecimal.ZERO;
            return d.signum() < 0 ? BigDecimal.ZERO : d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peerwatch.estimated_cost is not a decimal number");
        }
    }

    /** The connection or request the document describes (the ECS fields {@link #toTree} fills). */
    private static AlertContext context(JsonNode n) {
        AlertContext.Builder b = AlertContext.builder();
        text(n, "/source/ip").map(s -> address(s, "source.ip")).ifPresent(b::sourceIp);
        port(n, "/source/port").ifPresent(b::sourcePort);
        text(n, "/destination/ip").map(s -> address(s, "destination.ip")).ifPresent(b::destinationIp);
        port(n, "/destination/port").ifPresent(b::destinationPort);
        text(n, "/destination/domain").ifPresent(b::destinationDomain);
        text(n, "/network/iana_number").map(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("network.iana_number is not a number");
            }
        }).filter(p -> p >= 0 && p <= 255).ifPresent(b::ipProtocol);
        text(n, "/url/original").ifPresent(b::url);
        text(n, "/http/request/method").ifPresent(b::httpMethod);
        count(n, "/http/request/bytes").ifPresent(b::httpRequestBytes);
        port(n, "/http/response/status_code").ifPresent(b::httpStatus);
        count(n, "/http/response/bytes").ifPresent(b::httpResponseBytes);
        text(n, "/file/name").ifPresent(b::fileName);
        count(n, "/file/size").ifPresent(b::fileSize);
        return b.build();
    }

    private static IpAddress address(String text, String field) {
        try {
            return IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not an IP address");
        }
    }

    /** A port or status code: 0..65535. */
    private static OptionalInt port(JsonNode n, String pointer) {
        JsonNode v = n.at(pointer);
        return v.canConvertToInt() && v.asInt() >= 0 && v.asInt() <= 65535 ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
    }

    private static OptionalLong count(JsonNode n, String pointer) {
        JsonNode v = n.at(pointer);
        return v.canConvertToLong() && v.asLong() >= 0 ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
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

        AlertContext c = a.context();
        root.putObject("host").putArray("ip").add(host);
        ObjectNode source = root.putObject("source");
        source.put("ip", c.sourceIp().map(Object::toString).orElse(host));
        c.sourcePort().ifPresent(p -> source.put("port", p));
        if (c.destinationIp().isPresent() || c.destinationPort().isPresent() || c.destinationDomain().isPresent()) {
            ObjectNode dst = root.putObject("destination");
            c.destinationIp().ifPresent(ip -> dst.put("ip", ip.toString()));
            c.destinationPort().ifPresent(p -> dst.put("port", p));
            c.destinationDomain().ifPresent(d -> dst.put("domain", d));
        }
        a.user().ifPresent(u -> root.putObject("user").put("name", u));
        ObjectNode network = root.putObject("network");
        a.protocol().flatMap(EcsJson::networkProtocol).ifPresent(p -> network.put("protocol", p));
        c.ipProtocol().ifPresent(n -> {
            network.put("iana_number", Integer.toString(n));
            transport(n).ifPresent(t -> network.put("transport", t));
        });
        network.put("bytes", a.bytes());
        url(root, c);
        http(root, c);
        if (c.fileName().isPresent() || c.fileSize().isPresent()) {
            ObjectNode file = root.putObject("file");
            c.fileName().ifPresent(n -> file.put("name", n));
            c.fileSize().ifPresent(n -> file.put("size", n));
        }
        ObjectNode related = root.putObject("related");
        ArrayNode ips = related.putArray("ip");
        new LinkedHashSet<>(List.of(Optional.of(a.host()), c.sourceIp(), c.destinationIp())).stream()
                .flatMap(Optional::stream).map(Object::toString).distinct().forEach(ips::add);
        a.user().ifPresent(u -> related.putArray("user").add(u));
        Optional<String> tunnelled = dnsTunnelDomain(a);
        List<String> hosts = new LinkedHashSet<>(List.of(c.destinationDomain(), tunnelled)).stream()
                .flatMap(Optional::stream).distinct().toList();
        if (!hosts.isEmpty()) {
            ArrayNode h = related.putArray("hosts");
            hosts.forEach(h::add);
        }
        dns(root, a, tunnelled);
        root.putObject("observer").put("vendor", "PeerWatch").put("product", "PeerWatch").put("type", "ids");

        ObjectNode pw = root.putObject("peerwatch");
        pw.put("alert_type", type);
        pw.put("severity", a.severity().name());
        pw.put("confidence", a.confidence());
        pw.put("bytes", a.bytes());
        pw.put("estimated_cost", a.estimatedCost()); // BigDecimal: written as the exact decimal
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

    /**
     * ECS {@code network.protocol}: the application protocol's name in lower case ("http",
     * "dns", "bittorrent"). HTTP-borne tunnels (a CONNECT, httptunnel, an HTTP polling tunnel)
     * are {@code http}; a tunnel over DNS or TLS is that protocol; an ICMP tunnel has no
     * application protocol (ICMP is {@code network.transport}). Other names are lower-cased with
     * runs of other characters as one '-'. PeerWatch's own name stays in {@code peerwatch.protocol}.
     */
    static Optional<String> networkProtocol(String name) {
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (n.startsWith("http")) {
            return Optional.of("http");
        }
        if (n.endsWith("-tunnel")) {
            n = n.substring(0, n.length() - "-tunnel".length());
        }
        if (n.isEmpty() || n.equals("icmp") || n.equals("unknown")) {
            return Optional.empty();
        }
        return Optional.of(n);
    }

    /** ECS {@code network.transport} of an IANA protocol number (ECS's examples: tcp, udp, ipv6-icmp). */
    static Optional<String> transport(int ianaNumber) {
        return switch (ianaNumber) {
            case IpProtocol.TCP -> Optional.of("tcp");
            case IpProtocol.UDP -> Optional.of("udp");
            case IpProtocol.ICMP -> Optional.of("icmp");
            case IpProtocol.ICMPV6 -> Optional.of("ipv6-icmp");
            default -> Optional.empty();
        };
    }

    /** {@code url.*}: the URL as logged, and its parts when it is absolute (CONNECT targets are host:port). */
    private static void url(ObjectNode root, AlertContext c) {
        if (c.url().isEmpty()) {
            return;
        }
        String original = c.url().get();
        ObjectNode url = root.putObject("url");
        url.put("original", original);
        URI u = absolute(original);
        if (u != null) {
            url.put("full", original);
            url.put("scheme", u.getScheme().toLowerCase(Locale.ROOT));
            url.put("domain", u.getHost());
            if (u.getPort() >= 0) {
                url.put("port", u.getPort());
            }
            if (u.getRawPath() != null && !u.getRawPath().isEmpty()) {
                url.put("path", u.getRawPath());
            }
            if (u.getRawQuery() != null) {
                url.put("query", u.getRawQuery());
            }
        } else if (c.httpMethod().filter(m -> m.equalsIgnoreCase("CONNECT")).isPresent()) {
            c.destinationDomain().or(() -> c.destinationIp().map(Object::toString)).ifPresent(d -> url.put("domain", d));
            c.destinationPort().ifPresent(p -> url.put("port", p));
        }
    }

    /** The URL when it is absolute with a scheme and host, else null. */
    private static URI absolute(String text) {
        try {
            URI u = new URI(text);
            return u.getScheme() != null && u.getHost() != null ? u : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** {@code http.*}: method, status and byte counts. */
    /** The registered domain a DNS_TUNNEL alert is about (its "domain" evidence). */
    private static Optional<String> dnsTunnelDomain(Alert a) {
        if (a.type() != AlertType.DNS_TUNNEL) {
            return Optional.empty();
        }
        return a.evidence().stream().filter(e -> e.kind().equals(DnsTunnelDetector.EVIDENCE_DOMAIN))
                .map(Evidence::detail).filter(d -> !d.isEmpty()).findFirst();
    }

    /**
     * {@code dns.question.*} of a DNS_TUNNEL alert: the registered domain the tunnel runs under,
     * and one name the host queried under it. An example name shortened or with escaped bytes is
     * not the name as queried (and ECS escapes bytes its own way), so only an exact one is used.
     */
    private static void dns(ObjectNode root, Alert a, Optional<String> domain) {
        if (a.type() != AlertType.DNS_TUNNEL) {
            return;
        }
        Optional<String> name = a.evidence().stream().filter(e -> e.kind().equals(DnsTunnelDetector.EVIDENCE_EXAMPLE))
                .map(Evidence::detail)
                .filter(n -> !n.isEmpty() && !n.endsWith("...") && n.indexOf('\\') < 0
                        && n.length() <= DnsTunnelDetector.EXAMPLE_LENGTH)
                .findFirst();
        if (domain.isEmpty() && name.isEmpty()) {
            return;
        }
        ObjectNode question = root.putObject("dns").putObject("question");
        name.ifPresent(n -> question.put("name", n));
        domain.ifPresent(d -> question.put("registered_domain", d));
    }

    private static void http(ObjectNode root, AlertContext c) {
        if (c.httpMethod().isEmpty() && c.httpStatus().isEmpty()) {
            return;
        }
        ObjectNode http = root.putObject("http");
        if (c.httpMethod().isPresent() || c.httpRequestBytes().isPresent()) {
            ObjectNode req = http.putObject("request");
            c.httpMethod().ifPresent(m -> req.put("method", m));
            c.httpRequestBytes().ifPresent(b -> req.put("bytes", b));
        }
        if (c.httpStatus().isPresent() || c.httpResponseBytes().isPresent()) {
            ObjectNode resp = http.putObject("response");
            c.httpStatus().ifPresent(s -> resp.put("status_code", s));
            c.httpResponseBytes().ifPresent(b -> resp.put("bytes", b));
        }
    }

    private static int severityScore(Alert a) {
        return a.severity().ecsScore();
    }

    static String message(Alert a, String host) {
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
