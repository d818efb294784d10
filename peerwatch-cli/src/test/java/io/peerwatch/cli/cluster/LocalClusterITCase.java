package io.peerwatch.cli.cluster;

import io.peerwatch.testing.Corpus;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.PeerWatchCli;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.JobVertexMessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.metrics.JobVertexWatermarksHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.Metric;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagerInfo;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagersHeaders;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real multi-process cluster: {@code peerwatch cluster up} starts a JobManager,
 * two TaskManagers and a KRaft broker as separate JVMs; the lab's NetFlow v9 export and Squid
 * logs are replayed into the broker; {@code peerwatch run --cluster} submits the job jar with
 * Flink's own client; the alerts it writes are the alerts the same job code finds in the same
 * topics on an embedded MiniCluster with bounded sources — the same alert ids, no more, no fewer.
 *
 * <p>The streaming job never ends, so "done" is a signal, not silence: every input partition
 * ends with a record two days after the lab data ("end of replay"), which moves event time past
 * every window; once the suppression operator's input watermark has passed it, every alert of
 * the replay is on its way to the sinks, and the second checkpoint completed after that has
 * committed them (the first may have started earlier). Then the alert topic is read to its end
 * offsets (read_committed), after its count reached the reference count.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class LocalClusterITCase {

    /** How far after the last lab record the end-of-replay records lie: past every window and timer of the job. */
    private static final Duration END_OF_REPLAY_AFTER = Duration.ofDays(2);
    /** Longest wait for the cluster to process the replay (a loaded 2-core machine is slow). */
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Pattern JOB_ID = Pattern.compile("Submitted job ([0-9a-f]{32})");

    @RegisterExtension
    static final MiniClusterExtension REFERENCE = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(LocalFlink.loopbackConfiguration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private record Cli(int rc, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Cli cli(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = PeerWatchCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
        return new Cli(rc, out.toString(), err.toString());
    }

    @Test
    void theJobJarOnTheLocalClusterGivesTheAlertsOfAMiniClusterRunOfTheSameInput(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        Path blacklist = Files.writeString(tmp.resolve("hosts"), "# test list\n0.0.0.0 cdn.example.test\n");
        Map<String, Optional<ProcessHandle>> started = Map.of();
        long t0 = System.nanoTime();
        try {
            Cli up = cli("cluster", "up", "--dir", dir, "--timeout", "300s");
            assertThat(up.rc()).as(up.all()).isZero();
            started = LocalCluster.at(dir).processes();
            assertSeparateProcesses(started);
            assertLoopbackOnly(dir);
            started.forEach((name, h) -> assertThat(listeningAddresses(h.orElseThrow().pid())).as("%s listens on", name)
                    .isNotEmpty().allSatisfy(a -> assertThat(a).isIn(LOOPBACK_V4, LOOPBACK_V4_IN_V6)));
            Cli again = cli("cluster", "up", "--dir", dir);
            assertThat(again.rc()).as(again.all()).isZero();
            assertThat(again.out()).contains("already up");
            assertThat(pids(LocalCluster.at(dir).processes())).as("nothing restarted").isEqualTo(pids(started));

            ClusterState cluster = LocalCluster.at(dir).requireRunning();
            long tUp = System.nanoTime();
            long endOfReplay = replayLab(cluster.bootstrap());

            List<Alert> reference = runOnMiniCluster(cluster.bootstrap(), Optional.of(blacklist));
            assertLabAlerts(reference);
            long tReference = System.nanoTime();

            Cli run = cli("run", "--cluster=" + dir, "--blacklist", blacklist);
            assertThat(run.rc()).as(run.all()).isZero();
            Matcher m = JOB_ID.matcher(run.out());
            assertThat(m.find()).as(run.out()).isTrue();
            JobID job = JobID.fromHexString(m.group(1));

            List<Alert> onCluster = awaitClusterAlerts(cluster.restPort(), cluster.bootstrap(), job, endOfReplay,
                    reference.size(), logsOf(dir));
            assertThat(ids(onCluster)).as("alert ids on the cluster vs. the MiniCluster").isEqualTo(ids(reference));
            assertThat(onCluster).as("each alert once").hasSameSizeAs(reference);
            assertThat(TestTopics.readCommitted(cluster.bootstrap(), Topics.ALERTS_JSON)).hasSize(onCluster.size());
            assertThat(TestTopics.readCommitted(cluster.bootstrap(), Topics.DEADLETTER)).isEmpty();
            assertEveryTaskManagerRunsPartOfTheJob(cluster);
            assertMetrics(dir, job, onCluster);
            System.out.printf("LocalClusterITCase: %d alerts on both (%s); cluster up %.1f s, replay + MiniCluster %.1f s,"
                    + " submission to committed alerts %.1f s%n", reference.size(), reference.stream()
                    .collect(Collectors.groupingBy(Alert::type, TreeMap::new, Collectors.counting())),
                    (tUp - t0) / 1e9, (tReference - tUp) / 1e9, (System.nanoTime() - tReference) / 1e9);

            Cli status = cli("cluster", "status", "--dir", dir);
            assertThat(status.rc()).as(status.all()).isZero();
            assertThat(status.out()).contains("2 of 2 TaskManagers").contains(job + "  RUNNING").contains(cluster.bootstrap());
            Cli cancel = cli("cluster", "cancel", job, "--dir", dir);
            assertThat(cancel.rc()).as(cancel.all()).isZero();
        } finally {
            Cli down = cli("cluster", "down", "--dir", dir, "--purge");
            assertThat(down.rc()).as(down.all()).isZero();
        }
        assertThat(started.values()).allSatisfy(h -> assertThat(h.orElseThrow().isAlive()).isFalse());
        assertThat(processesOf(dir)).isEmpty();
        assertThat(dir).doesNotExist();
    }

    @Test
    void aClusterThatDoesNotComeUpInTimeIsStoppedAgainWithItsLogsShown(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        Cli up = cli("cluster", "up", "--dir", dir, "--timeout", "1s");
        assertThat(up.rc()).as(up.all()).isEqualTo(1);
        assertThat(up.err()).contains("did not come up within 1 s").contains("==> " + dir.resolve("log"));
        assertThat(processesOf(dir)).as("processes of the cluster still running").isEmpty();
        assertThat(LocalCluster.at(dir).processes()).as("pid files").allSatisfy((p, h) -> assertThat(h).isEmpty());
        Cli status = cli("cluster", "status", "--dir", dir);
        assertThat(status.rc()).isEqualTo(3);
        assertThat(status.out()).contains("not running");
        assertThat(cli("cluster", "down", "--dir", dir, "--purge").rc()).isZero();
        assertThat(dir).doesNotExist();
    }

    /** Every process on this machine whose command line says it belongs to the cluster in {@code dir}. */
    private static List<Long> processesOf(Path dir) {
        String marker = "-D" + Daemons.MARKER + "=";
        String suffix = "@" + new ClusterLayout(dir).root();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(h -> {
            try {
                String cmd = Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ');
                return cmd.contains(marker) && cmd.contains(suffix + " ");
            } catch (java.io.IOException | java.io.UncheckedIOException gone) {
                return false;
            }
        }).map(ProcessHandle::pid).toList();
    }

    /** Broker, JobManager and two TaskManagers: four JVMs other than this one, with the expected main classes. */
    private static void assertSeparateProcesses(Map<String, Optional<ProcessHandle>> ps) {
        assertThat(ps).containsOnlyKeys("broker", "jm", "tm-1", "tm-2").allSatisfy((name, h) -> assertThat(h).isPresent());
        assertThat(ps.values().stream().map(h -> h.orElseThrow().pid()).collect(Collectors.toSet())).hasSize(4)
                .doesNotContain(ProcessHandle.current().pid());
        Map<String, String> mainClass = Map.of("broker", "io.peerwatch.kafka.LocalKafkaBroker",
                "jm", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "tm-1", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "tm-2", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        ps.forEach((name, h) -> assertThat(commandLine(h.orElseThrow())).contains(mainClass.get(name)));
    }

    /** The whole command line (ProcessHandle.Info cuts long ones short). */
    private static String commandLine(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read the command line of " + h.pid(), e);
        }
    }

    /** 127.0.0.1 as /proc/net/tcp shows it. */
    private static final String LOOPBACK_V4 = "0100007F";
    /** ::ffff:127.0.0.1 as /proc/net/tcp6 shows it (a Java server socket bound to 127.0.0.1). */
    private static final String LOOPBACK_V4_IN_V6 = "0000000000000000FFFF00000100007F";

    /** Local addresses of the sockets process {@code pid} listens on (from /proc: its fds, the kernel's TCP tables). */
    private static List<String> listeningAddresses(long pid) {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            Set<String> inodes = fds.map(f -> {
                try {
                    return Files.readSymbolicLink(f).toString();
                } catch (java.io.IOException closed) {
                    return "";
                }
            }).filter(l -> l.startsWith("socket:[")).map(l -> l.substring(8, l.length() - 1)).collect(Collectors.toSet());
            List<String> out = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> rows = Files.readAllLines(Path.of(table));
                for (String row : rows.subList(1, rows.size())) {
                    String[] f = row.trim().split("\\s+");
                    // f[1] local address:port, f[3] state (0A = LISTEN), f[9] inode
                    if (f[3].equals("0A") && inodes.contains(f[9])) {
                        out.add(f[1].substring(0, f[1].indexOf(':')));
                    }
                }
            }
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read the sockets of process " + pid, e);
        }
    }

    /**
     * The job's metrics, scraped from the loopback Prometheus reporter of every Flink process (the
     * URLs they wrote into {@code metrics/}) and summed over TaskManagers and subtasks: records in
     * per input = what {@link #replayLab} wrote (97 flow records and 33 proxy records, one
     * end-of-replay record per partition of each), no dead letter, and per alert type the alerts
     * committed on the topic.
     */
    private static void assertMetrics(Path dir, JobID job, List<Alert> alerts) throws Exception {
        Map<String, String> thisJob = Map.of("job_id", job.toHexString());
        Map<AlertType, Long> byType = alerts.stream().collect(Collectors.groupingBy(Alert::type, Collectors.counting()));
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        awaitCondition(logsOf(dir), deadline, () -> {
            String text = scrapeAll(dir);
            return metric(text, "flink_taskmanager_job_task_operator_input_recordsIn", thisJob, "input", "flow") == 97 + 2
                    && metric(text, "flink_taskmanager_job_task_operator_input_recordsIn", thisJob, "input", "proxy") == 33 + 2;
        }, () -> "records-in metrics of 99 flow and 35 proxy records: " + scrapeAll(dir));
        String text = scrapeAll(dir);
        assertThat(metric(text, "flink_taskmanager_job_task_operator_input_deadLetters", thisJob, "input", "flow")
                + metric(text, "flink_taskmanager_job_task_operator_input_deadLetters", thisJob, "input", "proxy"))
                .isZero();
        for (AlertType t : AlertType.values()) {
            assertThat(metric(text, "flink_taskmanager_job_task_operator_alert_type_alerts", thisJob, "alert_type", t.name()))
                    .as("alerts of type %s in the metrics", t).isEqualTo(byType.getOrDefault(t, 0L).doubleValue());
        }
        assertThat(text).as("the JobManager reports checkpoint sizes").contains("flink_jobmanager_job_lastCheckpointFullSize{");
    }

    /** The tails of the logs of every process of the cluster in {@code dir}, for failure messages. */
    private static Supplier<String> logsOf(Path dir) {
        return () -> {
            LocalCluster c = LocalCluster.at(dir);
            return Logs.tails(c.layout(), List.copyOf(c.processes().keySet()));
        };
    }

    /** The text of every Flink process's reporter (JobManager and TaskManagers), one after the other. */
    private static String scrapeAll(Path dir) {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir.resolve("metrics"))) {
            List<Path> urls = files.filter(f -> f.toString().endsWith(".url")).toList();
            assertThat(urls).as("one reporter per Flink process (JobManager, 2 TaskManagers)").hasSize(3);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (Path f : urls) {
                java.net.URI uri = java.net.URI.create(Files.readString(f).strip());
                assertThat(uri.getHost()).isEqualTo("127.0.0.1");
                all.append(http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return all.toString();
    }

    /** The sum of the samples of {@code name} with the job's labels and {@code key="value"}. */
    private static double metric(String text, String name, Map<String, String> job, String key, String value) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(key + "=\"" + value + "\"")
                    && job.entrySet().stream().allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Every address in the generated configurations is 127.0.0.1. */
    private static void assertLoopbackOnly(Path dir) throws Exception {
        String flink = Files.readString(dir.resolve("conf/config.yaml"));
        assertThat(flink).contains("jobmanager.rpc.address: '127.0.0.1'", "jobmanager.bind-host: '127.0.0.1'",
                "taskmanager.host: '127.0.0.1'", "taskmanager.bind-host: '127.0.0.1'", "rest.bind-address: '127.0.0.1'");
        String kafka = Files.readString(dir.resolve("kafka/server.properties"));
        assertThat(kafka).contains("listeners=PLAINTEXT\\://127.0.0.1\\:");
        for (String conf : List.of(flink, kafka)) {
            assertThat(conf).doesNotContain("0.0.0.0").doesNotContain("localhost");
        }
    }

    /**
     * Writes the lab NetFlow v9 export and the lab Squid logs (http-tunnel, benign-proxy) into the
     * input topics in event-time order, then one end-of-replay record into every partition of each.
     *
     * <p>Why sorted: the export holds its flows in export order, up to 17 minutes behind the newest
     * one, while the job takes records up to {@link JobConfig#DEFAULT_OUT_OF_ORDERNESS} late. Which
     * of those flows then still count depends on when watermarks happen to be emitted, on any
     * engine (two MiniCluster runs differ too). In event-time order nothing is late, and the alerts
     * depend on the input alone.
     *
     * @return event time of the end-of-replay records
     */
    private static long replayLab(String bootstrap) throws Exception {
        io.peerwatch.kafka.LocalKafka.createTopics(bootstrap, List.of(Topics.FLOWS, Topics.PROXY, Topics.PACKETS), 2);
        List<FlowRecord> flows = new ArrayList<>();
        try (FlowFileReader r = FlowFiles.open(Corpus.lab("netflow/export-netflow-v9-s1.pcap"))) {
            for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                flows.add(f.get());
            }
        }
        assertThat(flows).as("flow records in the lab export").hasSize(97);
        flows.sort(java.util.Comparator.comparingLong(FlowRecord::endMs)); // event time of a flow record: its end
        record Line(ProxyRecord record, String source, int line) {
        }
        List<Line> proxy = new ArrayList<>();
        for (String scenario : List.of("http-tunnel", "benign-proxy")) {
            Path log = Corpus.lab(scenario + "/squid-access-native.log");
            List<String> lines = Files.readAllLines(log);
            ProxyLogParser parser = ProxyLogFormat.detect(lines).orElseThrow().newParser();
            for (int i = 0; i < lines.size(); i++) {
                Optional<ProxyRecord> e = parser.parse(lines.get(i), log.toString(), i + 1);
                if (e.isPresent()) {
                    proxy.add(new Line(e.get(), log.toString(), i + 1));
                }
            }
        }
        assertThat(proxy).hasSize(33);
        proxy.sort(java.util.Comparator.comparingLong(l -> l.record().timestampMs()));
        TestTopics.produce(bootstrap, Topics.FLOWS, null, flows.stream().map(f -> TopicCodec.flows().encode(f)).toList());
        TestTopics.produce(bootstrap, Topics.PROXY, null,
                proxy.stream().map(l -> TopicCodec.encodeProxy(l.record(), l.source(), l.line())).toList());

        return markEndOfReplay(bootstrap,
                Math.max(flows.get(flows.size() - 1).endMs(), proxy.get(proxy.size() - 1).record().timestampMs()));
    }

    /**
     * Writes the end-of-replay records (see the class comment) to every partition of the flow and
     * proxy topics, {@link #END_OF_REPLAY_AFTER} after {@code last}, the newest event time replayed.
     *
     * @return their event time
     */
    static long markEndOfReplay(String bootstrap, long last) {
        long end = last + END_OF_REPLAY_AFTER.toMillis();
        // Harmless on purpose: one small flow between two outside addresses on a web port, one
        // small page from a client the lab never uses; they only move event time.
        FlowRecord flowMark = FlowRecord.builder().time(end - 1_000, end)
                .src(IpAddress.parse("203.0.113.1"), 443).dst(IpAddress.parse("203.0.113.2"), 50_000)
                .ipProtocol(6).counters(2, 120).build();
        ProxyRecord proxyMark = ProxyRecord.builder(end, IpAddress.parse("203.0.113.9"), "GET", "http://end-of-replay.test/")
                .host("end-of-replay.test").port(80).status(200).bytesToClient(300).contentType("text/html").build();
        for (int p = 0; p < TestTopics.partitions(bootstrap, Topics.FLOWS); p++) {
            TestTopics.produce(bootstrap, Topics.FLOWS, p, List.of(TopicCodec.flows().encode(flowMark)));
        }
        for (int p = 0; p < TestTopics.partitions(bootstrap, Topics.PROXY); p++) {
            TestTopics.produce(bootstrap, Topics.PROXY, p, List.of(TopicCodec.encodeProxy(proxyMark, "end-of-replay", p)));
        }
        return end;
    }

    /** The same job code over the same topics on a MiniCluster, bounded, configured as the job jar configures it. */
    static List<Alert> runOnMiniCluster(String bootstrap, Optional<Path> blacklist) throws Exception {
        JobConfig cfg = JobConfig.builder(bootstrap)
                .blacklistFiles(blacklist.map(b -> List.of(b.toAbsolutePath().toString())).orElse(List.of()))
                .topics(Topics.FLOWS, "reference.alerts", "reference.alerts.json", "reference.deadletter")
                .groupId("reference")
                .transactionalIdPrefix("reference-" + System.nanoTime())
                .checkpointInterval(Duration.ofSeconds(1))
                .build();
        io.peerwatch.kafka.LocalKafka.createTopics(bootstrap, List.of(cfg.alertsTopic(), cfg.alertsJsonTopic(),
                cfg.deadLetterTopic()), 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PeerWatchJob job = new PeerWatchJob(cfg);
        job.configure(env);
        job.build(env, new PeerWatchJob.Inputs(Optional.of(KafkaConnectors.flowSource(cfg, true)),
                Optional.of(KafkaConnectors.proxySource(cfg, true)), Optional.of(KafkaConnectors.packetSource(cfg, true))),
                KafkaConnectors.sinks(cfg));
        env.execute("peerwatch-reference");
        return alerts(bootstrap, cfg.alertsTopic());
    }

    /** What the lab data must give (the proxy logs as in PeerWatchJobKafkaITCase, the export as in AnalyzeCommandITCase). */
    private static void assertLabAlerts(List<Alert> alerts) {
        Map<AlertType, Long> byType = alerts.stream().collect(Collectors.groupingBy(Alert::type, Collectors.counting()));
        assertThat(byType).as("%s", alerts).containsKeys(AlertType.NONSTANDARD_CONNECT, AlertType.HTTP_TUNNEL,
                AlertType.LARGE_MEDIA_DOWNLOAD, AlertType.BLACKLISTED_HOST, AlertType.P2P_BEHAVIOUR,
                AlertType.P2P_PORT_ACTIVITY);
        assertThat(alerts.stream().filter(a -> a.type() == AlertType.NONSTANDARD_CONNECT).map(a -> a.protocol().orElse("")))
                .containsExactlyInAnyOrder("Gnutella", "eDonkey");
        assertThat(alerts).filteredOn(a -> a.type() == AlertType.LARGE_MEDIA_DOWNLOAD)
                .singleElement().satisfies(a -> assertThat(a.evidence().toString()).contains("mp3"));
        assertThat(hosts(alerts, AlertType.P2P_BEHAVIOUR)).containsExactlyInAnyOrder("198.18.1.11", "198.18.1.12");
        assertThat(hosts(alerts, AlertType.P2P_PORT_ACTIVITY)).contains("198.18.1.10", "198.18.1.12");
        assertThat(alerts).extracting(a -> a.host().toString()).as("proxy, web server, end-of-replay hosts")
                .doesNotContain("198.18.1.20", "198.18.1.30", "203.0.113.1", "203.0.113.2", "203.0.113.9");
    }

    static Set<String> hosts(List<Alert> alerts, AlertType type) {
        return alerts.stream().filter(a -> a.type() == type).map(a -> a.host().toString()).collect(Collectors.toSet());
    }

    /**
     * Waits for the signal that the cluster has committed every alert of the replay (see the class
     * comment), checks that the job's consumer group committed the end of its inputs, and reads
     * the alerts.
     */
    static List<Alert> awaitClusterAlerts(int restPort, String bootstrap, JobID job, long endOfReplay, int expected,
            Supplier<String> logs) throws Exception {
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        // The watermark the end-of-replay records produce (bounded out-of-orderness, as the job assigns it).
        long mark = endOfReplay - JobConfig.DEFAULT_OUT_OF_ORDERNESS.toMillis() - 1;
        try (FlinkRest rest = FlinkRest.connect(restPort)) {
            RestClusterClient<?> c = rest.client();
            awaitCondition(logs, deadline, () -> minInputWatermark(c, job, "notice-suppression") >= mark,
                    () -> "the suppression operator's input watermark to reach " + mark + " (now "
                            + minInputWatermark(c, job, "notice-suppression") + ")");
            long lastTriggered = lastCheckpointId(c, job);
            awaitCondition(logs, deadline, () -> lastCompletedCheckpointId(c, job) >= lastTriggered + 2,
                    () -> "checkpoint " + (lastTriggered + 2) + " to complete (last completed: "
                            + lastCompletedCheckpointId(c, job) + ")");
        }
        Map<TopicPartition, Long> inputEnd = TestTopics.endOffsets(bootstrap, List.of(Topics.FLOWS, Topics.PROXY));
        awaitCondition(logs, deadline, () -> inputEnd.entrySet().stream().allMatch(e -> e.getValue().equals(
                TestTopics.groupOffsets(bootstrap, JobConfig.DEFAULT_GROUP_ID).get(e.getKey()))),
                () -> "the job's group to commit the input end offsets " + new TreeMap<>(inputEnd.entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))) + " (now "
                        + TestTopics.groupOffsets(bootstrap, JobConfig.DEFAULT_GROUP_ID) + ")");
        awaitCondition(logs, deadline, () -> alerts(bootstrap, Topics.ALERTS).size() >= expected,
                () -> expected + " committed alerts (now " + alerts(bootstrap, Topics.ALERTS).size() + ")");
        return alerts(bootstrap, Topics.ALERTS);
    }

    private static void awaitCondition(Supplier<String> logs, long deadline, Supplier<Boolean> done, Supplier<String> what)
            throws InterruptedException {
        while (!done.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + PROCESSING_TIMEOUT.toMinutes() + " min waiting for "
                        + what.get() + "\n" + logs.get());
            }
            Thread.sleep(POLL.toMillis()); // poll interval; the condition is the synchronisation
        }
    }

    /** Lowest input watermark over the subtasks of the vertex whose name contains {@code namePart}; MIN until all report. */
    private static long minInputWatermark(RestClusterClient<?> c, JobID job, String namePart) {
        JobDetailsInfo details = FlinkRest.await(c.getJobDetails(job), "get job details");
        JobDetailsInfo.JobVertexDetailsInfo v = details.getJobVertexInfos().stream()
                .filter(x -> x.getName().contains(namePart)).findFirst()
                .orElseThrow(() -> new AssertionError("no vertex named *" + namePart + "* in " + details.getJobVertexInfos()
                        .stream().map(JobDetailsInfo.JobVertexDetailsInfo::getName).toList()));
        JobVertexMessageParameters p = JobVertexWatermarksHeaders.INSTANCE.getUnresolvedMessageParameters();
        p.jobPathParameter.resolve(job);
        p.jobVertexIdPathParameter.resolve(v.getJobVertexID());
        List<Long> marks = FlinkRest.await(c.sendRequest(JobVertexWatermarksHeaders.INSTANCE, p, EmptyRequestBody.getInstance()),
                "get watermarks").getMetrics().stream().filter(x -> x.getId().endsWith("currentInputWatermark"))
                .map(Metric::getValue).map(Long::parseLong).toList();
        return marks.size() < v.getParallelism() ? Long.MIN_VALUE : marks.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static CheckpointingStatistics checkpoints(RestClusterClient<?> c, JobID job) {
        JobMessageParameters p = CheckpointingStatisticsHeaders.getInstance().getUnresolvedMessageParameters();
        p.jobPathParameter.resolve(job);
        return FlinkRest.await(c.sendRequest(CheckpointingStatisticsHeaders.getInstance(), p, EmptyRequestBody.getInstance()),
                "get checkpoint statistics");
    }

    /** Id of the newest checkpoint triggered so far, completed or not (0: none). */
    private static long lastCheckpointId(RestClusterClient<?> c, JobID job) {
        CheckpointingStatistics s = checkpoints(c, job);
        return Math.max(s.getHistory().stream().mapToLong(CheckpointStatistics::getId).max().orElse(0),
                lastCompleted(s));
    }

    private static long lastCompletedCheckpointId(RestClusterClient<?> c, JobID job) {
        return lastCompleted(checkpoints(c, job));
    }

    private static long lastCompleted(CheckpointingStatistics s) {
        return s.getLatestCheckpoints().getCompletedCheckpointStatistics() == null ? 0
                : s.getLatestCheckpoints().getCompletedCheckpointStatistics().getId();
    }

    /** With the slots spread over the TaskManagers, each one runs part of the job. */
    private static void assertEveryTaskManagerRunsPartOfTheJob(ClusterState cluster) {
        try (FlinkRest rest = FlinkRest.connect(cluster.restPort())) {
            List<TaskManagerInfo> tms = List.copyOf(FlinkRest.await(rest.client().sendRequest(TaskManagersHeaders.getInstance(),
                    EmptyMessageParameters.getInstance(), EmptyRequestBody.getInstance()), "list TaskManagers").getTaskManagerInfos());
            assertThat(tms).hasSize(2).allSatisfy(tm -> assertThat(tm.getNumberAvailableSlots()).as("free slots of %s",
                    tm.getResourceId()).isLessThan(tm.getNumberSlots()));
        }
    }

    static List<Alert> alerts(String bootstrap, String topic) {
        return TestTopics.readCommitted(bootstrap, topic).stream().map(r -> TopicCodec.alerts().decode(r.value())).toList();
    }

    private static Map<String, Long> pids(Map<String, Optional<ProcessHandle>> ps) {
        return ps.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().map(ProcessHandle::pid).orElse(-1L)));
    }

    static Set<String> ids(List<Alert> alerts) {
        return alerts.stream().map(a -> a.type() + " " + a.host() + " " + a.id()).collect(Collectors.toCollection(TreeSet::new));
    }
}
