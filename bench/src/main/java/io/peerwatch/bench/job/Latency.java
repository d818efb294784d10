package io.peerwatch.bench.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;

/**
 * Alert latency on the flow input: the job reads a fresh topic into which flow records are
 * written at a steady rate with event times = the wall clock (copies of the lab's flow set, one
 * after another, every copy on new internal hosts so that notice suppression never hides an
 * alert). For every alert of a window that lies inside the measured interval:
 *
 * <ul>
 *   <li>append latency = the alert's Kafka timestamp on the alerts topic (created with
 *       {@code message.timestamp.type=LogAppendTime}: the broker's clock when the job's
 *       transactional producer wrote it) − the alert's {@code window_end_ms}</li>
 *   <li>visible latency = when this process's read_committed consumer received it − the
 *       alert's {@code window_end_ms}: includes waiting for the checkpoint that commits the
 *       job's Kafka transaction</li>
 * </ul>
 *
 * Both include the job's out-of-orderness bound (a window closes when the watermark, max event
 * time − out-of-orderness, passes its end). One machine, one clock.
 */
final class Latency {

    private record Sample(long receivedMs, long kafkaTimestamp, TimestampType tsType, BenchRecords.AlertInfo alert) {
    }

    /** Records per second written while the job starts (before its first offset commit). */
    static final double STARTUP_RATE = 20;

    private Latency() {
    }

    static String run(Throughput.JobSettings s, Path lab, Path work, double rate, Duration warmup, Duration measure,
            Duration tail, String window, Duration startTimeout, int batchBytes) throws Exception {
        String loadStart = Kafka.load();
        String runId = "latency-" + s.labelId() + "-" + System.currentTimeMillis() / 1000;
        String topic = "bench.in." + runId + ".flows";
        Throughput.Outputs out = Throughput.Outputs.of(runId);
        try (Admin admin = Kafka.admin(s.bootstrap())) {
            Kafka.createTopics(admin, List.of(topic), Generator.PARTITIONS, Map.of());
            Throughput.createOutputs(admin, out);
        }
        List<RecordSet.Track> tracks = Corpus.tracks(lab, "flows");
        long maxRecords = (long) (rate * (startTimeout.toSeconds() + warmup.toSeconds() + measure.toSeconds()
                + tail.toSeconds() + 60));
        // Copies one after another (stride > a copy's span), each on new internal hosts.
        RecordSet set = new RecordSet(tracks, maxRecords, Generator.START_MS, RecordSet.copySpanMs(tracks) + 1,
                new RecordSet.HostPlan(Corpus.INTERNAL_HOSTS, 0, 0));

        Map<String, String> topics = new java.util.HashMap<>(s.inputTopics());
        topics.put("flows", topic);
        Throughput.JobSettings ls = new Throughput.JobSettings(s.repo(), s.label(), s.bootstrap(), topics, s.checkpointInterval(),
                s.parallelism());
        List<String> opts = Throughput.options(ls, "flows", runId, out, List.of("--window", window));

        List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> collectorFailure = new AtomicReference<>();
        Thread collector = new Thread(() -> collect(s.bootstrap(), out.alerts(), samples, stop, collectorFailure),
                "alert-collector");
        collector.setDaemon(true);
        collector.start();

        long sent = 0;
        long sentAtConsuming = 0;
        long sentMeasured = 0;
        FlinkRest.Status status = FlinkRest.Status.UNKNOWN;
        long mStartMs = -1;
        long mEndMs = -1;
        double startup = -1;
        long lagAtEnd;
        String group = "bench-job-" + runId;
        try (JobProcess job = JobProcess.start(s.repo(), opts, work, "job-" + runId);
                Admin admin = Kafka.admin(s.bootstrap());
                KafkaProducer<byte[], byte[]> producer = Kafka.producer(s.bootstrap(), "bench-latency-producer", batchBytes)) {
            System.err.println("latency run " + runId + ": job pid " + job.pid() + ", " + rate + " flow records/s into "
                    + topic + ", window " + window);
            long t0 = System.nanoTime();
            long consumingAt = -1;
            long nextCheck = t0;
            FlinkRest rest = null;
            long nextRest = t0;
            long endNanos = Long.MAX_VALUE;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextCheck) { // measurement polling: is the job alive and consuming?
                    job.checkAlive("the latency run");
                    if (collectorFailure.get() != null) {
                        throw new IllegalStateException("alert collector failed", collectorFailure.get());
                    }
                    if (consumingAt < 0) {
                        if (Kafka.sum(Kafka.committed(admin, group)) > 0) {
                            consumingAt = System.nanoTime();
                            sentAtConsuming = sent;
                            startup = (consumingAt - job.startedNanos) / 1e9;
                            long ms = System.currentTimeMillis();
                            mStartMs = ms + warmup.toMillis();
                            mEndMs = mStartMs + measure.toMillis();
                            endNanos = consumingAt + warmup.toNanos() + measure.toNanos() + tail.toNanos();
                        } else if (now - job.startedNanos > startTimeout.toNanos()) {
                            throw new IllegalStateException("the job committed no offset within " + startTimeout.toSeconds()
                                    + " s; last lines of its stderr:\n" + job.stderrTail(30));
                        }
                    }
                    nextCheck = now + 500_000_000L;
                }
                if (now >= nextRest) { // diagnostics (restarts), every 5 s
                    nextRest = now + 5_000_000_000L;
                    if (rest == null) {
                        rest = FlinkRest.find(job.pid()).orElse(null);
                    }
                    if (rest != null) {
                        status = rest.status();
                        if (status.restarts() >= Throughput.MAX_RESTARTS) {
                            throw new IllegalStateException("the job restarted " + status.restarts()
                                    + " times; its last failure: " + status.lastFailure());
                        }
                    }
                }
                if (now >= endNanos) {
                    break;
                }
                // Until the job consumes, only a trickle (so it does not start with a backlog), then the full rate.
                long due = consumingAt < 0 ? (long) (Math.min(rate, STARTUP_RATE) * (now - t0) / 1e9)
                        : sentAtConsuming + (long) (rate * (now - consumingAt) / 1e9);
                while (sent < due) {
                    RecordSet.Out o = set.next();
                    long wall = System.currentTimeMillis();
                    byte[] v = o.template().value(wall - o.template().timeMs(), o.addresses());
                    producer.send(new ProducerRecord<>(topic, o.template().key(o.addresses()), v));
                    sent++;
                    if (mStartMs >= 0 && wall >= mStartMs && wall < mEndMs) {
                        sentMeasured++;
                    }
                }
                LockSupport.parkNanos(1_000_000L); // pacing of the producer
            }
            producer.flush();
            Map<TopicPartition, Long> end;
            end = Kafka.endOffsets(admin, topic);
            lagAtEnd = Kafka.sum(end) - Kafka.sum(Kafka.committed(admin, group));
            stop.set(true);
            collector.join(10_000);
            if (rest != null) {
                status = rest.status();
            }
            job.stop();
        } finally {
            stop.set(true);
        }

        Histogram append = new Histogram(3_600_000L, 3);
        Histogram visible = new Histogram(3_600_000L, 3);
        Map<String, Integer> types = new TreeMap<>();
        long negative = 0;
        long total;
        TimestampType tsType = null;
        synchronized (samples) {
            total = samples.size();
            for (Sample x : samples) {
                BenchRecords.AlertInfo a = x.alert();
                if (a.windowStartMs() < mStartMs || a.windowEndMs() > mEndMs) {
                    continue;
                }
                types.merge(a.type(), 1, Integer::sum);
                tsType = x.tsType();
                long ap = x.kafkaTimestamp() - a.windowEndMs();
                long vi = x.receivedMs() - a.windowEndMs();
                if (ap < 0 || vi < 0) {
                    negative++;
                }
                append.recordValue(Math.max(0, ap));
                visible.recordValue(Math.max(0, vi));
            }
        }
        return String.format(Locale.ROOT,
                "RESULT phase=latency input=flows job=%s rate=%.0f producer_batch_bytes=%d window=%s checkpoint_interval=%s warmup_s=%d measure_s=%d"
                        + " tail_s=%d startup_s=%.2f records_sent=%d records_sent_measured=%d lag_at_end=%d alerts_total=%d"
                        + " samples=%d types=%s timestamp_type=%s negative=%d"
                        + " append_p50_ms=%d append_p99_ms=%d append_max_ms=%d append_mean_ms=%.0f"
                        + " visible_p50_ms=%d visible_p99_ms=%d visible_max_ms=%d visible_mean_ms=%.0f %s"
                        + " load_start=%s load_end=%s run_id=%s",
                s.labelId(), rate, batchBytes, window, s.checkpointInterval(), warmup.toSeconds(), measure.toSeconds(), tail.toSeconds(), startup,
                sent, sentMeasured, lagAtEnd, total, append.getTotalCount(), types.toString().replace(" ", ""),
                tsType, negative,
                append.getValueAtPercentile(50), append.getValueAtPercentile(99), append.getMaxValue(), append.getMean(),
                visible.getValueAtPercentile(50), visible.getValueAtPercentile(99), visible.getMaxValue(),
                visible.getMean(), status.fields(), loadStart, Kafka.load(), runId);
    }

    /** Reads the alerts topic (read_committed) from the beginning until told to stop. */
    private static void collect(String bootstrap, String topic, List<Sample> samples, AtomicBoolean stop,
            AtomicReference<Throwable> failure) {
        try (KafkaConsumer<byte[], byte[]> c = Kafka.consumer(bootstrap)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    samples.add(new Sample(now, r.timestamp(), r.timestampType(), BenchRecords.alert(r.value())));
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }
}
