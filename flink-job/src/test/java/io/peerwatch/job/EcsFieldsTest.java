package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.blacklist.BlacklistHolder;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.DnsTunnelConfig;
import io.peerwatch.detect.DnsTunnelDetector;
import io.peerwatch.detect.proxy.ProxyRules;
import io.peerwatch.dns.DnsObservation;
import io.peerwatch.dns.PublicSuffixList;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.filetype.FileSizeRules;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.ports.PortTable;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.volume.Tariff;
import io.peerwatch.watch.WatchList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field of the ECS JSON alerts against ECS's own definitions: the field names and types of
 * {@code @elastic/ecs} (ECS 8.11, src/test/resources/ecs/ecs-fields.tsv, written by
 * scripts/ecs-fields.sh from the npm package), for alerts that the library's proxy rules make
 * from real requests (CONNECT to a P2P port, a large media download, a blacklisted host) and
 * the serializer samples (one with every context field). Fields under {@code peerwatch.*} are
 * PeerWatch's own, as ECS asks custom fields to be.
 */
class EcsFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TEXT = Set.of("keyword", "constant_keyword", "wildcard", "text", "match_only_text");
    private static final Set<String> DECIMAL = Set.of("float", "half_float", "scaled_float", "double");
    private static final long T = 1_764_000_000_000L;

    private record Field(String type, boolean array, List<String> allowed) {
    }

    private static Map<String, Field> ecs;

    @TempDir
    static Path dir;

    @BeforeAll
    static void readEcs() throws IOException {
        ecs = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                EcsFieldsTest.class.getResourceAsStream("/ecs/ecs-fields.tsv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                ecs.put(c[0], new Field(c[1], c[2].equals("array"), c[3].isEmpty() ? List.of() : List.of(c[3].split(","))));
            }
        }
        assertThat(ecs).as("ECS definitions").hasSizeGreaterThan(1000).containsKeys("destination.ip", "url.full");
    }

    /** The library's per-request rules over three requests. */
    private static List<Alert> proxyAlerts() throws IOException {
        Path list = dir.resolve("hosts.txt");
        Files.writeString(list, "0.0.0.0 tracker.example\n");
        BlacklistHolder lists = new BlacklistHolder(List.of(list));
        lists.reload();
        ProxyRules rules = new ProxyRules(TunnelConfig.defaults(), FileSizeRules.defaults(), Optional.of(lists),
                WatchList.defaults(), PortTable.defaults(), NoticePolicy.defaults());
        IpAddress client = IpAddress.parse("10.1.2.3");
        List<Alert> out = new ArrayList<>();
        out.addAll(rules.inspect(ProxyRecord.builder(T, client, "CONNECT", "peer.example:6881").user("alice")
                .status(200).bytesToClient(90_000).bytesFromClient(4_000).durationMs(30_000).deriveDestination().build()));
        out.addAll(rules.inspect(ProxyRecord.builder(T, client, "GET", "http://media.example/films/big.avi?x=1")
                .user("alice").status(200).bytesToClient(83_886_080).bytesFromClient(600).durationMs(12_000)
                .contentType("video/x-msvideo").deriveDestination().build()));
        out.addAll(rules.inspect(ProxyRecord.builder(T, client, "GET", "http://ads.tracker.example/p.gif")
                .status(200).bytesToClient(43).durationMs(5).deriveDestination().build()));
        assertThat(out).extracting(Alert::type).containsExactlyInAnyOrder(AlertType.NONSTANDARD_CONNECT,
                AlertType.LARGE_MEDIA_DOWNLOAD, AlertType.BLACKLISTED_HOST);
        return out;
    }

    /**
     * The library's DNS-tunnel detector over one window of a host's lookups: a short handshake
     * name, then long data names under the same registered domain (the iodine shape).
     */
    private static Alert dnsTunnelAlert() {
        DnsTunnelDetector d = new DnsTunnelDetector(DnsTunnelConfig.defaults(), NoticePolicy.defaults());
        PublicSuffixList psl = PublicSuffixList.defaults();
        IpAddress host = IpAddress.parse("10.1.2.3");
        IpAddress resolver = IpAddress.parse("10.1.0.53");
        Random r = new Random(7);
        List<String> names = new ArrayList<>(List.of("v1.t.data.example.co.uk"));
        for (int i = 0; i < 200; i++) {
            names.add(label(r, 50) + "." + label(r, 40) + ".t.data.example.co.uk");
        }
        Map<String, DnsTunnelDetector.Window> windows = new HashMap<>();
        long t = T;
        for (String q : names) {
            for (DnsObservation o : List.of(
                    new DnsObservation(t, host, resolver, false, q, 10, 0, 0, 30 + q.length(), psl.registeredDomain(q)),
                    new DnsObservation(t + 4, host, resolver, true, q, 10, 0, 1, 500, psl.registeredDomain(q)))) {
                d.keyOf(o).ifPresent(k -> d.observe(windows.computeIfAbsent(k, x -> d.newWindow()), o));
            }
            t += 100;
        }
        assertThat(windows).hasSize(1);
        Map.Entry<String, DnsTunnelDetector.Window> w = windows.entrySet().iterator().next();
        return d.evaluate(w.getValue(), w.getKey(), T, T + 300_000).orElseThrow();
    }

    private static String label(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        return b.toString();
    }

    @Test
    void dnsTunnelAlertsNameTheQuestion() throws IOException {
        JsonNode doc = JSON.readTree(EcsJson.toJson(dnsTunnelAlert()));
        assertThat(doc.at("/dns/question/registered_domain").asText()).isEqualTo("example.co.uk");
        assertThat(doc.at("/dns/question/name").asText()).isEqualTo("v1.t.data.example.co.uk");
        assertThat(doc.at("/related/hosts").toString()).isEqualTo("[\"example.co.uk\"]");
        assertThat(doc.at("/network/protocol").asText()).isEqualTo("dns");
    }

    @Test
    void aShortenedExampleIsNoQuestionName() throws IOException {
        Alert a = Alert.builder(AlertType.DNS_TUNNEL, IpAddress.parse("10.1.2.3"), T, T + 300_000)
                .evidence(List.of(new io.peerwatch.notice.Evidence(DnsTunnelDetector.EVIDENCE_DOMAIN, "example.net", 1),
                        new io.peerwatch.notice.Evidence(DnsTunnelDetector.EVIDENCE_EXAMPLE, "a".repeat(80) + "...", 1),
                        new io.peerwatch.notice.Evidence(DnsTunnelDetector.EVIDENCE_EXAMPLE, "x\\x00y.example.net", 1)))
                .build();
        JsonNode doc = JSON.readTree(EcsJson.toJson(a));
        assertThat(doc.at("/dns/question/registered_domain").asText()).isEqualTo("example.net");
        assertThat(doc.at("/dns/question/name").isMissingNode()).isTrue();
    }

    @Test
    void everyEmittedFieldIsAnEcsFieldOfItsType() throws IOException {
        List<Alert> alerts = new ArrayList<>(proxyAlerts());
        alerts.add(dnsTunnelAlert());
        alerts.addAll(List.of(io.peerwatch.job.types.LibraryTypeSamplesAccess.alerts()));
        int checked = 0;
        for (Alert a : alerts) {
            JsonNode doc = JSON.readTree(EcsJson.toJson(a));
            Map<String, JsonNode> leaves = new HashMap<>();
            flatten("", doc, leaves);
            for (Map.Entry<String, JsonNode> e : leaves.entrySet()) {
                if (e.getKey().startsWith("peerwatch.")) {
                    continue;
                }
                check(e.getKey(), e.getValue(), a);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void requestsFillDestinationUrlHttpFileAndTransport() throws IOException {
        Map<AlertType, JsonNode> docs = new HashMap<>();
        for (Alert a : proxyAlerts()) {
            docs.put(a.type(), JSON.readTree(EcsJson.toJson(a)));
        }
        JsonNode connect = docs.get(AlertType.NONSTANDARD_CONNECT);
        assertThat(connect.at("/destination/domain").asText()).isEqualTo("peer.example");
        assertThat(connect.at("/destination/port").asInt()).isEqualTo(6881);
        assertThat(connect.at("/source/ip").asText()).isEqualTo("10.1.2.3");
        assertThat(connect.at("/network/transport").asText()).isEqualTo("tcp");
        assertThat(connect.at("/network/protocol").asText()).as("ECS: application protocol, lower case")
                .isIn("http", "bittorrent");
        assertThat(connect.at("/http/request/method").asText()).isEqualTo("CONNECT");
        assertThat(connect.at("/http/response/status_code").asInt()).isEqualTo(200);
        assertThat(connect.at("/http/request/bytes").asLong()).isEqualTo(4_000);
        assertThat(connect.at("/url/original").asText()).isEqualTo("peer.example:6881");
        assertThat(connect.at("/user/name").asText()).isEqualTo("alice");
        assertThat(connect.at("/related/ip").toString()).isEqualTo("[\"10.1.2.3\"]");

        JsonNode media = docs.get(AlertType.LARGE_MEDIA_DOWNLOAD);
        assertThat(media.at("/file/name").asText()).isEqualTo("big.avi");
        assertThat(media.at("/file/size").asLong()).isEqualTo(83_886_080);
        assertThat(media.at("/url/full").asText()).isEqualTo("http://media.example/films/big.avi?x=1");
        assertThat(media.at("/url/domain").asText()).isEqualTo("media.example");
        assertThat(media.at("/url/path").asText()).isEqualTo("/films/big.avi");
        assertThat(media.at("/url/query").asText()).isEqualTo("x=1");
        assertThat(media.at("/network/protocol").asText()).isEqualTo("http");
        assertThat(media.at("/destination/domain").asText()).isEqualTo("media.example");
        assertThat(media.at("/destination/port").asInt()).isEqualTo(80);

        // event.start is when the request began (completion time less elapsed), for every request alert
        assertThat(Instant.parse(connect.at("/event/start").asText()).toEpochMilli()).isEqualTo(T - 30_000);
        assertThat(Instant.parse(media.at("/event/start").asText()).toEpochMilli()).isEqualTo(T - 12_000);
        assertThat(Instant.parse(docs.get(AlertType.BLACKLISTED_HOST).at("/event/start").asText()).toEpochMilli())
                .isEqualTo(T - 5);
        assertThat(docs.get(AlertType.BLACKLISTED_HOST).at("/destination/domain").asText()).isEqualTo("ads.tracker.example");
        for (JsonNode d : docs.values()) {
            assertThat(d.at("/event/id").asText()).hasSize(32);
        }
    }

    @Test
    void moneyIsTheExactDecimal() throws IOException {
        Alert a = Alert.builder(AlertType.VOLUME_QUOTA, IpAddress.parse("10.1.2.3"), T, T + 3_600_000)
                .bytes(83_886_080).cost(Tariff.defaults().exactCost(83_886_080), "AUD").build();
        String json = EcsJson.toJson(a);
        assertThat(json).contains("\"estimated_cost\":10.0663296,").doesNotContain("10.066329600000001");
        assertThat(JSON.readTree(json).at("/peerwatch/estimated_cost").decimalValue()).isEqualByComparingTo("10.0663296");
    }

    @Test
    void networkProtocolFollowsEcsValueConventions() {
        assertThat(EcsJson.networkProtocol("HTTP CONNECT")).contains("http");
        assertThat(EcsJson.networkProtocol("HTTP_Connect")).contains("http");
        assertThat(EcsJson.networkProtocol("httptunnel")).contains("http");
        assertThat(EcsJson.networkProtocol("HTTP tunnel")).contains("http");
        assertThat(EcsJson.networkProtocol("DNS_Tunnel")).contains("dns");
        assertThat(EcsJson.networkProtocol("TLS_Tunnel")).contains("tls");
        assertThat(EcsJson.networkProtocol("ICMP_Tunnel")).isEmpty();
        assertThat(EcsJson.networkProtocol("BitTorrent")).contains("bittorrent");
        assertThat(EcsJson.networkProtocol("Direct Connect")).contains("direct-connect");
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    private static void check(String name, JsonNode value, Alert a) {
        Field f = ecs.get(name);
        assertThat(f).as("%s is an ECS %s field (alert %s)", name, EcsJson.ECS_VERSION, a.type()).isNotNull();
        List<JsonNode> values = new ArrayList<>();
        if (value.isArray()) {
            assertThat(f.array()).as("%s may be an array", name).isTrue();
            value.forEach(values::add);
            assertThat(values).as("%s is not empty", name).isNotEmpty();
        } else {
            values.add(value);
        }
        for (JsonNode v : values) {
            assertThat(fits(f.type(), v)).as("%s = %s is of ECS type %s", name, v, f.type()).isTrue();
            if (!f.allowed().isEmpty()) {
                assertThat(f.allowed()).as("%s allowed values", name).contains(v.asText());
            }
        }
    }

    private static boolean fits(String type, JsonNode v) {
        if (TEXT.contains(type)) {
            return v.isTextual();
        }
        if (DECIMAL.contains(type)) {
            return v.isNumber();
        }
        switch (type) {
            case "long":
            case "integer":
            case "short":
            case "byte":
            case "unsigned_long":
                return v.isIntegralNumber();
            case "boolean":
                return v.isBoolean();
            case "date":
                return v.isTextual() && parses(() -> Instant.parse(v.asText()));
            case "ip":
                return v.isTextual() && parses(() -> IpAddress.parse(v.asText()));
            default:
                return false; // object, nested, flattened, geo_point: PeerWatch writes none of them
        }
    }

    private static boolean parses(Runnable r) {
        try {
            r.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
