package io.peerwatch.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.kafka.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions as a Flink SQL user runs them: registered with {@code CREATE FUNCTION ... AS},
 * over a table backed by a real Kafka topic (the Kafka SQL connector, JSON format, bounded at the
 * latest offsets), on a MiniCluster; the rows that come back are checked one by one.
 */
class SqlFunctionsKafkaITCase {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String TOPIC = "sql-traffic";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(loopback())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static LocalKafka kafka;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafka.start();
        kafka.createTopics(List.of(TOPIC), 2);
        produce(List.of(
                row("pc-bt", bitTorrentHandshake(), 51413, 6881, 6, null, null, null, null, null, null),
                row("pc-web", "GET / HTTP/1.1\r\nHost: www.example.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        50000, 80, 6, "www.example.org", "GET", "http://www.example.org/", 200, 300L, 5000L),
                row("pc-dns", null, 53000, 53, 17, "dGhpcyBpcyBub3QgYSBob3N0IG5hbWU=.t.tunnel.example", null, null,
                        null, null, null),
                row("pc-connect", null, 50001, 6881, 6, null, "CONNECT", "peer.example:6881", 200, 4000L, 90000L),
                row("pc-ads", null, 50002, 443, 6, "ads.tracker.example", "CONNECT", "ads.tracker.example:443", 200,
                        700L, 3000L)));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void sqlOverAKafkaTableGivesTheLibrarysVerdicts() throws Exception {
        Path hosts = dir.resolve("hosts.txt");
        Files.writeString(hosts, "# test list\n0.0.0.0 tracker.example\n");
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        // What the SQL client's SET 'pipeline.global-job-parameters' = 'files.blacklists:...' does.
        t.getConfig().set("pipeline.global-job-parameters", "files.blacklists:" + hosts);
        for (Map.Entry<String, Class<? extends org.apache.flink.table.functions.UserDefinedFunction>> f
                : PeerWatchFunctions.ALL.entrySet()) {
            t.executeSql("CREATE TEMPORARY FUNCTION " + f.getKey() + " AS '" + f.getValue().getName() + "'");
        }
        t.executeSql(createTable());

        Map<String, Row> rows = new HashMap<>();
        for (Row r : collect(t.executeSql("""
                SELECT host, p2p_protocol(payload, src_port, dst_port, ip_proto) AS protocol,
                       is_p2p_port(dst_port, ip_proto) AS p2p_port, dns_tunnel_score(query_name) AS dns_score,
                       proxy_tunnel_reason(http_method, url, status, bytes_out, bytes_in) AS tunnel,
                       blacklisted(query_name) AS listed
                FROM traffic"""))) {
            rows.put((String) r.getField("host"), r);
        }
        assertThat(rows).hasSize(5);
        assertThat(rows.get("pc-bt").getField("protocol")).isEqualTo("BitTorrent");
        assertThat(rows.get("pc-bt").getField("p2p_port")).isEqualTo(true);
        assertThat(rows.get("pc-bt").getField("dns_score")).isNull();
        assertThat(rows.get("pc-web").getField("protocol")).isEqualTo("HTTP");
        assertThat(rows.get("pc-web").getField("p2p_port")).isEqualTo(false);
        assertThat(rows.get("pc-web").getField("dns_score")).isEqualTo(0);
        assertThat(rows.get("pc-web").getField("tunnel")).isNull();
        assertThat(rows.get("pc-web").getField("listed")).isEqualTo(false);
        assertThat((Integer) rows.get("pc-dns").getField("dns_score")).isGreaterThanOrEqualTo(1);
        assertThat(rows.get("pc-dns").getField("p2p_port")).isEqualTo(false);
        assertThat((String) rows.get("pc-connect").getField("tunnel"))
                .startsWith("NONSTANDARD_CONNECT: CONNECT peer.example:6881").contains("BitTorrent");
        assertThat(rows.get("pc-connect").getField("protocol")).isNull();
        assertThat(rows.get("pc-ads").getField("tunnel")).isNull();
        assertThat(rows.get("pc-ads").getField("listed")).isEqualTo(true);

        List<String> reasons = collect(t.executeSql("""
                SELECT host, reason FROM traffic, LATERAL TABLE(dns_tunnel_reasons(query_name))""")).stream()
                .map(r -> r.getField("host") + " " + r.getField("reason")).sorted().toList();
        assertThat(reasons).contains("pc-dns encoded").allMatch(s -> s.startsWith("pc-dns "));
    }

    /** The jar for ADD JAR / USING JAR: the functions and the library, no Flink. */
    @Test
    void functionsJarHoldsTheFunctionsAndTheLibraryButNoFlink() throws Exception {
        Path jar = Path.of(System.getProperty("peerwatch.sqlJar"));
        assertThat(jar).exists();
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = j.stream().map(e -> e.getName()).toList();
            for (Class<?> c : PeerWatchFunctions.ALL.values()) {
                assertThat(names).contains(c.getName().replace('.', '/') + ".class");
            }
            assertThat(names).contains("io/peerwatch/signatures/SignatureEngine.class",
                    "io/peerwatch/ports/p2p-ports.txt");
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/flink/") || n.startsWith("org/apache/kafka/"));
        }
    }

    private static String createTable() {
        return """
                CREATE TABLE traffic (
                  host STRING, payload BYTES, src_port INT, dst_port INT, ip_proto INT, query_name STRING,
                  http_method STRING, url STRING, status INT, bytes_out BIGINT, bytes_in BIGINT
                ) WITH (
                  'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'properties.group.id' = 'sql-functions-test', 'scan.startup.mode' = 'earliest-offset',
                  'scan.bounded.mode' = 'latest-offset', 'format' = 'json'
                )""".formatted(TOPIC, kafka.bootstrapServers());
    }

    private static List<Row> collect(TableResult result) throws Exception {
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static byte[] bitTorrentHandshake() {
        byte[] p = new byte[68];
        p[0] = 19;
        byte[] name = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, p, 1, name.length);
        for (int i = 28; i < 68; i++) {
            p[i] = (byte) (i * 7); // info hash and peer id
        }
        return p;
    }

    private static String row(String host, byte[] payload, int srcPort, int dstPort, int ipProto, String queryName,
            String method, String url, Integer status, Long bytesOut, Long bytesIn) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("host", str(host));
        f.put("payload", payload == null ? "null" : str(Base64.getEncoder().encodeToString(payload)));
        f.put("src_port", Integer.toString(srcPort));
        f.put("dst_port", Integer.toString(dstPort));
        f.put("ip_proto", Integer.toString(ipProto));
        f.put("query_name", str(queryName));
        f.put("http_method", str(method));
        f.put("url", str(url));
        f.put("status", String.valueOf(status));
        f.put("bytes_out", String.valueOf(bytesOut));
        f.put("bytes_in", String.valueOf(bytesIn));
        return f.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A JSON string (the test's values need no escaping beyond what this does), or null. */
    private static String str(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void produce(List<String> values) throws Exception {
        Map<String, Object> pc = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(pc)) {
            List<Future<?>> acks = new ArrayList<>();
            for (String v : values) {
                acks.add(p.send(new ProducerRecord<>(TOPIC, v)));
            }
            for (Future<?> a : acks) {
                a.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static Configuration loopback() {
        Configuration c = new Configuration();
        c.set(JobManagerOptions.ADDRESS, LOOPBACK);
        c.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        c.set(TaskManagerOptions.HOST, LOOPBACK);
        c.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        c.set(RestOptions.ADDRESS, LOOPBACK);
        c.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        return c;
    }
}
