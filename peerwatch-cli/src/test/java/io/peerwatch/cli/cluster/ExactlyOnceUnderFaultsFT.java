package io.peerwatch.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.files.FileInputSource;
import io.peerwatch.job.files.FileRecordIterator;
import io.peerwatch.job.files.FileSplit;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.schemas.Topics;
import io.peerwatch.testing.Corpus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.JobVertexMessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.metrics.JobVertexWatermarksHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.Metric;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once alerts under faults (issue 14), on the local multi-process cluster: three KRaft
 * brokers (every PeerWatch topic and Kafka's internal topics with three replicas, two in sync
 * required), a JobManager and two TaskManagers, the job jar submitted with Flink's own client.
 *
 * <p>The input is a fixed labelled event set from the lab corpus (the NetFlow v9 export, the
 * Squid logs of the HTTP tunnel and benign browsing, and the packet events of a BitTorrent and
 * an ICMP tunnel capture), replayed {@value #COPIES_DEFAULT} times (property
 * {@code faults.copies}), each copy shifted in event time by whole days beyond the span of the
 * set, so that no window, timer or suppression interval spans two copies, and each copy's packets
 * with hosts of their own ({@link #otherHosts}). Copies are written one
 * at a time, each once the job has committed the one before, and the faults happen at fixed
 * copies (input positions, never times), right after that copy is written:
 *
 * <ol>
 * <li>copy 1: {@code kill -9} of tm-1 as soon as an alert transaction is open (alerts written,
 *     not yet committed), or, should the test not see one, once copy 1 is committed (the results
 *     say which);
 * <li>copy 2: {@code kill -9} of tm-2 (the TaskManager running the whole job after the first
 *     kill, so all of it fails) under the same condition;
 * <li>copy 3: restart (SIGTERM, start again) of the broker that leads the alert topic;
 * <li>copy 4: {@code kill -9} of tm-1 at once;
 * <li>copy 5: stop with a savepoint, then resume from it on a
 *     fresh job jar file (the built jar's entries written anew, with a new manifest entry: the
 *     cluster receives a jar it has never seen), in a job with one operator more (the CEF alert
 *     sink, off until then): the operators' fixed uids let the savepoint restore into it, and the
 *     new sink gets exactly the alerts committed after the resume;
 * </ol>
 * then the remaining copies and an end-of-replay record in every input partition (event time
 * three days on, and a packet a day later still), and the wait for the signal that everything is committed: the suppression
 * operator's input watermark past the end of replay, two more checkpoints, the job's group
 * offsets at the input end offsets.
 *
 * <p>The alerts read with read_committed to the end offsets must be the alerts of the fault-free
 * run of the same job jar over the same topics afterwards, on the same cluster with its own
 * consumer group, transactional ids and output topics (a bounded run would end the last packet
 * flows at the end of input, which a streaming job never sees): the same alert
 * ids, each exactly once. Each fault's recovery (to every task running again, and to the first
 * checkpoint completed after it) is measured and written to
 * {@code target/faults/fault-results.md}; never asserted. Every wait is for a signal, an offset or
 * a count, bounded by a guard. The cluster is always torn down, also when the test fails.
 */
@Timeout(value = 24, unit = TimeUnit.MINUTES)
class ExactlyOnceUnderFaultsFT {

    static final int COPIES_DEFAULT = 8;
    /** Copies of the lab set in the replay (at least {@link #FIRST_UNFAULTED_COPY} + 1). */
    private static final int COPIES = Integer.getInteger("faults.copies", COPIES_DEFAULT);
    private static final int FIRST_UNFAULTED_COPY = 6;
    /**
     * {@code -Dfaults.inject=false}: the same schedule and waits without the faults, to tell what
     * the faults change from what the replay's pauses change.
     */
    private static final boolean INJECT = Boolean.parseBoolean(System.getProperty("faults.inject", "true"));
    private static final int BROKERS = 3;
    private static final int TASK_MANAGERS = 2;
    private static final int SLOTS = 2;
    private static final int PARALLELISM = 2;
    private static final int PARTITIONS = 2;
    /**
     * The job's default checkpoint interval: alerts wait up to this long in an open transaction,
     * which is when a kill hurts most.
     */
    private static final Duration CHECKPOINT_INTERVAL = JobConfig.DEFAULT_CHECKPOINT_INTERVAL;
    /**
     * Longer than any pause of the replay: an input paused longer than the job's idleness would
     * release the watermark to the others, and which of its next records count as late would
     * then depend on timing (a property of event time, not of delivery, which is what this test
     * is about).
     */
    private static final Duration IDLENESS = Duration.ofHours(2);
    /** How far after the last copy the end-of-replay records lie: past every window and timer of the job. */
    private static final Duration END_OF_REPLAY_AFTER = Duration.ofDays(3);
    /** Gap between copies beyond the lab set's own span. */
    private static final Duration COPY_GAP = Duration.ofDays(7);
    /** Guard of each wait (for recovery, a commit, a checkpoint): the test fails, with the logs, when one passes. */
    private static final Duration STEP_GUARD = Duration.ofMinutes(4);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String BLACKLISTED = "cdn.example.test";
    private static final String REFERENCE_GROUP = "reference";
    private static final String REFERENCE_ALERTS = "reference.alerts";

    /** One fault and what it took to recover from it. */
    private record Fault(String what, String where, String state, double tasksRunningS, double checkpointS, String note) {
    }

    private final List<Fault> faults = new ArrayList<>();
    /** Alerts committed when the job stopped with its savepoint. */
    private int alertsBeforeUpgrade = -1;
    private final PrintWriter out = new PrintWriter(System.out, true);

    @Test
    void alertsUnderTaskManagerKillsABrokerRestartAndASavepointUpgradeAreTheFaultFreeAlertsExactlyOnce(@TempDir Path tmp)
            throws Exception {
        assertThat(COPIES).as("faults.copies").isGreaterThan(FIRST_UNFAULTED_COPY);
        Path dir = tmp.resolve("cluster");
        Path blacklist = Files.writeString(tmp.resolve("hosts"), "# test list\n0.0.0.0 " + BLACKLISTED + "\n");
        LocalCluster cluster = LocalCluster.at(dir);
        long t0 = System.nanoTime();
        long tDone;
        try {
            cluster.up(new LocalCluster.Settings(TASK_MANAGERS, SLOTS, BROKERS, 0, Duration.ofMinutes(5)), out);
            ClusterState s = cluster.requireRunning();
            assertThat(s.brokers()).isEqualTo(BROKERS);
            String bootstrap = s.bootstrap();
            createTopics(bootstrap);
            LabSet lab = LabSet.load();
            out.printf("faults: lab set of %d flow records, %d proxy records, %d packet events; %d copies %d days apart%n",
                    lab.flows().size(), lab.proxy().size(), lab.packets().size(), COPIES, lab.shiftMs() / 86_400_000L);
            List<String> args = List.of("--bootstrap", bootstrap, "--checkpoint-interval", CHECKPOINT_INTERVAL.toSeconds() + "s",
                    "--idleness", IDLENESS.toMinutes() + "m", "--blacklist", blacklist.toString());
            // Without the CEF sink at first: the savepoint resumes into a job with one operator more.
            List<String> withoutCef = new ArrayList<>(args);
            withoutCef.addAll(List.of("--alerts-cef-topic", ""));
            JobID job = JobSubmission.submit(dir, PARALLELISM, ClusterBuild.jobJar(), Optional.empty(), withoutCef, out);
            assertThat(vertexNames(dir, job)).noneMatch(n -> n.contains("alerts-cef"));
            long tSubmitted = System.nanoTime();

            try (FlinkRest rest = FlinkRest.connect(s.restPort())) {
                RestClusterClient<?> c = rest.client();
                awaitTasksRunning(dir, c, job);
                List<Map<TopicPartition, Long>> copyEnds = new ArrayList<>();

                // Each faulted copy is written once the job has committed the one before, so the
                // fault meets that copy in flight (read, alerts of the copy before in an open transaction).
                copyEnds.add(replay(bootstrap, lab, 0));
                awaitCommitted(dir, job, copyEnds.get(0), "copy 0");
                copyEnds.add(replay(bootstrap, lab, 1));
                killTaskManager(dir, cluster, c, job, "tm-1", 1, copyEnds.get(0), true);

                awaitCommitted(dir, job, copyEnds.get(1), "copy 1");
                copyEnds.add(replay(bootstrap, lab, 2));
                killTaskManager(dir, cluster, c, job, "tm-2", 2, copyEnds.get(1), true);

                awaitCommitted(dir, job, copyEnds.get(2), "copy 2");
                copyEnds.add(replay(bootstrap, lab, 3));
                restartAlertLeader(dir, cluster, c, job, bootstrap, copyEnds.get(2));

                awaitCommitted(dir, job, copyEnds.get(3), "copy 3");
                copyEnds.add(replay(bootstrap, lab, 4));
                killTaskManager(dir, cluster, c, job, "tm-1", 4, copyEnds.get(3), false);

                awaitCommitted(dir, job, copyEnds.get(4), "copy 4");
                copyEnds.add(replay(bootstrap, lab, 5));
                job = stopWithSavepointAndResumeOnAFreshJar(dir, c, job, args, copyEnds.get(4), tmp);

                for (int k = FIRST_UNFAULTED_COPY; k < COPIES; k++) {
                    copyEnds.add(replay(bootstrap, lab, k));
                }
                long endOfReplay = endOfReplay(bootstrap, lab);
                awaitEverythingCommitted(dir, c, job, bootstrap, JobConfig.DEFAULT_GROUP_ID, endOfReplay);
                rest.cancel(job);
                tDone = System.nanoTime();

                // The fault-free run: the same jar over the same topics, its own group, transactions and outputs.
                List<String> referenceArgs = new ArrayList<>(args);
                referenceArgs.addAll(List.of("--group-id", REFERENCE_GROUP, "--transactional-id-prefix", "reference",
                        "--alerts-topic", REFERENCE_ALERTS, "--alerts-json-topic", "reference.alerts.json",
                        "--alerts-cef-topic", "", "--deadletter-topic", "reference.deadletter"));
                JobID ref = JobSubmission.submit(dir, PARALLELISM, ClusterBuild.jobJar(), Optional.empty(), referenceArgs, out);
                awaitTasksRunning(dir, c, ref);
                awaitEverythingCommitted(dir, c, ref, bootstrap, REFERENCE_GROUP, endOfReplay);
                rest.cancel(ref);
            }
            long tReference = System.nanoTime();
            List<Alert> onCluster = alerts(bootstrap, Topics.ALERTS);
            List<Alert> reference = alerts(bootstrap, REFERENCE_ALERTS);

            out.printf("faults: alerts per copy under faults %s%nfaults: alerts per copy without faults %s%n",
                    perCopy(onCluster, lab), perCopy(reference, lab));
            assertThat(ids(onCluster)).as("each alert id once on the cluster").doesNotHaveDuplicates();
            assertThat(ids(onCluster)).as("alert ids under faults vs. the fault-free run: none lost, none duplicated")
                    .containsExactlyElementsOf(ids(reference));
            assertThat(reference).extracting(a -> a.host().toString()).as("the end-of-replay hosts are harmless")
                    .noneMatch(h -> h.startsWith("203.0.113."));
            assertLabAlertsInEveryCopy(reference, lab);
            assertThat(TestTopics.readCommitted(bootstrap, Topics.ALERTS_JSON)).as("ECS JSON alerts").hasSize(onCluster.size());
            // The CEF sink, added at the savepoint upgrade, has exactly the alerts committed after it.
            List<String> afterResume = !INJECT ? List.of() : onCluster.subList(alertsBeforeUpgrade, onCluster.size()).stream()
                    .map(Alert::id).sorted().toList();
            assertThat(INJECT ? TestTopics.readCommitted(bootstrap, Topics.ALERTS_CEF).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).sorted().toList() : List.of())
                    .as("CEF alerts: those of the resumed job").containsExactlyElementsOf(afterResume);
            assertThat(TestTopics.readCommitted(bootstrap, Topics.DEADLETTER)).as("dead letters").isEmpty();
            assertEveryPeerWatchTopicHasThreeReplicas(bootstrap);

            String digest = digest(ids(onCluster));
            out.printf("faults: %d alerts under faults = fault-free run (%s), alert set sha256 %s; cluster up and topics %.0f s,"
                    + " faulted replay to committed %.0f s, fault-free run %.0f s%n", onCluster.size(),
                    byType(onCluster), digest, (tSubmitted - t0) / 1e9, (tDone - tSubmitted) / 1e9, (tReference - tDone) / 1e9);
            writeResults(lab, onCluster, digest, (tDone - tSubmitted) / 1e9);
        } finally {
            cluster.down(false, out);
            List<Long> left = processesOf(dir);
            cluster.down(true, out);
            assertThat(left).as("processes of the cluster left behind").isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------- faults

    /**
     * Waits until the job has committed the input up to {@code committed} (a checkpoint after the
     * previous copy), and, when {@code inFlight}, until alerts sit in an open transaction (written
     * to the alert topic, not yet committed) or the job has committed what was written since;
     * then kills the TaskManager with SIGKILL, measures the recovery and starts the TaskManager
     * again.
     */
    private void killTaskManager(Path dir, LocalCluster cluster, RestClusterClient<?> c, JobID job, String tm, int copy,
            Map<TopicPartition, Long> committed, boolean inFlight) throws Exception {
        awaitCommitted(dir, job, committed, "copy " + (copy - 1));
        if (!INJECT) {
            return;
        }
        String state = "copy " + copy + " written after the commit of copy " + (copy - 1);
        if (inFlight) {
            String bootstrap = bootstrapOf(dir);
            Map<TopicPartition, Long> allIn = TestTopics.endOffsets(bootstrap, inputTopics());
            // one client for the polls: a new one per poll takes seconds on a loaded machine
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                    org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                boolean[] open = new boolean[1];
                awaitCondition(dir, () -> (open[0] = openTransaction(admin, Topics.ALERTS)) || committedUpTo(admin, allIn),
                        () -> "an open alert transaction or the commit of copy " + copy);
                state = open[0] ? "copy " + copy + " read, alerts in an open transaction"
                        : "copy " + copy + " committed (no open transaction seen)";
            }
        }
        long t = System.nanoTime();
        long wall = System.currentTimeMillis();
        ProcessHandle killed = cluster.kill(tm);
        out.printf("faults: kill -9 %s (pid %d) at copy %d: %s%n", tm, killed.pid(), copy, state);
        double running = awaitTasksRunningSince(dir, c, job, wall) - t;
        double checkpoint = awaitCheckpointAfter(dir, c, job, wall);
        long tRestart = System.nanoTime();
        cluster.restart(tm);
        double rejoined = awaitCondition(dir, () -> taskManagers(c) == TASK_MANAGERS,
                () -> tm + " to register again") - tRestart;
        record(new Fault("kill -9 " + tm, "copy " + copy + " of " + COPIES, state, running / 1e9, checkpoint,
                String.format(java.util.Locale.ROOT, "%s started again, registered after %.1f s", tm, rejoined / 1e9)));
    }

    /**
     * Once the job has committed copy 2: restarts the broker that leads the alert topic's
     * partition (SIGTERM, Kafka's controlled shutdown; then the same command line, same data),
     * and measures until every partition of every topic has all three replicas in sync again.
     */
    private void restartAlertLeader(Path dir, LocalCluster cluster, RestClusterClient<?> c, JobID job, String bootstrap,
            Map<TopicPartition, Long> committed) throws Exception {
        awaitCommitted(dir, job, committed, "copy 2");
        if (!INJECT) {
            return;
        }
        int leader = TestTopics.describe(bootstrap, List.of(Topics.ALERTS)).get(Topics.ALERTS).get(0).leader().id();
        String broker = ClusterState.broker(leader);
        long t = System.nanoTime();
        long wall = System.currentTimeMillis();
        boolean graceful = cluster.stop(broker);
        double stopped = (System.nanoTime() - t) / 1e9;
        out.printf("faults: stopped %s (node %d, leader of %s-0) at copy 3 in %.1f s%s%n", broker, leader, Topics.ALERTS,
                stopped, graceful ? "" : " (killed after the grace period)");
        cluster.restart(broker);
        double inSync = awaitCondition(dir, () -> allInSync(bootstrap), () -> "every partition to have "
                + BROKERS + " in-sync replicas again") - t;
        double checkpoint = awaitCheckpointAfter(dir, c, job, wall);
        awaitTasksRunning(dir, c, job);
        // Whether the job failed over (its tasks started again) or rode the restart out (Kafka clients retrying)
        boolean restarted = tasksStartedSince(c, job, wall);
        record(new Fault("restart " + broker + " (leader of the alert topic)", "copy 3 of " + COPIES,
                "copy 3 written after the commit of copy 2", restarted ? (lastTaskStart(c, job) - wall) / 1e3 : 0, checkpoint,
                String.format(java.util.Locale.ROOT, "broker stopped in %.1f s; all replicas in sync %.1f s after the stop; %s",
                        stopped, inSync / 1e9, restarted ? "the job failed over" : "the job did not fail over (tasks never stopped)")));
    }

    /**
     * Once the job has committed copy 4: stop with a savepoint (Flink's {@code flink stop}), then
     * submit a fresh jar file of the job resuming from it.
     */
    private JobID stopWithSavepointAndResumeOnAFreshJar(Path dir, RestClusterClient<?> c, JobID job, List<String> args,
            Map<TopicPartition, Long> committed, Path tmp) throws Exception {
        awaitCommitted(dir, job, committed, "copy 4");
        if (!INJECT) {
            return job;
        }
        long t = System.nanoTime();
        long wall = System.currentTimeMillis();
        String savepoint = c.stopWithSavepoint(job, false, null, SavepointFormatType.CANONICAL)
                .get(STEP_GUARD.toSeconds(), TimeUnit.SECONDS);
        double taken = (System.nanoTime() - t) / 1e9;
        awaitCondition(dir, () -> FlinkRest.await(c.getJobStatus(job), "job status") == JobStatus.FINISHED,
                () -> "job " + job + " to finish after its savepoint");
        out.printf("faults: stopped job %s with savepoint %s in %.1f s at copy 5%n", job, savepoint, taken);
        alertsBeforeUpgrade = alerts(bootstrapOf(dir), Topics.ALERTS).size();
        Path fresh = freshJar(ClusterBuild.jobJar(), tmp.resolve("peerwatch-job-fresh.jar"));
        long tSubmit = System.nanoTime();
        JobID resumed = JobSubmission.submit(dir, PARALLELISM, fresh, Optional.of(savepoint), args, out);
        long tRunning = awaitTasksRunning(dir, c, resumed);
        double running = tRunning - t;
        double checkpoint = awaitCheckpointAfter(dir, c, resumed, wall);
        assertThat(vertexNames(dir, resumed)).as("the resumed job has the CEF sink").anyMatch(n -> n.contains("alerts-cef"));
        assertThat(checkpoints(c, resumed).getLatestCheckpoints().getRestoredCheckpointStatistics())
                .as("the resumed job restored the savepoint").isNotNull()
                .satisfies(r -> assertThat(r.getExternalPath()).isEqualTo(savepoint));
        record(new Fault("stop with savepoint, resume on a fresh jar with one sink more", "copy 5 of " + COPIES, "copy 5 written after the commit of copy 4",
                running / 1e9, checkpoint, String.format(java.util.Locale.ROOT,
                        "savepoint %.1f s; submission of the fresh jar to tasks running %.1f s", taken,
                        (tRunning - tSubmit) / 1e9)));
        return resumed;
    }

    /** A new jar file with the job jar's entries and one more manifest attribute: same code, a file the cluster never saw. */
    private static Path freshJar(Path built, Path fresh) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(built))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().putValue("PeerWatch-Rebuilt", Instant.now().toString());
            try (OutputStream os = Files.newOutputStream(fresh); JarOutputStream jar = new JarOutputStream(os, m)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    jar.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        assertThat(Files.mismatch(built, fresh)).as("a different jar file").isNotEqualTo(-1L);
        return fresh;
    }

    private void record(Fault f) {
        faults.add(f);
        out.printf("faults: %s at %s (%s): tasks running again after %.1f s, first checkpoint after %.1f s; %s%n", f.what(),
                f.where(), f.state(), f.tasksRunningS(), f.checkpointS(), f.note());
    }

    // ---------------------------------------------------------------------------------- waits

    /** Waits until every task of the job runs and was (re)started after {@code sinceEpochMs}; returns System.nanoTime() then. */
    private static long awaitTasksRunningSince(Path dir, RestClusterClient<?> c, JobID job, long sinceEpochMs)
            throws InterruptedException {
        return awaitCondition(dir, () -> tasksStartedSince(c, job, sinceEpochMs) && allTasksRunning(c, job),
                () -> "every task of job " + job + " to run again after the fault");
    }

    /** True when every task of the job was (re)deployed after {@code sinceEpochMs} (the JobManager's clock, this machine's). */
    private static boolean tasksStartedSince(RestClusterClient<?> c, JobID job, long sinceEpochMs) {
        return FlinkRest.await(c.getJobDetails(job), "get job details").getJobVertexInfos().stream()
                .allMatch(v -> v.getStartTime() > sinceEpochMs);
    }

    /** Latest start (epoch ms) of a vertex of the job. */
    private static long lastTaskStart(RestClusterClient<?> c, JobID job) {
        return FlinkRest.await(c.getJobDetails(job), "get job details").getJobVertexInfos().stream()
                .mapToLong(JobDetailsInfo.JobVertexDetailsInfo::getStartTime).max().orElseThrow();
    }

    private static boolean allTasksRunning(RestClusterClient<?> c, JobID job) {
        JobDetailsInfo d = FlinkRest.await(c.getJobDetails(job), "get job details");
        return d.getJobStatus() == JobStatus.RUNNING && d.getJobVertexInfos().stream()
                .allMatch(v -> v.getExecutionState() == ExecutionState.RUNNING);
    }

    /**
     * Waits for the first checkpoint of the job triggered after {@code wallMs} to complete and
     * returns the seconds from {@code wallMs} to its completion (from the JobManager's checkpoint
     * history, so the time does not depend on when this test asks).
     */
    private static double awaitCheckpointAfter(Path dir, RestClusterClient<?> c, JobID job, long wallMs)
            throws InterruptedException {
        awaitCondition(dir, () -> firstCheckpointAfter(c, job, wallMs).isPresent(), () -> "a checkpoint of " + job + " after the fault");
        return (firstCheckpointAfter(c, job, wallMs).getAsLong() - wallMs) / 1e3;
    }

    /** Completion time (epoch ms) of the first completed checkpoint triggered after {@code wallMs}. */
    private static java.util.OptionalLong firstCheckpointAfter(RestClusterClient<?> c, JobID job, long wallMs) {
        return checkpoints(c, job).getHistory().stream()
                .filter(h -> h.getStatus() == org.apache.flink.runtime.checkpoint.CheckpointStatsStatus.COMPLETED
                        && h.getTriggerTimestamp() >= wallMs)
                .mapToLong(h -> h.getTriggerTimestamp() + h.getDuration()).min();
    }

    /** Waits until every task of the job runs; returns System.nanoTime() then. */
    private static long awaitTasksRunning(Path dir, RestClusterClient<?> c, JobID job) throws InterruptedException {
        return awaitCondition(dir, () -> {
            JobDetailsInfo d = FlinkRest.await(c.getJobDetails(job), "get job details");
            return d.getJobStatus() == JobStatus.RUNNING && d.getJobVertexInfos().stream()
                    .allMatch(v -> v.getExecutionState() == ExecutionState.RUNNING);
        }, () -> "every task of job " + job + " to run");
    }

    /** Waits until the job's consumer group has committed at least {@code offsets}. */
    private static void awaitCommitted(Path dir, JobID job, Map<TopicPartition, Long> offsets, String what)
            throws InterruptedException {
        String bootstrap = bootstrapOf(dir);
        awaitCondition(dir, () -> committedUpTo(bootstrap, offsets), () -> "the job " + job + " to commit " + what + " "
                + new TreeMap<>(offsets.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)))
                + " (now " + TestTopics.groupOffsets(bootstrap, JobConfig.DEFAULT_GROUP_ID) + ")");
    }

    private static boolean committedUpTo(String bootstrap, Map<TopicPartition, Long> offsets) {
        return committedUpTo(bootstrap, JobConfig.DEFAULT_GROUP_ID, offsets);
    }

    private static boolean committedUpTo(String bootstrap, String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> group = TestTopics.groupOffsets(bootstrap, groupId);
        return offsets.entrySet().stream().allMatch(e -> group.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static boolean committedUpTo(org.apache.kafka.clients.admin.Admin admin, Map<TopicPartition, Long> offsets) {
        try {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> group = admin
                    .listConsumerGroupOffsets(JobConfig.DEFAULT_GROUP_ID).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().allMatch(e -> group.get(e.getKey()) != null
                    && group.get(e.getKey()).offset() >= e.getValue());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the group's offsets: " + e, e);
        }
    }

    /** True when partition 0 of {@code topic} holds records of a transaction not yet committed or aborted. */
    private static boolean openTransaction(org.apache.kafka.clients.admin.Admin admin, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try {
            long stable = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp)
                    .get(30, TimeUnit.SECONDS).offset();
            long written = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).partitionResult(tp)
                    .get(30, TimeUnit.SECONDS).offset();
            return written > stable;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the offsets of " + tp + ": " + e, e);
        }
    }

    private static boolean allInSync(String bootstrap) {
        try {
            return TestTopics.describe(bootstrap, peerWatchAndInternalTopics(bootstrap)).values().stream().flatMap(List::stream)
                    .allMatch(p -> p.isr().size() == BROKERS);
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /**
     * Waits for the job to have processed and committed everything: the suppression operator's
     * input watermark past the end-of-replay records, then two more completed checkpoints (the
     * first may have started before), then the group offsets at the input end offsets.
     */
    private static void awaitEverythingCommitted(Path dir, RestClusterClient<?> c, JobID job, String bootstrap, String group,
            long endOfReplay) throws InterruptedException {
        // derived flows' watermarks hold back by the flow idle timeout too; a day is far more
        long mark = endOfReplay - Duration.ofDays(1).toMillis();
        awaitCondition(dir, () -> minInputWatermark(c, job, "notice-suppression") >= mark,
                () -> "the suppression operator's input watermark to reach " + mark + " (now "
                        + minInputWatermark(c, job, "notice-suppression") + ")");
        long completed = checkpoints(c, job).getCounts().getNumberCompletedCheckpoints();
        awaitCondition(dir, () -> checkpoints(c, job).getCounts().getNumberCompletedCheckpoints() >= completed + 2,
                () -> "two more checkpoints");
        Map<TopicPartition, Long> inputEnd = TestTopics.endOffsets(bootstrap, inputTopics());
        awaitCondition(dir, () -> committedUpTo(bootstrap, group, inputEnd), () -> "group " + group + " to commit the end of the input");
    }

    /** Polls {@code done} until it holds; fails with the cluster's logs after {@link #STEP_GUARD}. Returns System.nanoTime() when it held. */
    private static long awaitCondition(Path dir, Supplier<Boolean> done, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_GUARD.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = done.get();
            } catch (IllegalStateException unavailable) {
                ok = false; // a REST call or Kafka request during a fault: ask again
            }
            if (ok) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                LocalCluster c = LocalCluster.at(dir);
                throw new AssertionError("gave up after " + STEP_GUARD.toMinutes() + " min waiting for " + what.get() + "\n"
                        + Logs.tails(c.layout(), List.copyOf(c.processes().keySet())));
            }
            Thread.sleep(POLL.toMillis()); // poll interval; the condition is the synchronisation
        }
    }

    private static String bootstrapOf(Path dir) {
        return LocalCluster.at(dir).state().orElseThrow().bootstrap();
    }

    private static CheckpointingStatistics checkpoints(RestClusterClient<?> c, JobID job) {
        JobMessageParameters p = CheckpointingStatisticsHeaders.getInstance().getUnresolvedMessageParameters();
        p.jobPathParameter.resolve(job);
        return FlinkRest.await(c.sendRequest(CheckpointingStatisticsHeaders.getInstance(), p, EmptyRequestBody.getInstance()),
                "get checkpoint statistics");
    }

    /** Lowest input watermark over the subtasks of the vertex whose name contains {@code namePart}; MIN until all report. */
    private static long minInputWatermark(RestClusterClient<?> c, JobID job, String namePart) {
        JobDetailsInfo details = FlinkRest.await(c.getJobDetails(job), "get job details");
        JobDetailsInfo.JobVertexDetailsInfo v = details.getJobVertexInfos().stream()
                .filter(x -> x.getName().contains(namePart)).findFirst().orElseThrow();
        JobVertexMessageParameters p = JobVertexWatermarksHeaders.INSTANCE.getUnresolvedMessageParameters();
        p.jobPathParameter.resolve(job);
        p.jobVertexIdPathParameter.resolve(v.getJobVertexID());
        List<Long> marks = FlinkRest.await(c.sendRequest(JobVertexWatermarksHeaders.INSTANCE, p, EmptyRequestBody.getInstance()),
                "get watermarks").getMetrics().stream().filter(x -> x.getId().endsWith("currentInputWatermark"))
                .map(Metric::getValue).map(Long::parseLong).toList();
        return marks.size() < v.getParallelism() ? Long.MIN_VALUE : marks.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static List<String> vertexNames(Path dir, JobID job) {
        try (FlinkRest rest = FlinkRest.connect(LocalCluster.at(dir).state().orElseThrow().restPort())) {
            return FlinkRest.await(rest.client().getJobDetails(job), "get job details").getJobVertexInfos().stream()
                    .map(JobDetailsInfo.JobVertexDetailsInfo::getName).toList();
        }
    }

    /** TaskManagers registered with the JobManager. */
    private static int taskManagers(RestClusterClient<?> c) {
        ClusterOverviewWithVersion o = FlinkRest.await(c.getClusterOverview(), "get the cluster overview");
        return o.getNumTaskManagersConnected();
    }

    // ---------------------------------------------------------------------------------- input

    private static List<String> inputTopics() {
        return List.of(Topics.FLOWS, Topics.PROXY, Topics.PACKETS);
    }

    /** Every PeerWatch topic with three replicas: inputs with two partitions, outputs with one (as the job creates them). */
    private static void createTopics(String bootstrap) {
        io.peerwatch.kafka.LocalKafka.createTopics(bootstrap, inputTopics(), PARTITIONS, BROKERS);
        io.peerwatch.kafka.LocalKafka.createTopics(bootstrap, List.of(Topics.ALERTS, Topics.ALERTS_JSON, Topics.ALERTS_CEF,
                Topics.DEADLETTER), 1, BROKERS);
    }

    private static List<String> peerWatchAndInternalTopics(String bootstrap) {
        return TestTopics.topics(bootstrap).stream().filter(t -> t.startsWith("peerwatch.") || t.startsWith("__")).sorted().toList();
    }

    private static void assertEveryPeerWatchTopicHasThreeReplicas(String bootstrap) {
        List<String> topics = peerWatchAndInternalTopics(bootstrap);
        assertThat(topics).contains(Topics.FLOWS, Topics.PROXY, Topics.PACKETS, Topics.ALERTS, Topics.ALERTS_JSON,
                Topics.DEADLETTER, "__consumer_offsets", "__transaction_state");
        TestTopics.describe(bootstrap, topics).forEach((t, ps) -> assertThat(ps).as("partitions of %s", t)
                .allSatisfy(p -> assertThat(p.replicas()).as("replicas of %s-%d", t, p.partition()).hasSize(BROKERS)));
    }

    /**
     * The labelled event set, each list in event-time order.
     *
     * @param shiftMs event-time distance between two copies: whole days, beyond the set's span
     */
    private record LabSet(List<FlowRecord> flows, List<ProxyLine> proxy, List<PacketEvent> packets, long lastMs, long shiftMs) {

        static LabSet load() throws Exception {
            List<FlowRecord> flows = new ArrayList<>();
            try (FlowFileReader r = FlowFiles.open(Corpus.lab("netflow/export-netflow-v9-s1.pcap"))) {
                for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                    flows.add(f.get());
                }
            }
            flows.sort(Comparator.comparingLong(FlowRecord::endMs)); // a flow record's event time is its end
            List<ProxyLine> proxy = new ArrayList<>();
            for (String scenario : List.of("http-tunnel", "benign-proxy")) {
                Path log = Corpus.lab(scenario + "/squid-access-native.log");
                List<String> lines = Files.readAllLines(log);
                ProxyLogParser parser = ProxyLogFormat.detect(lines).orElseThrow().newParser();
                String name = log.getFileName().toString();
                for (int i = 0; i < lines.size(); i++) {
                    int line = i + 1;
                    parser.parse(lines.get(i), name, line).ifPresent(r -> proxy.add(new ProxyLine(r, name, line)));
                }
            }
            proxy.sort(Comparator.comparingLong(l -> l.record().timestampMs()));
            List<PacketEvent> packets = new ArrayList<>();
            for (String capture : List.of("bittorrent/bt-tcp-plain-transmission-s1.pcap", "icmp-tunnel/icmp-ptunnel-ng-s1.pcap")) {
                for (FileSplit<PacketEvent> split : FileInputSource.packets(List.of(Corpus.lab(capture))).splits()) {
                    @SuppressWarnings("unchecked")
                    FileRecordIterator<PacketEvent> it = (FileRecordIterator<PacketEvent>) FileRecordIterator.open(split);
                    while (it.hasNext()) { // reads to the end, which closes the file
                        Either<PacketEvent, DeadLetter> e = it.next();
                        assertThat(e.isLeft()).as("no dead letters from a lab capture").isTrue();
                        packets.add(e.left());
                    }
                }
            }
            packets.sort(Comparator.comparingLong(PacketEvent::timestampNanos)); // stable: a flow's packets keep their order
            assertThat(flows).as("flow records").hasSize(97);
            assertThat(proxy).as("proxy records").hasSize(33);
            assertThat(packets).as("packet events").isNotEmpty();
            long first = Math.min(flows.get(0).startMs(), Math.min(proxy.get(0).record().timestampMs(), packets.get(0).timestampMs()));
            long last = Math.max(flows.get(flows.size() - 1).endMs(), Math.max(proxy.get(proxy.size() - 1).record().timestampMs(),
                    packets.get(packets.size() - 1).timestampMs()));
            long day = Duration.ofDays(1).toMillis();
            long shift = ((last - first + COPY_GAP.toMillis()) / day + 1) * day;
            return new LabSet(flows, proxy, packets, last, shift);
        }
    }

    private record ProxyLine(ProxyRecord record, String source, int line) {
    }

    /**
     * Writes copy {@code k} (every record {@code k} shifts later): flow and proxy records
     * alternately to the partitions, packet events keyed by their flow (as the packet sensor
     * writes them, so a flow's packets stay in order). Returns the input end offsets after it.
     */
    private Map<TopicPartition, Long> replay(String bootstrap, LabSet lab, int k) {
        long shiftMs = k * lab.shiftMs();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int i = 0;
        for (FlowRecord f : lab.flows()) {
            FlowRecord s = f.toBuilder().time(f.startMs() + shiftMs, f.endMs() + shiftMs).build();
            records.add(new ProducerRecord<>(Topics.FLOWS, i++ % PARTITIONS, null, TopicCodec.flows().encode(s)));
        }
        for (ProxyLine l : lab.proxy()) {
            ProxyRecord s = l.record().toBuilder().timestampMs(l.record().timestampMs() + shiftMs).build();
            records.add(new ProducerRecord<>(Topics.PROXY, i++ % PARTITIONS, null, TopicCodec.encodeProxy(s, l.source(), l.line())));
        }
        for (PacketEvent p : lab.packets()) {
            PacketEvent s = p.toBuilder().timestampNanos(p.timestampNanos() + shiftMs * 1_000_000L)
                    .addresses(otherHosts(p.src(), k), otherHosts(p.dst(), k)).build();
            byte[] key = CanonicalFlowKey.of(s).toBytes();
            records.add(new ProducerRecord<>(Topics.PACKETS, Math.floorMod(CanonicalFlowKey.of(s).hashCode(), PARTITIONS), key,
                    TopicCodec.packets().encode(s)));
        }
        TestTopics.produce(bootstrap, records);
        out.printf("faults: wrote copy %d (%d records)%n", k, records.size());
        return TestTopics.endOffsets(bootstrap, inputTopics());
    }

    /**
     * The address of copy {@code k}: the third octet of an IPv4 address moved by 16 per copy, which
     * keeps a private or lab address private and a public one public (those ranges are told by
     * the first two octets). Each copy's packets thus have flows of their own: the flow inspection
     * ends a flow whose 5-tuple comes back after its idle timeout either on the returning packet or
     * on its timer, whichever comes first, and which one does depends on how the input is paced
     * (see docs/RELIABILITY.md).
     */
    private static IpAddress otherHosts(IpAddress a, int k) {
        if (!a.isV4() || k == 0) {
            return a;
        }
        byte[] b = a.toBytes();
        b[2] = (byte) ((b[2] & 0xff) + 16 * k);
        return IpAddress.of(b);
    }

    /**
     * Harmless records in every input partition, {@link #END_OF_REPLAY_AFTER} after the last
     * copy, that move event time past every window and timer of the replay. The flows the job
     * derives from packets carry their own watermark per flow-inspection subtask, which only moves
     * when a packet flow ends there: one-packet flows between {@link #MARK_FLOWS} host pairs (so
     * that every subtask gets some, whatever the key distribution), ended by a packet a day later.
     *
     * @return the event time every input's watermark passes (less the out-of-orderness)
     */
    private static long endOfReplay(String bootstrap, LabSet lab) {
        long end = lab.lastMs() + (COPIES - 1) * lab.shiftMs() + END_OF_REPLAY_AFTER.toMillis();
        FlowRecord flowMark = FlowRecord.builder().time(end - 1_000, end)
                .src(IpAddress.parse("203.0.113.1"), 443).dst(IpAddress.parse("203.0.113.2"), 50_000)
                .ipProtocol(6).counters(2, 120).build();
        ProxyRecord proxyMark = ProxyRecord.builder(end, IpAddress.parse("203.0.113.9"), "GET", "http://end-of-replay.test/")
                .host("end-of-replay.test").port(80).status(200).bytesToClient(300).contentType("text/html").build();
        List<ProducerRecord<byte[], byte[]>> marks = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            marks.add(new ProducerRecord<>(Topics.FLOWS, p, null, TopicCodec.flows().encode(flowMark)));
            marks.add(new ProducerRecord<>(Topics.PROXY, p, null, TopicCodec.encodeProxy(proxyMark, "end-of-replay", p)));
            for (int i = 0; i < MARK_FLOWS; i++) {
                marks.add(new ProducerRecord<>(Topics.PACKETS, p, null, TopicCodec.packets().encode(
                        packetMark(end, 10 + p * MARK_FLOWS + i))));
            }
            marks.add(new ProducerRecord<>(Topics.PACKETS, p, null, TopicCodec.packets().encode(
                    packetMark(end + Duration.ofDays(1).toMillis(), 9))));
        }
        TestTopics.produce(bootstrap, marks);
        return end;
    }

    /** Host pairs of one-packet end-of-replay flows per input partition. */
    private static final int MARK_FLOWS = 16;

    /** A lone TCP ACK from 203.0.113.{@code host} to 203.0.113.{@code host + 100} at {@code atMs}: harmless. */
    private static PacketEvent packetMark(long atMs, int host) {
        return PacketEvent.builder().timestampNanos(atMs * 1_000_000L)
                .addresses(IpAddress.parse("203.0.113." + host), IpAddress.parse("203.0.113." + (host + 100))).ports(443, 50_000)
                .ipProtocol(6).tcpFlags(0x10).lengths(60, 40, 0).build();
    }

    // ---------------------------------------------------------------------------------- reference and checks

    /** Every copy gives the lab's labelled alerts (the proxy logs', the export's, the captures'), the same in each copy. */
    private static void assertLabAlertsInEveryCopy(List<Alert> alerts, LabSet lab) {
        Map<Long, Map<AlertType, Long>> perCopy = perCopy(alerts, lab);
        assertThat(perCopy).as("alerts per copy").hasSize(COPIES);
        assertThat(perCopy.get(0L)).as("alerts of copy 0").containsKeys(AlertType.NONSTANDARD_CONNECT, AlertType.HTTP_TUNNEL,
                AlertType.LARGE_MEDIA_DOWNLOAD, AlertType.BLACKLISTED_HOST, AlertType.P2P_BEHAVIOUR, AlertType.P2P_PORT_ACTIVITY);
        assertThat(perCopy.values()).as("every copy gives the alerts of the first").allSatisfy(m -> assertThat(m)
                .isEqualTo(perCopy.get(0L)));
    }

    private static Map<Long, Map<AlertType, Long>> perCopy(List<Alert> alerts, LabSet lab) {
        return alerts.stream().filter(a -> !a.host().toString().startsWith("203.0.113."))
                .collect(Collectors.groupingBy(a -> copyOf(a, lab), TreeMap::new,
                        Collectors.groupingBy(Alert::type, TreeMap::new, Collectors.counting())));
    }

    private static long copyOf(Alert a, LabSet lab) {
        return Math.max(0, (a.windowStartMs() - (lab.lastMs() - lab.shiftMs())) / lab.shiftMs());
    }

    private static List<Alert> alerts(String bootstrap, String topic) {
        return TestTopics.readCommitted(bootstrap, topic).stream().map(r -> TopicCodec.alerts().decode(r.value())).toList();
    }

    /** Alert identities, sorted: type, host and id. */
    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(a -> a.type() + " " + a.host() + " " + a.id()).sorted().toList();
    }

    private static Map<AlertType, Long> byType(List<Alert> alerts) {
        return alerts.stream().collect(Collectors.groupingBy(Alert::type, TreeMap::new, Collectors.counting()));
    }

    private static String digest(List<String> ids) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ids.forEach(id -> md.update((id + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(md.digest());
    }

    /** Every process on this machine whose command line says it belongs to the cluster in {@code dir}. */
    private static List<Long> processesOf(Path dir) {
        String marker = "-D" + Daemons.MARKER + "=";
        String suffix = "@" + new ClusterLayout(dir).root();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(h -> {
            try {
                String cmd = Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ');
                return cmd.contains(marker) && cmd.contains(suffix + " ");
            } catch (IOException | java.io.UncheckedIOException gone) {
                return false;
            }
        }).map(ProcessHandle::pid).toList();
    }

    /** The figures of this run, as a Markdown table for docs/RELIABILITY.md. */
    private void writeResults(LabSet lab, List<Alert> alerts, String digest, double replayS) throws IOException {
        Path file = Path.of(System.getProperty("faults.results", "target/faults/fault-results.md"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder b = new StringBuilder();
        b.append("Fault run ").append(Instant.now()).append(": ").append(COPIES).append(" copies of ")
                .append(lab.flows().size()).append(" flow records, ").append(lab.proxy().size()).append(" proxy records, ")
                .append(lab.packets().size()).append(" packet events; ").append(alerts.size()).append(" alerts ")
                .append(byType(alerts)).append(", equal to the fault-free run, none lost, none duplicated; alert set sha256 ")
                .append(digest).append(String.format(java.util.Locale.ROOT, "; replay with faults %.0f s%n%n", replayS));
        b.append("| fault | input position | state at the fault | tasks running again | first checkpoint after | note |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Fault f : faults) {
            b.append(String.format(java.util.Locale.ROOT, "| %s | %s | %s | %.1f s | %.1f s | %s |%n", f.what(), f.where(), f.state(),
                    f.tasksRunningS(), f.checkpointS(), f.note()));
        }
        Files.writeString(file, b);
        out.println("faults: results in " + file.toAbsolutePath() + "\n" + b);
    }
}
