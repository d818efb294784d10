package io.peerwatch.bench.job;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes one input's fixed record set into its topic (2 partitions): deterministic content,
 * producer timestamps = now (Kafka's CreateTime is the time of writing, not the event time).
 */
final class Generator {

    /** Event time of the first copy: the lab corpus' own day, so every run writes the same bytes. */
    static final long START_MS = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    /** Partitions of every input topic. */
    static final int PARTITIONS = 2;

    private Generator() {
    }

    /** Writes the set and returns a RESULT line. */
    static String generate(String bootstrap, Path lab, String input, String topic, long records, double simMinutes,
            long hostSets) throws Exception {
        List<RecordSet.Track> tracks = Corpus.tracks(lab, input);
        long durationMs = (long) (simMinutes * 60_000);
        long stride = RecordSet.strideFor(tracks, records, durationMs);
        RecordSet set = new RecordSet(tracks, records, START_MS, stride,
                new RecordSet.HostPlan(Corpus.INTERNAL_HOSTS, hostSets, 0));
        try (Admin admin = Kafka.admin(bootstrap)) {
            Kafka.createTopics(admin, List.of(topic), PARTITIONS, Map.of());
        }
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback cb = (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                acked.incrementAndGet();
            }
        };
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long late = 0;
        long maxSeen = Long.MIN_VALUE;
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer(bootstrap, "bench-generator-" + input)) {
            while (set.hasNext()) {
                RecordSet.Out o = set.next();
                byte[] v = o.template().value(o.shiftMs(), o.addresses());
                byte[] k = o.template().key(o.addresses());
                long t = o.eventTimeMs();
                first = Math.min(first, t);
                last = Math.max(last, t);
                if (t < maxSeen) {
                    late++;
                }
                maxSeen = Math.max(maxSeen, t);
                bytes += v.length;
                p.send(new ProducerRecord<>(topic, k, v), cb);
                if (failure.get() != null) {
                    throw new IllegalStateException("producing to " + topic + " failed", failure.get());
                }
            }
            p.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed", failure.get());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (acked.get() != records) {
            throw new IllegalStateException(acked.get() + " of " + records + " records acknowledged");
        }
        return String.format(java.util.Locale.ROOT,
                "RESULT phase=generate input=%s topic=%s records=%d value_bytes=%d avg_value_bytes=%.0f copy_size=%d copies=%d"
                        + " stride_ms=%d host_sets=%s internal_hosts_per_copy=%d event_time_first=%s event_time_last=%s"
                        + " sim_minutes=%.1f out_of_order_records=%d write_seconds=%.1f files=%s",
                input, topic, records, bytes, (double) bytes / Math.max(1, records), RecordSet.copySize(tracks),
                set.copiesStarted(), stride, hostSets == 0 ? "per-copy" : Long.toString(hostSets),
                Corpus.INTERNAL_HOSTS.size(), Instant.ofEpochMilli(first), Instant.ofEpochMilli(last),
                (last - first) / 60_000.0, late, secs, String.join(",", Corpus.files(input)));
    }
}
