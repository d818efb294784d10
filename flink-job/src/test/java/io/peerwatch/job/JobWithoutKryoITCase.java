package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.job.files.FileInputSource;
import io.peerwatch.job.testing.FailOnceAfterCheckpoint;
import io.peerwatch.notice.Alert;
import io.peerwatch.testing.Corpus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job with Kryo switched off ({@code pipeline.generic-types: false}: any type on the
 * path without its own serializer fails the job), through a checkpoint and a restore: the lab's
 * NetFlow export and Squid logs are read from files, every reader waits at the end of its input
 * for a checkpoint (so it holds every window, meter and suppression state), one reader then fails
 * and the job restarts from that checkpoint. The alerts are exactly those of a plain run without
 * checkpoints, failure or restrictions, and the expected ones.
 */
class JobWithoutKryoITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(LocalFlink.loopbackConfiguration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());

    /**
     * Small quotas so that the lab logs also give VOLUME_QUOTA alerts (volume state in the
     * checkpoint). An out-of-orderness of a day: the lab export's flows arrive up to 17 minutes
     * out of event-time order and the files are read in any order, so with the default 5 s which
     * records come too late would depend on when periodic watermarks happen to be emitted; with
     * a day none is late and both runs see every record.
     */
    private static final JobConfig CONFIG = JobConfig.builder("none:0")
            .quotas(1_000_000, 2_000_000)
            .outOfOrderness(Duration.ofDays(1))
            .checkpointInterval(Duration.ofMillis(200))
            .build();

    /**
     * The job's inputs, all three: the lab's NetFlow v9 export, two Squid logs and a BitTorrent
     * capture (packet events: the packet operator's keyed state is the library's flow state).
     */
    private static PeerWatchJob.Inputs inputs(UnaryOperator<Source<?, ?, ?>> wrap) {
        return new PeerWatchJob.Inputs(
                Optional.of(cast(wrap.apply(FileInputSource.flows(List.of(Corpus.lab("netflow/export-netflow-v9-s1.pcap")))))),
                Optional.of(cast(wrap.apply(FileInputSource.proxy(List.of(Corpus.lab("http-tunnel/squid-access-native.log"),
                        Corpus.lab("benign-proxy/squid-access-combined.log")), "auto")))),
                Optional.of(cast(wrap.apply(FileInputSource.packets(
                        List.of(Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap")))))));
    }

    @SuppressWarnings("unchecked")
    private static <T> Source<Either<T, DeadLetter>, ?, ?> cast(Source<?, ?, ?> s) {
        return (Source<Either<T, DeadLetter>, ?, ?>) s;
    }

    /** Runs the job and collects its alerts (exactly once: the collect sink is checkpointed too). */
    private static List<Alert> run(StreamExecutionEnvironment env, PeerWatchJob.Inputs inputs) throws Exception {
        env.setParallelism(PARALLELISM);
        PeerWatchJob.Streams st = new PeerWatchJob(CONFIG).streams(env, inputs);
        DataStream<Alert> alerts = st.alerts();
        List<Alert> out = new ArrayList<>();
        try (CloseableIterator<Alert> it = alerts.executeAndCollect("no-kryo")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** Alerts by (type, host, window start, identifier): what must be the same in both runs. */
    private static Map<String, Long> keys(List<Alert> alerts) {
        Map<String, Long> m = new TreeMap<>();
        alerts.forEach(a -> m.merge(a.type() + " " + a.host() + " " + a.windowStartMs() + " " + a.identifier(), 1L,
                Long::sum));
        return m;
    }

    @Test
    void theJobRunsWithGenericTypesDisabledThroughACheckpointAndARestoreAndLosesNothing() throws Exception {
        List<Alert> plain = run(StreamExecutionEnvironment.getExecutionEnvironment(), inputs(s -> s));

        String runId = "no-kryo-" + UUID.randomUUID();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        env.configure(c);
        new PeerWatchJob(CONFIG).configure(env);
        List<Alert> restored = run(env, inputs(s -> FailOnceAfterCheckpoint.wrap(s, runId)));

        assertThat(FailOnceAfterCheckpoint.failures(runId)).as("the job failed once after a checkpoint").isEqualTo(1);
        assertThat(keys(restored)).as("alerts after the restore").isEqualTo(keys(plain));
        assertThat(restored).hasSameSizeAs(plain);

        Map<AlertType, List<String>> hosts = new TreeMap<>();
        restored.forEach(a -> hosts.computeIfAbsent(a.type(), t -> new ArrayList<>()).add(a.host().toString()));
        assertThat(hosts.get(AlertType.P2P_BEHAVIOUR)).as("BitTorrent seeder and leecher, by behaviour")
                .contains("198.18.1.11", "198.18.1.12");
        assertThat(hosts.get(AlertType.P2P_PORT_ACTIVITY)).contains("198.18.1.12");
        assertThat(hosts.get(AlertType.NONSTANDARD_CONNECT)).hasSize(2);
        assertThat(hosts).containsKeys(AlertType.HTTP_TUNNEL, AlertType.LARGE_MEDIA_DOWNLOAD, AlertType.VOLUME_QUOTA,
                AlertType.P2P_CLIENT);
        assertThat(hosts.values().stream().flatMap(List::stream)).as("the proxy and the web server are never flagged")
                .doesNotContain("198.18.1.20", "198.18.1.30");
    }
}
