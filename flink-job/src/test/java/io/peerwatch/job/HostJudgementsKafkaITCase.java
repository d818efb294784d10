package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.job.files.FileInputSource;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.job.testing.TopicIo;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.schemas.TopicCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-host judgements of the packet pipeline ({@code HostWindows}) end to end on real parts:
 * captures the project's lab made ({@code lab/captures}, see {@code lab/make-captures.sh}) as
 * packet events through a real Kafka broker into the job on a MiniCluster, alerts read back with
 * read_committed. Each capture is moved to its own day (all lab captures share the lab's
 * addresses), so every alert belongs to exactly one capture by its window start.
 */
class HostJudgementsKafkaITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(LocalFlink.loopbackConfiguration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Path LAB = Path.of("../lab/captures");
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long BASE = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    /** Alert types a tunnel or P2P judgement gives; none of them may come from a benign capture. */
    private static final Set<AlertType> JUDGEMENTS = EnumSet.of(AlertType.DNS_TUNNEL, AlertType.ICMP_TUNNEL,
            AlertType.P2P_CLIENT, AlertType.P2P_BEHAVIOUR, AlertType.P2P_PORT_ACTIVITY);

    /** Capture and the alert it must give (null: benign, no judgement at all), with its protocol for P2P_CLIENT. */
    private record Case(String capture, AlertType expected, String protocol) {
        Case(String capture, AlertType expected) {
            this(capture, expected, "");
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("dns-iodine-srv-mixed-lookups.pcap", AlertType.DNS_TUNNEL),
            new Case("dns-dns2tcp-txt-resolver.pcap", AlertType.DNS_TUNNEL),
            new Case("icmp-ptunnel-magic-auth-small.pcap", AlertType.ICMP_TUNNEL),
            new Case("icmp-ptunnel-y512-w8.pcap", AlertType.ICMP_TUNNEL),
            new Case("bt-mse-aria2-required-port40000.pcap", AlertType.P2P_CLIENT, "BitTorrent"),
            new Case("bt-mse-qbittorrent-required.pcap", AlertType.P2P_CLIENT, "BitTorrent"),
            // ADC over TLS between two clients, the connection opened either way (the other end's
            // hub session corroborates it in the first, the host's own in the second)
            new Case("dc-adcs-ncdc-prefer.pcap", AlertType.P2P_CLIENT, "DirectConnect"),
            new Case("dc-adcs-ncdc-passive-downloader.pcap", AlertType.P2P_CLIENT, "DirectConnect"),
            new Case("benign-dns-resolver.pcap", null),
            new Case("benign-ping-flood.pcap", null),
            new Case("benign-ping-windows-pattern.pcap", null),
            new Case("benign-https-download.pcap", null));

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
    void labTunnelsAndEncryptedP2pGiveTheirAlertsWithPerHostEvidenceAndBenignCapturesNone() throws Exception {
        JobConfig cfg = JobConfig.builder(kafka.bootstrapServers())
                .topics("it.hj.flows", "it.hj.alerts", "it.hj.alerts.json", "it.hj.deadletter")
                .packetsTopic("it.hj.packets")
                .groupId("it-hj-job")
                .transactionalIdPrefix("it-hj-" + System.nanoTime())
                .checkpointInterval(Duration.ofMillis(500))
                .build();
        // One partition: the sensor keys packets by their flow (CanonicalFlowKey), so a flow's
        // packets stay in order in one partition; values without keys spread over several
        // partitions would reorder a flow's handshake, which no sensor does.
        kafka.createTopics(List.of(cfg.packetsTopic()), 1);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            values.addAll(packets(LAB.resolve(CASES.get(i).capture()), BASE + i * DAY));
        }
        TopicIo.produce(kafka.bootstrapServers(), cfg.packetsTopic(), values, null);

        run(cfg, PeerWatchJob.Inputs.packets(KafkaConnectors.packetSource(cfg, true)));

        List<Alert> alerts = TopicIo.readCommitted(kafka.bootstrapServers(), cfg.alertsTopic()).stream()
                .map(r -> TopicCodec.alerts().decode(r.value())).toList();
        Map<Integer, List<Alert>> byCase = alerts.stream()
                .collect(Collectors.groupingBy(a -> (int) ((a.windowStartMs() - BASE) / DAY), TreeMap::new,
                        Collectors.toList()));
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            List<Alert> mine = byCase.getOrDefault(i, List.of());
            if (c.expected() == null) {
                assertThat(mine).as(c.capture()).noneMatch(a -> JUDGEMENTS.contains(a.type()));
                continue;
            }
            List<Alert> hits = mine.stream().filter(a -> a.type() == c.expected()).toList();
            assertThat(hits).as(c.capture() + ": " + mine).isNotEmpty();
            assertThat(hits).as(c.capture()).allSatisfy(a -> assertThat(a.host()).hasToString("198.18.100.10"));
            switch (c.expected()) {
                case DNS_TUNNEL -> assertThat(hits).as(c.capture()).anySatisfy(a -> {
                    assertThat(kinds(a)).contains("domain", "distinct-names", "encoded-names", "record-types",
                            "estimated-bytes");
                    assertThat(a.protocol()).contains("DNS_Tunnel");
                });
                case ICMP_TUNNEL -> assertThat(hits).as(c.capture())
                        .anySatisfy(a -> assertThat(a.evidence().toString()).contains("payload"));
                case P2P_CLIENT -> assertThat(hits).as(c.capture()).anySatisfy(a -> {
                    assertThat(a.protocol()).contains(c.protocol());
                    assertThat(a.evidence().toString()).contains("corroborated");
                });
                default -> throw new AssertionError(c);
            }
        }
    }

    private static List<String> kinds(Alert a) {
        return a.evidence().stream().map(Evidence::kind).toList();
    }

    /** The capture's packets as topic values, moved in time so that the first one is at {@code startMs}. */
    private static List<byte[]> packets(Path capture, long startMs) throws Exception {
        List<byte[]> out = new ArrayList<>();
        var it = FileInputSource.packets(List.of(capture)).splits().get(0).getIterator();
        long shift = Long.MIN_VALUE;
        while (it.hasNext()) {
            Either<PacketEvent, DeadLetter> e = it.next();
            assertThat(e.isLeft()).as("%s", e).isTrue();
            PacketEvent p = e.left();
            if (shift == Long.MIN_VALUE) {
                shift = startMs * 1_000_000L - p.timestampNanos();
            }
            out.add(TopicCodec.packets().encode(p.toBuilder().timestampNanos(p.timestampNanos() + shift).build()));
        }
        assertThat(out).as(capture.toString()).isNotEmpty();
        return out;
    }

    private static void run(JobConfig cfg, PeerWatchJob.Inputs inputs) throws Exception {
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
        env.execute("peerwatch-host-judgements-it");
    }
}
