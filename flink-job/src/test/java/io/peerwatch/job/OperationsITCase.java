package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cluster.metrics.LoopbackPrometheusReporter;
import io.peerwatch.cluster.metrics.LoopbackPrometheusReporterFactory;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.job.testing.TopicIo;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.notice.Alert;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations on real parts (a Kafka broker in a child JVM, the job on a MiniCluster with the
 * loopback Prometheus reporter): the job's metrics scraped over HTTP reach exactly the counts the
 * input should give; and a savepoint taken before a change that adds an operator restores into
 * the changed job with its window state, which then completes a window begun before the savepoint.
 */
class OperationsITCase {

    private static final Path METRICS_DIR;

    static {
        try {
            METRICS_DIR = Files.createTempDirectory("peerwatch-metrics");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(withReporter(LocalFlink.loopbackConfiguration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static LocalKafka kafka;

    /** The reporter as an operator configures it, on any free loopback port, its URL in a file. */
    private static Configuration withReporter(Configuration c) {
        String p = "metrics.reporter.prom.";
        c.setString(p + "factory.class", LoopbackPrometheusReporterFactory.class.getName());
        c.setString(p + LoopbackPrometheusReporter.HOST, "127.0.0.1");
        c.setString(p + LoopbackPrometheusReporter.PORT, "0");
        c.setString(p + LoopbackPrometheusReporter.ADDRESS_DIR, METRICS_DIR.toString());
        return c;
    }

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

    private static final long WINDOW_START = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

    private static JobConfig config(String name, String cefTopic) {
        JobConfig.Builder b = JobConfig.builder(kafka.bootstrapServers())
                .topics(name + ".flows", name + ".alerts", name + ".alerts.json", name + ".deadletter")
                .groupId(name)
                .transactionalIdPrefix(name + "-" + System.nanoTime())
                .minPortFlows(10)
                .checkpointInterval(Duration.ofMillis(500));
        b.set("topics.alerts-cef", cefTopic == null ? "" : cefTopic); // empty: no CEF sink
        return b.build();
    }

    /** A flow record later than every window of the test: moves the watermark past them. */
    private static byte[] clock() {
        return TopicCodec.flows().encode(FlowFixtures.flow(FlowFixtures.v4(10, 20, 0, 1), 50_000,
                FlowFixtures.v4(203, 0, 113, 1), 443, IpProtocol.TCP, WINDOW_START + 600_000));
    }

    /** A running job and the uids of its operators. */
    private record Started(JobClient client, Set<String> uids) {
    }

    /** Starts the job (parallelism 1: one partition, one reader, watermarks from it alone). */
    private static Started start(JobConfig cfg, String jobName, String savepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        PeerWatchJob job = new PeerWatchJob(cfg);
        job.configure(env);
        job.build(env, PeerWatchJob.Inputs.flows(KafkaConnectors.flowSource(cfg, false)), KafkaConnectors.sinks(cfg));
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        if (savepoint != null) {
            // allowNonRestoredState false: every state in the savepoint must find its operator by uid
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        Set<String> uids = new TreeSet<>();
        graph.getStreamNodes().forEach(n -> {
            if (n.getTransformationUID() != null) {
                uids.add(n.getTransformationUID());
            }
        });
        return new Started(env.executeAsync(graph), uids);
    }

    @Test
    void metricsScrapedFromTheLoopbackReporterCountRecordsDeadLettersAlertsAndState() throws Exception {
        JobConfig cfg = config("metrics", null);
        kafka.createTopics(List.of(cfg.flowsTopic()), 1);
        kafka.createTopics(cfg.outputTopics(), 1);
        List<byte[]> p2pHosts = List.of(FlowFixtures.v4(10, 1, 0, 11), FlowFixtures.v4(10, 1, 0, 12),
                FlowFixtures.v4(10, 1, 0, 13));
        List<FlowRecord> flows = FlowFixtures.corporateMix(WINDOW_START, 500, p2pHosts, 12, 4, 7);
        List<byte[]> values = new ArrayList<>();
        flows.forEach(f -> values.add(TopicCodec.flows().encode(f)));
        List<byte[]> bad = malformed();
        values.addAll(bad);
        values.add(clock());
        TopicIo.produce(kafka.bootstrapServers(), cfg.flowsTopic(), values, null);

        JobClient job = start(cfg, "peerwatch-metrics", null).client();
        try {
            Map<String, String> thisJob = Map.of("job_name", "peerwatch-metrics");
            Await.until("3 P2P_PORT_ACTIVITY alerts counted",
                    () -> sum(scrape(), "flink_taskmanager_job_task_operator_alert_type_alerts",
                            merge(thisJob, Map.of("alert_type", "P2P_PORT_ACTIVITY"))) == 3, () -> scrape());
            Await.until("every record counted", () -> sum(scrape(), "flink_taskmanager_job_task_operator_input_recordsIn",
                    merge(thisJob, Map.of("input", "flow"))) == values.size(), () -> scrape());
            Await.until("a checkpoint's size reported",
                    () -> sum(scrape(), "flink_jobmanager_job_lastCheckpointFullSize", thisJob) > 0, () -> scrape());

            String text = scrape();
            assertThat(sum(text, "flink_taskmanager_job_task_operator_input_deadLetters",
                    merge(thisJob, Map.of("input", "flow")))).isEqualTo(bad.size());
            for (AlertType t : AlertType.values()) {
                assertThat(sum(text, "flink_taskmanager_job_task_operator_alert_type_alerts",
                        merge(thisJob, Map.of("alert_type", t.name()))))
                        .as("alerts of type %s", t).isEqualTo(t == AlertType.P2P_PORT_ACTIVITY ? 3 : 0);
            }
            assertThat(samples(text, "flink_taskmanager_job_task_operator_input_recordsIn", thisJob))
                    .as("only the flow input exists in this job").allSatisfy(s -> assertThat(s).contains("input=\"flow\""));
            assertThat(text).contains("# TYPE flink_taskmanager_job_task_operator_input_recordsIn counter");
            // counted when emitted; committed (visible to read_committed) at the next checkpoint
            Await.until("the 3 counted alerts committed",
                    () -> TopicIo.readCommitted(kafka.bootstrapServers(), cfg.alertsTopic()).size() >= 3);
        } finally {
            job.cancel().get();
        }
        assertThat(TopicIo.readCommitted(kafka.bootstrapServers(), cfg.alertsTopic())).hasSize(3);
    }

    @Test
    void aSavepointTakenBeforeAnOperatorIsAddedRestoresItsWindowIntoTheChangedJob(@TempDir Path savepoints)
            throws Exception {
        JobConfig before = config("upgrade", null);
        JobConfig after = config("upgrade", "upgrade.alerts.cef"); // the change: a CEF sink, one operator more
        kafka.createTopics(List.of(before.flowsTopic()), 1);
        kafka.createTopics(after.outputTopics(), 1);
        byte[] host = FlowFixtures.v4(10, 1, 0, 21);
        int[] ports = {6881, 6882, 6889, 6346, 4662, 411};
        List<FlowRecord> p2p = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // 12 flows to P2P table ports, in time order, all in one 60 s window
            p2p.add(FlowFixtures.flow(host, 50_000 + i, FlowFixtures.v4(198, 18, 7, 1 + i), ports[i % ports.length],
                    IpProtocol.TCP, WINDOW_START + 1_000 + i * 3_000L));
        }

        // Half the window before the savepoint: 6 flows, below the threshold of 10.
        TopicIo.produce(kafka.bootstrapServers(), before.flowsTopic(), encode(p2p.subList(0, 6)), null);
        Started firstStart = start(before, "peerwatch-before", null);
        JobClient first = firstStart.client();
        Map<String, String> firstJob = Map.of("job_name", "peerwatch-before", "input", "flow");
        Await.until("the first 6 flows read", () -> sum(scrape(), "flink_taskmanager_job_task_operator_input_recordsIn",
                firstJob) == 6, () -> scrape());
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        assertThat(TopicIo.readCommitted(kafka.bootstrapServers(), before.alertsTopic()))
                .as("no alert before the savepoint: the window is open and below its threshold").isEmpty();

        // The other half and the clock after it, read by the changed job restored from the savepoint.
        List<byte[]> rest = encode(p2p.subList(6, 12));
        rest.add(clock());
        TopicIo.produce(kafka.bootstrapServers(), before.flowsTopic(), rest, null);
        Started secondStart = start(after, "peerwatch-after", savepoint);
        JobClient second = secondStart.client();
        assertThat(firstStart.uids()).doesNotContain("alerts-cef-sink");
        assertThat(secondStart.uids()).as("the changed job: every operator of the first and the CEF sink")
                .containsAll(firstStart.uids()).contains("alerts-cef-sink");
        try {
            Await.until("an alert on the CEF topic the new operator writes",
                    () -> !TopicIo.readCommitted(kafka.bootstrapServers(), after.alertsCefTopic()).isEmpty());
            List<Alert> alerts = TopicIo.readCommitted(kafka.bootstrapServers(), after.alertsTopic()).stream()
                    .map(r -> TopicCodec.alerts().decode(r.value())).toList();
            assertThat(alerts).hasSize(1);
            Alert a = alerts.get(0);
            assertThat(a.type()).isEqualTo(AlertType.P2P_PORT_ACTIVITY);
            assertThat(a.host().toString()).isEqualTo("10.1.0.21");
            assertThat(a.windowStartMs()).isEqualTo(WINDOW_START);
            assertThat(a.evidence().stream().filter(e -> e.kind().equals("port")).mapToLong(e -> e.count()).sum())
                    .as("6 flows from before the savepoint and 6 after it").isEqualTo(12);
            assertThat(sum(scrape(), "flink_taskmanager_job_task_operator_input_recordsIn",
                    Map.of("job_name", "peerwatch-after", "input", "flow")))
                    .as("the restored job read on from the savepoint's offsets").isEqualTo(7);
            assertThat(new String(TopicIo.readCommitted(kafka.bootstrapServers(), after.alertsCefTopic()).get(0).value(),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("P2P_PORT_ACTIVITY");
        } finally {
            second.cancel().get();
        }
    }

    private static List<byte[]> encode(List<FlowRecord> flows) {
        List<byte[]> out = new ArrayList<>();
        flows.forEach(f -> out.add(TopicCodec.flows().encode(f)));
        return out;
    }

    /** 4 random byte strings and 3 truncated records: 7 dead letters. */
    private static List<byte[]> malformed() {
        Random rnd = new Random(5);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] b = new byte[8 + rnd.nextInt(40)];
            rnd.nextBytes(b);
            b[0] = 0x7b; // never the single-object magic
            out.add(b);
        }
        for (int i = 0; i < 3; i++) {
            byte[] good = TopicCodec.flows().encode(FlowFixtures.flow(FlowFixtures.v4(10, 3, 0, i), 50000,
                    FlowFixtures.v4(8, 8, 8, 8), 6881, IpProtocol.TCP, WINDOW_START + 10_000));
            out.add(Arrays.copyOf(good, 12 + i * 3));
        }
        return out;
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }

    /** The text every reporter of this JVM serves now (the MiniCluster has one). */
    private static String scrape() {
        try (Stream<Path> files = Files.list(METRICS_DIR)) {
            List<Path> urls = files.filter(f -> f.toString().endsWith(".url")).toList();
            assertThat(urls).as("the reporter's address file").hasSize(1);
            String url = Files.readString(urls.get(0)).strip();
            assertThat(URI.create(url).getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");

    /** The sample lines of {@code name} whose labels include {@code labels}. */
    private static List<String> samples(String text, String name, Map<String, String> labels) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)) {
                String l = m.group(3) == null ? "" : m.group(3);
                if (labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    /** The sum over the matching samples (subtasks), 0 when there is none. */
    private static double sum(String text, String name, Map<String, String> labels) {
        return samples(text, name, labels).stream()
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
