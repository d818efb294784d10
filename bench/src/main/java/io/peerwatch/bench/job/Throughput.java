package io.peerwatch.bench.job;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Job throughput on one input: the job, started fresh with its own consumer group, reads the
 * whole topic; its progress is what its Kafka source commits (on every completed checkpoint),
 * polled every {@value #POLL_MS} ms. A checkpoint completes only after its barrier has passed
 * every operator, so "committed = end offsets" means every record went through the whole job.
 *
 * <ul>
 *   <li>start-up: launch until the first commit of an offset above 0 (JVM, MiniCluster, job
 *       graph, first checkpoint)</li>
 *   <li>steady rate: records committed between the first commit and the commit of the end
 *       offsets, over that time (both ends have the same checkpoint granularity)</li>
 *   <li>whole-run rate: all records over launch → end offsets committed</li>
 * </ul>
 */
final class Throughput {

    static final long POLL_MS = 100;
    /** A job that restarts this often is failing, not slow: the run stops with its last failure. */
    static final int MAX_RESTARTS = 3;

    /** Options of the job run, shared by every phase. */
    record JobSettings(Path repo, String label, String bootstrap, Map<String, String> inputTopics,
            String checkpointInterval, int parallelism) {

        /** The label as part of topic and group names. */
        String labelId() {
            return label.replaceAll("[^A-Za-z0-9._-]", "_");
        }
    }

    private Throughput() {
    }

    /** Output topics of one job run. */
    record Outputs(String alerts, String alertsJson, String deadLetters) {
        static Outputs of(String runId) {
            return new Outputs("bench.out." + runId + ".alerts", "bench.out." + runId + ".alerts.json",
                    "bench.out." + runId + ".deadletter");
        }

        List<String> all() {
            return List.of(alerts, alertsJson, deadLetters);
        }
    }

    /** The {@code peerwatch run} options of one job run (only options every version of the launcher has). */
    static List<String> options(JobSettings s, String input, String runId, Outputs out, List<String> extra) {
        List<String> o = new ArrayList<>(List.of(
                "--bootstrap", s.bootstrap(),
                "--inputs", input,
                "--group-id", "bench-job-" + runId,
                "--transactional-id-prefix", "bench-" + runId,
                "--checkpoint-interval", s.checkpointInterval(),
                "--parallelism", Integer.toString(s.parallelism()),
                "--flows-topic", s.inputTopics().get("flows"),
                "--proxy-topic", s.inputTopics().get("proxy"),
                "--packets-topic", s.inputTopics().get("packets"),
                "--alerts-topic", out.alerts(),
                "--alerts-json-topic", out.alertsJson(),
                "--deadletter-topic", out.deadLetters()));
        o.addAll(extra);
        return o;
    }

    /** Creates a run's output topics (1 partition, as the job would); the Avro alerts with LogAppendTime. */
    static void createOutputs(Admin admin, Outputs out) throws Exception {
        Kafka.createTopics(admin, List.of(out.alerts()), 1, Map.of("message.timestamp.type", "LogAppendTime"));
        Kafka.createTopics(admin, List.of(out.alertsJson(), out.deadLetters()), 1, Map.of());
    }

    static String run(JobSettings s, String input, String run, Path work, Duration timeout) throws Exception {
        String topic = s.inputTopics().get(input);
        String runId = input + "-" + run + "-" + s.labelId() + "-" + System.currentTimeMillis() / 1000;
        String group = "bench-job-" + runId;
        Outputs out = Outputs.of(runId);
        Map<TopicPartition, Long> end;
        try (Admin admin = Kafka.admin(s.bootstrap())) {
            end = Kafka.endOffsets(admin, topic);
            createOutputs(admin, out);
        }
        long total = Kafka.sum(end);
        String loadStart = Kafka.load();
        List<String> opts = options(s, input, runId, out, List.of());
        Path progress = work.resolve("progress-" + runId + ".csv");
        long tFirst = -1;
        long cFirst = 0;
        long tBelow = -1;
        long tDone = -1;
        double cpuFirst = -1;
        double cpuDone = -1;
        long tLaunch;
        FlinkRest rest = null;
        FlinkRest.Status status = FlinkRest.Status.UNKNOWN;
        int exit;
        long alerts;
        AlertSummary alertSummary;
        long alertsJson;
        long dead;
        String command;
        try (JobProcess job = JobProcess.start(s.repo(), opts, work, "job-" + runId);
                Admin admin = Kafka.admin(s.bootstrap());
                PrintWriter pw = new PrintWriter(Files.newBufferedWriter(progress))) {
            command = job.commandLine();
            tLaunch = job.startedNanos;
            System.err.println("job " + runId + ": pid " + job.pid() + ", " + total + " records on " + topic);
            pw.println("seconds_since_launch,committed,end");
            long deadline = job.startedNanos + timeout.toNanos();
            long next = System.nanoTime();
            long nextRest = next;
            while (true) {
                job.checkAlive("the throughput run on " + input);
                if (System.nanoTime() >= nextRest) { // diagnostics: is the job restarting?
                    nextRest = System.nanoTime() + 1_000_000_000L;
                    if (rest == null) {
                        rest = FlinkRest.find(job.pid()).orElse(null);
                    }
                    if (rest != null) {
                        FlinkRest.Status st = rest.status();
                        if (st.restarts() >= MAX_RESTARTS) {
                            throw new IllegalStateException("the job restarted " + st.restarts() + " times ("
                                    + st.checkpointsCompleted() + " checkpoints completed); its last failure: "
                                    + st.lastFailure());
                        }
                    }
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException("the job did not read all " + total + " records of " + topic + " in "
                            + timeout.toSeconds() + " s; last lines of its stderr:\n" + job.stderrTail(30));
                }
                Map<TopicPartition, Long> c = Kafka.committed(admin, group);
                long sum = 0;
                boolean all = true;
                for (var e : end.entrySet()) {
                    long v = c.getOrDefault(e.getKey(), 0L);
                    sum += v;
                    all &= v >= e.getValue();
                }
                long at = System.nanoTime();
                pw.printf(Locale.ROOT, "%.3f,%d,%d%n", (at - job.startedNanos) / 1e9, sum, total);
                if (sum > 0 && tFirst < 0) {
                    tFirst = at;
                    cFirst = sum;
                    cpuFirst = job.cpuSeconds();
                }
                if (all) {
                    tDone = at;
                    cpuDone = job.cpuSeconds();
                    break;
                }
                tBelow = at;
                next += POLL_MS * 1_000_000L;
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime())); // measurement polling interval
            }
            pw.flush();
            // Alerts: committed (visible to read_committed) once the job's next checkpoints complete.
            settle(s.bootstrap(), out.alerts(), job);
            List<byte[]> alertValues = Kafka.readAll(s.bootstrap(), out.alerts(), Duration.ofSeconds(60)).stream()
                    .map(r -> r.value()).toList();
            alerts = alertValues.size();
            alertSummary = AlertSummary.of(alertValues);
            settle(s.bootstrap(), out.alertsJson(), job); // a sink of its own, with its own transactions
            alertsJson = Kafka.countCommitted(s.bootstrap(), out.alertsJson(), Duration.ofSeconds(30));
            dead = Kafka.countCommitted(s.bootstrap(), out.deadLetters(), Duration.ofSeconds(30));
            if (rest == null) {
                rest = FlinkRest.find(job.pid()).orElse(null);
            }
            if (rest != null) {
                status = rest.status();
            }
            exit = job.stop();
        }
        String loadEnd = Kafka.load();
        double startup = (tFirst - tLaunch) / 1e9;
        double steady = (tDone - tFirst) / 1e9;
        double launchToDone = (tDone - tLaunch) / 1e9;
        double lastGap = tBelow < 0 ? 0 : (tDone - tBelow) / 1e9;
        double cpu = cpuFirst < 0 || cpuDone < 0 ? -1 : (cpuDone - cpuFirst) / Math.max(1e-9, steady);
        return String.format(Locale.ROOT,
                "RESULT phase=throughput input=%s job=%s run=%s records=%d job_rps=%.0f job_rps_from_launch=%.0f"
                        + " startup_s=%.2f steady_s=%.2f launch_to_done_s=%.2f records_at_first_commit=%d"
                        + " done_poll_gap_s=%.2f job_cpu_cores=%.2f job_cpu_s=%.1f alerts=%d alerts_json=%d deadletters=%d"
                        + " alert_types=%s alert_ids_sha256=%s exit_code=%d %s load_start=%s load_end=%s run_id=%s%nJOBCMD input=%s job=%s run=%s %s",
                input, s.labelId(), run, total, cFirst >= total ? -1.0 : (total - cFirst) / steady, total / launchToDone, startup, steady,
                launchToDone, cFirst, lastGap, cpu, cpu * steady, alerts, alertsJson, dead, alertSummary.types(), alertSummary.digest(), exit, status.fields(), loadStart, loadEnd, runId,
                input, s.labelId(), run,
                command);
    }

    /**
     * Waits until a transactional topic stops growing: its read_committed end offset unchanged
     * for 3 s (three 1 s checkpoints), at most 30 s.
     */
    static void settle(String bootstrap, String topic, JobProcess job) {
        try (KafkaConsumer<byte[], byte[]> c = Kafka.consumer(bootstrap)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            long last = -1;
            long since = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                job.checkAlive("waiting for the last alerts");
                long lso = Kafka.sum(c.endOffsets(parts, Duration.ofSeconds(20)));
                if (lso != last) {
                    last = lso;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since > Duration.ofSeconds(3).toNanos()) {
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos()); // measurement polling interval
            }
        }
    }
}
