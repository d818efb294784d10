package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.Severity;
import io.peerwatch.job.files.FileInputSource;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.job.testing.TopicIo;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertIds;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.testing.Await;
import io.peerwatch.testing.Corpus;
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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real parts: a real Kafka broker (child JVM on 127.0.0.1), the job on a Flink
 * MiniCluster with parallelism 2, exactly-once Kafka sinks, read back with read_committed up to
 * the topics' end offsets once the bounded job has finished.
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

    /** A job on its own flow, alert and dead-letter topics named after {@code prefix}; the flow topic has two partitions. */
    private static JobConfig flowJob(String prefix, String group) {
        JobConfig cfg = JobConfig.builder(kafka.bootstrapServers())
                .topics(prefix + ".flows", prefix + ".alerts", prefix + ".alerts.json", prefix + ".deadletter")
                .groupId(group)
                .transactionalIdPrefix(prefix + "-" + System.nanoTime())
                .checkpointInterval(Duration.ofMillis(500))
                .build();
        kafka.createTopics(List.of(cfg.flowsTopic()), 2);
        return cfg;
    }

    @Test
    void thousandFlowsAndTwentyBadRecordsGiveThreeAlertsAndTwentyDeadLetters() throws Exception {
        JobConfig cfg = flowJob("it", "it-job");

        long windowStart = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
        List<byte[]> p2pHosts = List.of(FlowFixtures.v4(10, 1, 0, 11), FlowFixtures.v4(10, 1, 0, 12),
                FlowFixtures.v4(10, 1, 0, 13));
        List<FlowRecord> flows = FlowFixtures.corporateMix(windowStart, 1_000, p2pHosts, 12, 4, 7);
        assertThat(flows).hasSize(1_000);
        List<byte[]> bad = malformed();
        assertThat(bad).hasSize(20);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            values.add(TopicCodec.flows().encode(flows.get(i)));
            if (i % 50 == 0 && i / 50 < bad.size()) {
                values.add(bad.get(i / 50));
            }
        }
        TopicIo.produce(kafka.bootstrapServers(), cfg.flowsTopic(), values, null);

        runToEnd(cfg, PeerWatchJob.Inputs.flows(KafkaConnectors.flowSource(cfg, true)));

        List<Alert> alerts = alerts(cfg);
        assertThreeP2pPortAlerts(alerts, windowStart);
        Set<String> hosts = alerts.stream().map(a -> a.host().toString()).collect(Collectors.toSet());

        ObjectMapper om = new ObjectMapper();
        List<JsonNode> docs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicIo.readCommitted(kafka.bootstrapServers(), cfg.alertsJsonTopic())) {
            docs.add(om.readTree(r.value()));
        }
        assertThat(docs).hasSize(3);
        assertThat(docs.stream().map(d -> d.at("/event/id").asText()).collect(Collectors.toSet()))
                .isEqualTo(alerts.stream().map(Alert::id).collect(Collectors.toSet()));
        assertThat(docs.stream().map(d -> d.at("/source/ip").asText()).collect(Collectors.toSet())).isEqualTo(hosts);
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.at("/event/kind").asText()).isEqualTo("alert");
            assertThat(d.at("/rule/name").asText()).isEqualTo("P2P_PORT_ACTIVITY");
            assertThat(d.at("/@timestamp").asText()).isNotBlank();
        });

        List<DeadLetter> dead = deadLetters(cfg);
        assertThat(dead).hasSize(20);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.source()).isEqualTo(cfg.flowsTopic());
            assertThat(d.offset()).isGreaterThanOrEqualTo(0);
            assertThat(d.message()).isNotBlank();
        });
        assertThat(dead.stream().map(DeadLetter::errorClass).collect(Collectors.toSet()))
                .contains("SCHEMA_MISMATCH", "TRUNCATED", "INVALID");
        assertThat(dead).filteredOn(d -> d.message().contains("implausibly large")).hasSize(2);
        assertThat(dead.stream().map(d -> d.partition() + "@" + d.offset()).collect(Collectors.toSet())).hasSize(20);
        List<byte[]> rawBack = dead.stream().map(DeadLetter::raw).toList();
        for (byte[] b : bad) {
            assertThat(rawBack).anySatisfy(x -> assertThat(Arrays.equals(x, b)).isTrue());
        }
    }

    /** The alerts of {@code FlowFixtures.corporateMix} with the three P2P hosts 10.1.0.11-13, 12 flows each. */
    private static void assertThreeP2pPortAlerts(List<Alert> alerts, long windowStart) {
        assertThat(alerts).hasSize(3);
        Set<String> hosts = alerts.stream().map(a -> a.host().toString()).collect(Collectors.toSet());
        assertThat(hosts).containsExactlyInAnyOrder("10.1.0.11", "10.1.0.12", "10.1.0.13");
        for (Alert a : alerts) {
            assertThat(a.type()).isEqualTo(AlertType.P2P_PORT_ACTIVITY);
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.windowStartMs()).isEqualTo(windowStart);
            assertThat(a.windowEndMs()).isEqualTo(windowStart + 60_000);
            assertThat(a.evidence().stream().filter(e -> e.kind().equals("port")).mapToLong(e -> e.count()).sum())
                    .isEqualTo(12);
            assertThat(a.id()).hasSize(32)
                    .isEqualTo(AlertIds.of(AlertType.P2P_PORT_ACTIVITY, a.host(), windowStart, a.identifier()));
        }
    }

    /**
     * Issue 17: the NetFlow collector writes the flows of a datagram as one
     * {@code FlowRecordBatch} value. The same thousand flows as
     * {@link #thousandFlowsAndTwentyBadRecordsGiveThreeAlertsAndTwentyDeadLetters}, now in batch
     * values of 1 to 64 flows with some single values among them, reach the detectors one by one
     * and give the same three alerts. Two bad batches, each holding the twelve P2P flows that
     * would make a fourth and a fifth alert, become one dead letter each and none of their flows
     * counts.
     */
    @Test
    void theSameFlowsInBatchValuesGiveTheSameAlertsAndABadBatchIsOneDeadLetter() throws Exception {
        JobConfig cfg = flowJob("itb", "it-job-batches");

        long windowStart = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
        List<FlowRecord> flows = FlowFixtures.corporateMix(windowStart, 1_000, List.of(FlowFixtures.v4(10, 1, 0, 11),
                FlowFixtures.v4(10, 1, 0, 12), FlowFixtures.v4(10, 1, 0, 13)), 12, 4, 7);
        assertThat(flows).hasSize(1_000);
        int[] sizes = {1, 5, 30, 64, 17};
        List<byte[]> values = new ArrayList<>();
        int batches = 0;
        for (int from = 0, k = 0; from < flows.size(); k++) {
            int to = Math.min(flows.size(), from + sizes[k % sizes.length]);
            if (k % 7 == 3) {
                flows.subList(from, to).forEach(f -> values.add(TopicCodec.flows().encode(f)));
            } else {
                values.add(TopicCodec.encodeFlowBatch(flows.subList(from, to)));
                batches++;
            }
            from = to;
        }
        assertThat(batches).isGreaterThan(20);

        // Two more P2P hosts, twelve flows each, in batches that cannot be decoded.
        List<FlowRecord> cutHost = p2pFlows(FlowFixtures.v4(10, 1, 0, 98), windowStart);
        byte[] whole = TopicCodec.encodeFlowBatch(cutHost);
        byte[] cut = Arrays.copyOf(whole, whole.length - 1);
        List<io.peerwatch.schemas.FlowRecord> invalidHost = new ArrayList<>(p2pFlows(FlowFixtures.v4(10, 1, 0, 99),
                windowStart).stream().map(io.peerwatch.schemas.AvroMapper::toAvro).toList());
        invalidHost.get(5).setSrcAddr(ByteBuffer.wrap(new byte[] {10, 1, 0}));
        byte[] invalid = AvroCodec.of(io.peerwatch.schemas.FlowRecordBatch.class)
                .encode(new io.peerwatch.schemas.FlowRecordBatch(invalidHost));
        values.add(values.size() / 3, cut);
        values.add(2 * values.size() / 3, invalid);
        TopicIo.produce(kafka.bootstrapServers(), cfg.flowsTopic(), values, null);

        runToEnd(cfg, PeerWatchJob.Inputs.flows(KafkaConnectors.flowSource(cfg, true)));

        assertThreeP2pPortAlerts(alerts(cfg), windowStart);
        List<DeadLetter> dead = deadLetters(cfg);
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(d -> assertThat(d.source()).isEqualTo(cfg.flowsTopic()));
        assertThat(dead).anySatisfy(d -> {
            assertThat(d.errorClass()).isEqualTo("TRUNCATED");
            assertThat(d.raw()).isEqualTo(cut);
        });
        assertThat(dead).anySatisfy(d -> {
            assertThat(d.errorClass()).isEqualTo("INVALID");
            assertThat(d.message()).startsWith("flow 6 of 12 in a FlowRecordBatch");
            assertThat(d.raw()).isEqualTo(invalid);
        });
    }

    /** Twelve P2P-port flows of {@code host} in the window: enough for an alert of their own. */
    private static List<FlowRecord> p2pFlows(byte[] host, long windowStart) {
        List<FlowRecord> out = FlowFixtures.corporateMix(windowStart, 12, List.of(host), 12, 0, 11).subList(0, 12);
        assertThat(out).allSatisfy(f -> assertThat(f.src().toString().equals(io.peerwatch.core.IpAddress.of(host).toString())
                || f.dst().toString().equals(io.peerwatch.core.IpAddress.of(host).toString())).isTrue());
        return out;
    }

    @Test
    void labSquidLogsGiveTheTunnelAndMediaAlertsTheyShould(@TempDir Path tmp) throws Exception {
        JobConfig cfg = proxyJob(tmp, "p");
        List<byte[]> values = labProxyRecords(0);
        assertThat(values).hasSize(33);
        values.add(new byte[] {1, 2, 3});
        values.add(Arrays.copyOf(values.get(0), 20));
        // An 18-digit reply size: valid Avro, implausible value; it must not reach a per-user sum.
        io.peerwatch.schemas.ProxyRecord huge = AvroCodec.of(io.peerwatch.schemas.ProxyRecord.class).decode(values.get(0));
        huge.setBytesToClient(999_999_999_999_999_999L);
        values.add(AvroCodec.of(io.peerwatch.schemas.ProxyRecord.class).encode(huge));
        TopicIo.produce(kafka.bootstrapServers(), cfg.proxyTopic(), values, null);

        runToEnd(cfg, PeerWatchJob.Inputs.proxy(KafkaConnectors.proxySource(cfg, true)));

        List<Alert> alerts = alerts(cfg);
        assertLabProxyAlerts(alerts);
        assertThat(deadLetters(cfg)).hasSize(3).anySatisfy(d -> assertThat(d.message()).contains("implausibly large"));
        assertThat(TopicIo.readCommitted(kafka.bootstrapServers(), cfg.alertsJsonTopic())).hasSize(alerts.size());
    }

    /**
     * Issue 13, item 5: two proxy lines that cross the hour quota, and then nothing. The
     * quota is checked when the minute of the last line closes in event time; no later record
     * arrives to move event time on, yet the alert comes, because a quiet input's watermark
     * advances with the wall clock once it has been quiet for the idleness
     * ({@code QuietInputWatermarks}). Before, the alert waited for traffic that never came.
     */
    @Test
    void aQuietProxyInputStillClosesItsLastMinuteAndAlerts(@TempDir Path tmp) throws Exception {
        JobConfig cfg = proxyJob(tmp, "quiet").toBuilder().idleness(Duration.ofSeconds(1)).build();
        kafka.createTopics(List.of(cfg.alertsTopic(), cfg.alertsJsonTopic(), cfg.deadLetterTopic()), 1);
        long t = Instant.parse("2026-11-25T10:00:58Z").toEpochMilli();
        List<String> lines = List.of(
                squidLine(t, "10.10.9.50", "kim", 40_000_000L, "http://files.example.com/a.iso"),
                squidLine(t + 1000, "10.10.9.50", "kim", 40_000_000L, "http://files.example.com/b.iso"));
        ProxyLogParser parser = ProxyLogFormat.detect(lines).orElseThrow().newParser();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            values.add(TopicCodec.encodeProxy(parser.parse(lines.get(i), "quiet.log", i + 1).orElseThrow(), "quiet.log", i + 1));
        }
        TopicIo.produce(kafka.bootstrapServers(), cfg.proxyTopic(), values, null);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PeerWatchJob job = new PeerWatchJob(cfg);
        job.configure(env);
        job.build(env, PeerWatchJob.Inputs.proxy(KafkaConnectors.proxySource(cfg, false)), KafkaConnectors.sinks(cfg));
        org.apache.flink.core.execution.JobClient running = env.executeAsync("peerwatch-quiet-it");
        try {
            Await.until("a VOLUME_QUOTA alert of the quiet input", () -> alerts(cfg).stream()
                    .anyMatch(a -> a.type() == AlertType.VOLUME_QUOTA), () -> alerts(cfg).toString());
        } finally {
            running.cancel().get();
        }
        assertThat(alerts(cfg)).filteredOn(a -> a.type() == AlertType.VOLUME_QUOTA)
                .allSatisfy(a -> assertThat(a.host()).hasToString("10.10.9.50"));
    }

    private static String squidLine(long ms, String client, String user, long bytes, String url) {
        return String.format(java.util.Locale.ROOT, "%d.%03d    250 %s TCP_MISS/200 %d GET %s %s HIER_DIRECT/203.0.113.5 application/octet-stream",
                ms / 1000, ms % 1000, client, bytes, url, user);
    }

    /**
     * A replay of logs a year old, stamped with their event time by a naive producer, loses
     * nothing: topics PeerWatch creates keep log-append time, and the job stamps what it writes
     * with the time of writing, so retention (24 h on this broker) counts from now, not from the
     * event time. The alerts are the ones the same logs give when fresh.
     */
    @Test
    void replayingLogsAYearOldThroughKafkaFindsEveryAlertAndKeepsFreshTimestamps(@TempDir Path tmp) throws Exception {
        long testStart = System.currentTimeMillis();
        long year = Duration.ofDays(365).toMillis();
        JobConfig cfg = proxyJob(tmp, "old");
        List<byte[]> values = labProxyRecords(-year);
        long oldest = values.stream().mapToLong(v -> TopicCodec.proxy().decode(v).timestampMs()).min().orElseThrow();
        long newest = values.stream().mapToLong(v -> TopicCodec.proxy().decode(v).timestampMs()).max().orElseThrow();
        assertThat(newest).as("event times at least a year old").isLessThanOrEqualTo(testStart - year);
        TopicIo.produce(kafka.bootstrapServers(), cfg.proxyTopic(), values, oldest);

        runToEnd(cfg, PeerWatchJob.Inputs.proxy(KafkaConnectors.proxySource(cfg, true)));

        assertThat(TopicIo.readCommitted(kafka.bootstrapServers(), cfg.proxyTopic())).hasSize(values.size())
                .allSatisfy(r -> {
                    assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
                    assertThat(r.timestamp()).isGreaterThanOrEqualTo(testStart);
                });
        List<ConsumerRecord<byte[], byte[]>> written = TopicIo.readCommitted(kafka.bootstrapServers(), cfg.alertsTopic());
        assertThat(written).isNotEmpty().allSatisfy(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(testStart));
        List<Alert> alerts = written.stream().map(r -> TopicCodec.alerts().decode(r.value())).toList();
        assertLabProxyAlerts(alerts);
        assertThat(alerts).allSatisfy(a -> assertThat(a.windowStartMs()).isLessThanOrEqualTo(newest));
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
        Path capture = Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap");
        List<byte[]> values = new ArrayList<>();
        var it = FileInputSource.packets(List.of(capture)).splits().get(0).getIterator();
        while (it.hasNext()) {
            Either<PacketEvent, DeadLetter> e = it.next();
            assertThat(e.isLeft()).as("%s", e).isTrue();
            values.add(TopicCodec.packets().encode(e.left()));
        }
        assertThat(values).hasSizeGreaterThan(100);
        values.add(new byte[] {9, 9, 9});
        // Valid Avro, invalid value: a 3-byte source address.
        io.peerwatch.schemas.PacketEvent bad = AvroCodec.of(io.peerwatch.schemas.PacketEvent.class).decode(values.get(0));
        bad.setSrcAddr(ByteBuffer.wrap(new byte[] {10, 0, 0}));
        values.add(AvroCodec.of(io.peerwatch.schemas.PacketEvent.class).encode(bad));
        TopicIo.produce(kafka.bootstrapServers(), cfg.packetsTopic(), values, null);

        runToEnd(cfg, PeerWatchJob.Inputs.packets(KafkaConnectors.packetSource(cfg, true)));

        List<Alert> p2p = alerts(cfg).stream().filter(a -> a.type() == AlertType.P2P_CLIENT).toList();
        assertThat(p2p).isNotEmpty();
        assertThat(p2p).allSatisfy(a -> {
            assertThat(a.protocol()).contains("BitTorrent");
            assertThat(a.host().toString()).startsWith("198.18.1.");
        });
        assertThat(deadLetters(cfg)).hasSize(2).extracting(DeadLetter::errorClass).contains("INVALID");
    }

    /** A proxy-only job with a blacklist naming the lab's CDN host; topics named after {@code tag}. */
    private static JobConfig proxyJob(Path tmp, String tag) throws Exception {
        Path blacklist = tmp.resolve("hosts");
        Files.writeString(blacklist, "# test list\n0.0.0.0 cdn.example.test\n");
        JobConfig cfg = JobConfig.builder(kafka.bootstrapServers())
                .topics("it.flows", "it." + tag + ".alerts", "it." + tag + ".alerts.json", "it." + tag + ".deadletter")
                .proxyTopic("it." + tag + ".proxy")
                .blacklistFiles(List.of(blacklist.toString()))
                .groupId("it-" + tag + "-job")
                .transactionalIdPrefix("it-" + tag + "-" + System.nanoTime())
                .checkpointInterval(Duration.ofMillis(500))
                .build();
        kafka.createTopics(List.of(cfg.proxyTopic()), 2);
        return cfg;
    }

    /** The lab's http-tunnel and benign-proxy Squid logs, parsed, event times moved by {@code shiftMs}. */
    private static List<byte[]> labProxyRecords(long shiftMs) throws Exception {
        List<byte[]> values = new ArrayList<>();
        for (String scenario : List.of("http-tunnel", "benign-proxy")) {
            Path log = Corpus.lab(scenario + "/squid-access-native.log");
            List<String> lines = Files.readAllLines(log);
            ProxyLogParser parser = ProxyLogFormat.detect(lines).orElseThrow().newParser();
            for (int i = 0; i < lines.size(); i++) {
                Optional<ProxyRecord> e = parser.parse(lines.get(i), log.toString(), i + 1);
                if (e.isPresent()) {
                    ProxyRecord moved = e.get().toBuilder().timestampMs(e.get().timestampMs() + shiftMs).build();
                    values.add(TopicCodec.encodeProxy(moved, log.toString(), i + 1));
                }
            }
        }
        return values;
    }

    /** The alerts those two logs must give, and no others. */
    private static void assertLabProxyAlerts(List<Alert> alerts) {
        Map<AlertType, Long> byType = alerts.stream().collect(Collectors.groupingBy(Alert::type, Collectors.counting()));
        assertThat(byType).containsOnlyKeys(AlertType.NONSTANDARD_CONNECT, AlertType.HTTP_TUNNEL,
                AlertType.LARGE_MEDIA_DOWNLOAD, AlertType.BLACKLISTED_HOST);
        assertThat(byType.get(AlertType.NONSTANDARD_CONNECT)).as("proxytunnel to 6346 and corkscrew to 4662").isEqualTo(2);
        assertThat(alerts.stream().filter(a -> a.type() == AlertType.NONSTANDARD_CONNECT)
                .map(a -> a.protocol().orElse(""))).containsExactlyInAnyOrder("Gnutella", "eDonkey");
        assertThat(alerts).filteredOn(a -> a.type() == AlertType.HTTP_TUNNEL)
                .anySatisfy(a -> assertThat(a.evidence().toString()).contains("httptunnel"));
        assertThat(alerts).filteredOn(a -> a.type() == AlertType.LARGE_MEDIA_DOWNLOAD)
                .singleElement().satisfies(a -> assertThat(a.evidence().toString()).contains("mp3"));
        assertThat(alerts).allSatisfy(a -> assertThat(a.host()).hasToString("198.18.1.40"));
    }

    /**
     * Runs the job with bounded Kafka sources and the production sinks until the input is
     * consumed. A failure may restart the job twice (exactly-once output makes that invisible);
     * a third turns into a test failure with its cause, never into endless restarts.
     */
    private static void runToEnd(JobConfig cfg, PeerWatchJob.Inputs inputs) throws Exception {
        kafka.createTopics(List.of(cfg.alertsTopic(), cfg.alertsJsonTopic(), cfg.deadLetterTopic()), 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        env.configure(restarts);
        env.setParallelism(2);
        PeerWatchJob job = new PeerWatchJob(cfg);
        job.configure(env);
        job.build(env, inputs, KafkaConnectors.sinks(cfg));
        env.execute("peerwatch-it");
    }

    private static List<Alert> alerts(JobConfig cfg) {
        return TopicIo.readCommitted(kafka.bootstrapServers(), cfg.alertsTopic()).stream()
                .map(r -> TopicCodec.alerts().decode(r.value())).toList();
    }

    private static List<DeadLetter> deadLetters(JobConfig cfg) {
        return TopicIo.readCommitted(kafka.bootstrapServers(), cfg.deadLetterTopic()).stream()
                .map(r -> TopicCodec.deadLetters().decode(r.value())).toList();
    }

    /** 5 random byte strings, 5 truncated records, 5 records of another schema, 5 invalid records. */
    private static List<byte[]> malformed() {
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
            byte[] good = TopicCodec.flows().encode(FlowFixtures.flow(FlowFixtures.v4(10, 3, 0, i), 50000,
                    FlowFixtures.v4(8, 8, 8, 8), 6881, 6, t));
            out.add(Arrays.copyOf(good, 12 + i * 3));
        }
        for (int i = 0; i < 5; i++) {
            out.add(TopicCodec.deadLetters().encode(DeadLetter.ofRecord("x", 0, i, new byte[] {1}, "x", "x", 0)));
        }
        for (int i = 0; i < 5; i++) {
            // Valid Avro, invalid value: a 3-byte source address.
            io.peerwatch.schemas.FlowRecord f = io.peerwatch.schemas.AvroMapper.toAvro(FlowFixtures.flow(
                    FlowFixtures.v4(10, 3, 1, i), 50000, FlowFixtures.v4(8, 8, 8, 8), 6881, 6, t));
            if (i < 3) {
                f.setSrcAddr(ByteBuffer.wrap(new byte[] {10, 3, 1}));
            } else {
                // Hostile counters: each would overflow a per-host sum; they must be dead letters.
                f.setBytes(i == 3 ? 1L << 62 : Long.MAX_VALUE);
            }
            out.add(AvroCodec.of(io.peerwatch.schemas.FlowRecord.class).encode(f));
        }
        return out;
    }
}
