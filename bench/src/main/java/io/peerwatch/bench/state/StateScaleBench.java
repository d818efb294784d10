package io.peerwatch.bench.state;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.notice.Alert;
import io.peerwatch.schemas.TopicCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * State at scale (issue 14, item 5): the PeerWatch job with the RocksDB state backend (full
 * checkpoints) on an embedded MiniCluster, fed through its flow input (a Kafka topic on a local
 * broker in a child JVM) with flow records of N distinct internal hosts, for each N given. Every
 * record lies in the same minute of event time, so no window closes and the state holds every
 * host when the input has been read. Per N it reports: throughput (records read per second, from
 * the first record counted to the last, by the job's own {@code recordsIn} metric), then one
 * checkpoint triggered after the input was read: its full state size from Flink's checkpoint
 * statistics, that size per host, its duration (end to end), and the bytes on disk.
 *
 * <p>Usage: {@code StateScaleBench --hosts 10000,100000,1000000 [--records 1000000 | --records-per-host K]
 * [--parallelism 2]}: either the same record count for every N (records per host = records / N), or
 * the same records per host (records = K * N). Bounded by the record count; the machine's load is
 * printed with the figures.
 */
public final class StateScaleBench {

    /** Event time of every record: one minute (a Monday 10:00 UTC), no window closes. */
    private static final long T0 = 1_795_428_000_000L;
    private static final Duration DEADLINE = Duration.ofMinutes(20);

    private StateScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> hosts = List.of(10_000, 100_000, 1_000_000);
        long records = 1_000_000;
        long perHost = 0;
        int parallelism = 2;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--hosts" -> hosts = Stream.of(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--records" -> records = Long.parseLong(args[i + 1]);
                case "--records-per-host" -> perHost = Long.parseLong(args[i + 1]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("| hosts | records | records/host | throughput (records/s) | checkpoint state | per host"
                + " | checkpoint duration | on disk | load average (1 min) before, after |%n|---|---|---|---|---|---|---|---|---|%n");
        try (LocalKafka kafka = LocalKafka.start()) {
            for (int n : hosts) {
                long rec = perHost > 0 ? perHost * n : records;
                Result r = run(kafka, n, rec, parallelism);
                System.out.printf("| %,d | %,d | %.1f | %,.0f | %s | %,.0f B | %,d ms | %s | %.2f, %.2f |%n", n, rec,
                        (double) rec / n, r.throughput(), mb(r.stateBytes()), (double) r.stateBytes() / n,
                        r.checkpointMs(), mb(r.diskBytes()), r.loadBefore(), r.loadAfter());
            }
        }
    }

    private record Result(double throughput, long stateBytes, long checkpointMs, long diskBytes, double loadBefore,
            double loadAfter) {
    }

    private static Result run(LocalKafka kafka, int hosts, long records, int parallelism) throws Exception {
        String topic = "scale-" + hosts + "-" + System.nanoTime();
        kafka.createTopics(List.of(topic), parallelism);
        long tp = System.nanoTime();
        produce(kafka.bootstrapServers(), topic, hosts, records);
        System.err.printf("%,d hosts: %,d records written in %.1f s%n", hosts, records, (System.nanoTime() - tp) / 1e9);
        double loadBefore = load();

        Path chk = Files.createTempDirectory("pw-state-scale");
        Configuration c = LocalFlink.loopbackConfiguration();
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, chk.toUri().toString());
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false); // full: the size is the whole state
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
        c.setString("metrics.reporter.count.factory.class", CountingReporter.Factory.class.getName());
        CountingReporter.reset();
        MiniClusterConfiguration mcc = new MiniClusterConfiguration.Builder().setConfiguration(c)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build();
        try (MiniCluster mc = new MiniCluster(mcc)) {
            mc.start();
            JobConfig cfg = JobConfig.builder(kafka.bootstrapServers())
                    .topics(topic, topic + ".alerts", topic + ".alerts.json", topic + ".deadletter")
                    .groupId(topic)
                    .checkpointInterval(Duration.ofHours(1)) // only the checkpoint triggered below
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            PeerWatchJob job = new PeerWatchJob(cfg);
            job.configure(env);
            job.build(env, PeerWatchJob.Inputs.flows(KafkaConnectors.flowSource(cfg, false)),
                    new PeerWatchJob.Sinks(new DiscardingSink<Alert>(), new DiscardingSink<Alert>(),
                            new DiscardingSink<DeadLetter>()));
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName("state-scale-" + hosts);
            JobID id = mc.submitJob(graph).get().getJobID();

            long deadline = System.nanoTime() + DEADLINE.toNanos();
            long first = 0;
            long polls = 0;
            while (CountingReporter.recordsIn() < records) {
                if (first == 0 && CountingReporter.recordsIn() > 0) {
                    first = System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + CountingReporter.recordsIn() + " of " + records);
                }
                TimeUnit.MILLISECONDS.sleep(20); // poll interval; the count is the condition
                if (++polls % 500 == 0) {
                    System.err.printf("%,d hosts: %,d records read%n", hosts, CountingReporter.recordsIn());
                }
            }
            long last = System.nanoTime();
            System.err.printf("%,d hosts: input read; checkpoint%n", hosts);
            double throughput = records / ((last - first) / 1e9);

            mc.triggerCheckpoint(id).get(DEADLINE.toMinutes(), TimeUnit.MINUTES);
            CompletedCheckpointStats stats = mc.getExecutionGraph(id).get().getCheckpointStatsSnapshot().getHistory()
                    .getLatestCompletedCheckpoint();
            long disk = du(chk);
            mc.cancelJob(id).get();
            double loadAfter = load();
            deleteTree(chk);
            return new Result(throughput, stats.getStateSize(), stats.getEndToEndDuration(), disk, loadBefore, loadAfter);
        }
    }

    /** {@code records} flow records, host {@code i % hosts} (10.x.y.z) to one of 250 outside web servers. */
    private static void produce(String bootstrap, String topic, int hosts, long records) throws Exception {
        Map<String, Object> pc = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc)) {
            List<Future<?>> acks = new ArrayList<>();
            for (long j = 0; j < records; j++) {
                int h = (int) (j % hosts);
                long end = T0 + 1_000 + j * 50_000 / records; // all within [T0, T0 + 51 s)
                FlowRecord f = FlowRecord.builder().time(end - 1_000, end)
                        .src(IpAddress.of(new byte[] {10, (byte) (h >> 16), (byte) (h >> 8), (byte) h}), 49_152 + (int) (j % 16_000))
                        .dst(IpAddress.of(new byte[] {(byte) 203, 0, 113, (byte) (1 + j % 250)}), 443)
                        .ipProtocol(6).tcpFlags(0x1b).counters(10, 4_000).build();
                acks.add(p.send(new ProducerRecord<>(topic, TopicCodec.flows().encode(f))));
                if (acks.size() == 100_000) {
                    for (Future<?> a : acks) {
                        a.get();
                    }
                    acks.clear();
                }
            }
            for (Future<?> a : acks) {
                a.get();
            }
        }
    }

    private static double load() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private static long du(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
