package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.AlertType;
import io.peerwatch.schemas.DeadLetter;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.schemas.FlowRecord;
import io.peerwatch.schemas.ProxyRecord;
import io.peerwatch.schemas.Severity;
import io.peerwatch.schemas.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real parts: a real Kafka broker (child JVM on 127.0.0.1), the job on a Flink
 * MiniCluster with parallelism 2, exactly-once Kafka sinks, read back with read_committed.
 */
class PeerWatchJobKafkaITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(LocalFlink.loopbackConfiguration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static LocalKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void thousandFlowsAndTwentyBadRecordsGiveThreeAlertsAndTwentyDeadLetters() throws Exception {
        JobConfig cfg = JobConfig.builder(kafka.bootstrapServers())
                .topics("it.flows", "it.alerts", "it.alerts.json", "it.deadletter")
                .groupId("it-job")
                .transactionalIdPrefix("it-" + System.nanoTime())
                .checkpointInterval(Duration.ofMillis(500))
                .build();
        kafka.createTopics(List.of(cfg.flowsTopic()), 2);

        long windowStart = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
        List<byte[]> p2pHosts = List.of(FlowFixtures.v4(10, 1, 0, 11), FlowFixtures.v4(10, 1, 0, 12),
                FlowFixtures.v4(10, 1, 0, 13));
        List<FlowRecord> flows = FlowFixtures.corporateMix(windowStart, 1_000, p2pHosts, 12, 4, 7);
        assertThat(flows).hasSize(1_000);

        AvroCodec<FlowRecord> codec = AvroCodec.of(FlowRecord.class);
        List<byte[]> bad = malformed(codec);
        assertThat(bad).hasSize(20);

        Map<String, Object> pc = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc)) {
            int i = 0;
            for (FlowRecord f : flows) {
                p.send(new ProducerRecord<>(cfg.flowsTopic(), i % 2, null, codec.encode(f)));
                if (i % 50 == 0 && i / 50 < bad.size()) {
                    p.send(new ProducerRecord<>(cfg.flowsTopic(), i % 2, null, bad.get(i / 50)));
                }
                i++;
            }
            p.flush();
        }

        runToEnd(cfg, PeerWatchJob.Inputs.flows(KafkaConnectors.flowSource(cfg, true)));

        List<Alert> alerts = readAll(cfg.alertsTopic()).stream()
                .map(r -> AvroCodec.of(Alert.class).decode(r.value())).toList();
        assertThat(alerts).hasSize(3);
        Set<String> hosts = alerts.stream().map(a -> AvroMapper.addressText(a.getHost())).collect(Collectors.toSet());
        assertThat(hosts).containsExactlyInAnyOrder("10.1.0.11", "10.1.0.12", "10.1.0.13");
        for (Alert a : alerts) {
            assertThat(a.getAlertType()).isEqualTo(AlertType.P2P_PORT_ACTIVITY);
            assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.getWindowStartMs().toEpochMilli()).isEqualTo(windowStart);
            assertThat(a.getWindowEndMs().toEpochMilli()).isEqualTo(windowStart + 60_000);
            assertThat(a.getEvidence()).isNotEmpty();
            assertThat(a.getEvidence().stream().filter(e -> e.getKind().equals("port")).mapToLong(e -> e.getCount()).sum())
                    .isEqualTo(12);
            assertThat(a.getId()).hasSize(32)
                    .isEqualTo(io.peerwatch.notice.AlertIds.of(io.peerwatch.core.AlertType.P2P_PORT_ACTIVITY,
                            AvroMapper.address("host", a.getHost()), windowStart, a.getIdentifier()));
        }

        List<ConsumerRecord<byte[], byte[]>> json = readAll(cfg.alertsJsonTopic());
        ObjectMapper om = new ObjectMapper();
        List<JsonNode> docs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : json) {
            docs.add(om.readTree(r.value()));
        }
        assertThat(docs).hasSize(3);
        assertThat(docs.stream().map(d -> d.at("/event/id").asText()).collect(Collectors.toSet()))
                .isEqualTo(alerts.stream().map(Alert::getId).collect(Collectors.toSet()));
        assertThat(docs.stream().map(d -> d.at("/source/ip").asText()).collect(Collectors.toSet())).isEqualTo(hosts);
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.at("/event/kind").asText()).isEqualTo("alert");
            assertThat(d.at("/rule/name").asText()).isEqualTo("P2P_PORT_ACTIVITY");
            assertThat(d.at("/@timestamp").asText()).isNotBlank();
        });

        List<DeadLetter> dead = readAll(cfg.deadLetterTopic()).stream()
                .map(r -> AvroCodec.of(DeadLetter.class).decode(r.value())).toList();
        assertThat(dead).hasSize(20);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(cfg.flowsTopic());
            assertThat(d.getOffset()).isGreaterThanOrEqualTo(0);
            assertThat(d.getErrorMessage()).isNotBlank();
        });
        assertThat(dead.stream().map(DeadLetter::getErrorClass).collect(Collectors.toSet()))
                .contains("SCHEMA_MISMATCH", "TRUNCATED", "INVALID");
        Set<String> coordinates = dead.stream().map(d -> d.getPartition() + "@" + d.getOffset()).collect(Collectors.toSet());
        assertThat(coordinates).hasSize(20);
        List<byte[]> rawBack = dead.stream().map(d -> {
            ByteBuffer b = d.getRaw().duplicate();
            byte[] x = new byte[b.remaining()];
            b.get(x);
            return x;
        }).toList();
        for (byte[] b : bad) {
            assertThat(rawBack).anySatisfy(x -> assertThat(Arrays.equals(x, b)).isTrue());
        }
    }

    @Test
    void labSquidLogsGiveTheTunnelAndMediaAlertsTheyShould(@TempDir Path tmp) throws Exception {
        Path blacklist = tmp.resolve("hosts");
        Files.writeString(blacklist, "# test list\n0.0.0.0 cdn.example.test\n");
        JobConfig cfg = JobConfig.builder(kafka.bootstrapServers())
                .topics("it.flows", "it.p.alerts", "it.p.alerts.json", "it.p.deadletter")
                .proxyTopic("it.proxy")
                .blacklistFiles(List.of(blacklist.toString()))
                .groupId("it-proxy-job")
                .transactionalIdPrefix("it-p-" + System.nanoTime())
                .checkpointInterval(Duration.ofMillis(500))
                .build();
        kafka.createTopics(List.of(cfg.proxyTopic()), 2);

        AvroCodec<ProxyRecord> codec = AvroCodec.of(ProxyRecord.class);
        List<byte[]> values = new ArrayList<>();
        for (String scenario : List.of("http-tunnel", "benign-proxy")) {
            Path log = shared().resolve("corpus/lab/" + scenario + "/squid-access-native.log");
            List<String> lines = Files.readAllLines(log);
            ProxyLogParser parser = ProxyLogFormat.detect(lines).orElseThrow().newParser();
            for (int i = 0; i < lines.size(); i++) {
                Optional<io.peerwatch.proxy.ProxyRecord> e = parser.parse(lines.get(i), log.toString(), i + 1);
                if (e.isPresent()) {
                    values.add(codec.encode(AvroMapper.toAvro(e.get(), log.toString(), i + 1)));
                }
            }
        }
        assertThat(values).hasSize(33);
        values.add(new byte[] {1, 2, 3});
        values.add(Arrays.copyOf(values.get(0), 20));
        produce(cfg.proxyTopic(), values);

        runToEnd(cfg, PeerWatchJob.Inputs.proxy(KafkaConnectors.proxySource(cfg, true)));

        List<Alert> alerts = readAll(cfg.alertsTopic()).stream()
                .map(r -> AvroCodec.of(Alert.class).decode(r.value())).toList();
        Map<AlertType, Long> byType = alerts.stream().collect(Collectors.groupingBy(Alert::getAlertType, Collectors.counting()));
        assertThat(byType).containsOnlyKeys(AlertType.NONSTANDARD_CONNECT, AlertType.HTTP_TUNNEL,
                AlertType.LARGE_MEDIA_DOWNLOAD, AlertType.BLACKLISTED_HOST);
        assertThat(byType.get(AlertType.NONSTANDARD_CONNECT)).as("proxytunnel to 6346 and corkscrew to 4662").isEqualTo(2);
        assertThat(alerts.stream().filter(a -> a.getAlertType() == AlertType.NONSTANDARD_CONNECT).map(Alert::getProtocol))
                .containsExactlyInAnyOrder("Gnutella", "eDonkey");
        assertThat(alerts).filteredOn(a -> a.getAlertType() == AlertType.HTTP_TUNNEL)
                .anySatisfy(a -> assertThat(a.getEvidence().toString()).contains("httptunnel"));
        assertThat(alerts).filteredOn(a -> a.getAlertType() == AlertType.LARGE_MEDIA_DOWNLOAD)
                .singleElement().satisfies(a -> assertThat(a.getEvidence().toString()).contains("mp3"));
        assertThat(alerts).allSatisfy(a -> assertThat(AvroMapper.addressText(a.getHost())).isEqualTo("198.18.1.40"));

        List<DeadLetter> dead = readAll(cfg.deadLetterTopic()).stream()
                .map(r -> AvroCodec.of(DeadLetter.class).decode(r.value())).toList();
        assertThat(dead).hasSize(2);
        assertThat(readAll(cfg.alertsJsonTopic())).hasSize(alerts.size());
    }

    @Test
    void packetEventsOfALabCaptureGiveP2pClientAlertsThroughKafka() throws Exception {
        JobConfig cfg = JobConfig.builder(kafka.bootstrapServers())
                .topics("it.flows", "it.k.alerts", "it.k.alerts.json", "it.k.deadletter")
                .packetsTopic("it.packets")
                .groupId("it-packets-job")
                .transactionalIdPrefix("it-k-" + System.nanoTime())
                .checkpointInterval(Duration.ofMillis(500))
                .build();
        kafka.createTopics(List.of(cfg.packetsTopic()), 2);
        Path capture = shared().resolve("corpus/lab/bittorrent/bt-tcp-plain-transmission-s1.pcap");
        List<byte[]> values = new ArrayList<>();
        var it = new io.peerwatch.job.files.FileSplit(capture.toString(), io.peerwatch.job.files.InputKind.PACKETS,
                "auto", 0).getIterator();
        while (it.hasNext()) {
            values.add(it.next().value);
        }
        assertThat(values).hasSizeGreaterThan(100);
        values.add(new byte[] {9, 9, 9});
        produce(cfg.packetsTopic(), values);

        runToEnd(cfg, PeerWatchJob.Inputs.packets(KafkaConnectors.packetSource(cfg, true)));

        List<Alert> alerts = readAll(cfg.alertsTopic()).stream()
                .map(r -> AvroCodec.of(Alert.class).decode(r.value())).toList();
        List<Alert> p2p = alerts.stream().filter(a -> a.getAlertType() == AlertType.P2P_CLIENT).toList();
        assertThat(p2p).isNotEmpty();
        assertThat(p2p).allSatisfy(a -> {
            assertThat(a.getProtocol()).isEqualTo("BitTorrent");
            assertThat(AvroMapper.addressText(a.getHost())).startsWith("198.18.1.");
        });
        assertThat(readAll(cfg.deadLetterTopic())).hasSize(1);
    }

    /** Runs the job with bounded Kafka sources and the production sinks until the input is consumed. */
    private static void runToEnd(JobConfig cfg, PeerWatchJob.Inputs inputs) throws Exception {
        kafka.createTopics(List.of(cfg.alertsTopic(), cfg.alertsJsonTopic(), cfg.deadLetterTopic()), 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PeerWatchJob job = new PeerWatchJob(cfg);
        job.configure(env);
        job.build(env, inputs, KafkaConnectors.sinks(cfg));
        env.execute("peerwatch-it");
    }

    private static Path shared() {
        return Path.of(System.getProperty("peerwatch.shared", "../../shared"));
    }

    private static void produce(String topic, List<byte[]> values) {
        Map<String, Object> pc = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc)) {
            for (byte[] v : values) {
                p.send(new ProducerRecord<>(topic, v));
            }
            p.flush();
        }
    }

    /** 5 random byte strings, 5 truncated records, 5 records of another schema, 5 invalid records. */
    private static List<byte[]> malformed(AvroCodec<FlowRecord> codec) {
        Random rnd = new Random(3);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] b = new byte[8 + rnd.nextInt(40)];
            rnd.nextBytes(b);
            b[0] = 0x7b; // never the single-object magic
            out.add(b);
        }
        long t = Instant.parse("2026-11-25T10:00:10Z").toEpochMilli();
        for (int i = 0; i < 5; i++) {
            byte[] good = codec.encode(FlowFixtures.flow(FlowFixtures.v4(10, 3, 0, i), 50000, FlowFixtures.v4(8, 8, 8, 8),
                    6881, 6, t));
            out.add(Arrays.copyOf(good, 12 + i * 3));
        }
        AvroCodec<DeadLetter> other = AvroCodec.of(DeadLetter.class);
        for (int i = 0; i < 5; i++) {
            out.add(other.encode(DeadLetter.newBuilder().setSourceTopic("x").setRaw(ByteBuffer.wrap(new byte[] {1}))
                    .setErrorClass("x").setErrorMessage("x").setTimeMs(Instant.EPOCH).build()));
        }
        for (int i = 0; i < 5; i++) {
            FlowRecord f = FlowFixtures.flow(new byte[] {10, 3, 1}, 50000, FlowFixtures.v4(8, 8, 8, 8), 6881, 6, t);
            out.add(codec.encode(f));
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> cc = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc)) {
            c.subscribe(List.of(topic));
            long quietSince = System.currentTimeMillis();
            long deadline = quietSince + 60_000;
            // Read until nothing new has arrived for 3 s (the job has finished: all is committed).
            while (System.currentTimeMillis() < deadline && System.currentTimeMillis() - quietSince < 3_000) {
                var rs = c.poll(Duration.ofMillis(300));
                if (!rs.isEmpty()) {
                    rs.forEach(out::add);
                    quietSince = System.currentTimeMillis();
                }
            }
        }
        return out;
    }
}
