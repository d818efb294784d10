package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.job.kafka.KafkaConnectors;
import io.peerwatch.job.syslog.SyslogConfig;
import io.peerwatch.job.syslog.SyslogSink;
import io.peerwatch.job.testing.CefParser;
import io.peerwatch.job.testing.SyslogListener;
import io.peerwatch.job.testing.TopicIo;
import io.peerwatch.job.types.LibraryTypeSamplesAccess;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CEF alerts out of a Flink job on a MiniCluster (parallelism 2) to both places at once: the CEF
 * topic of a real Kafka broker (exactly once, key = alert id) and a syslog receiver on 127.0.0.1
 * (RFC 5424 over TCP, octet counting). What arrives is parsed as a SIEM would, including alerts
 * whose evidence holds '|', '=', '\' and line breaks.
 */
class CefSyslogITCase {

    private static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (.*)", Pattern.DOTALL);

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

    private static List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(List.of(CefFormatTest.hostile()));
        out.addAll(List.of(LibraryTypeSamplesAccess.alerts()));
        String[] nasty = {"a|b", "k=v", "back\\slash", "two\nlines", "cr\r\nlf", "\\|=\n", "end\\"};
        for (int i = 0; i < 30; i++) {
            out.add(Alert.builder(AlertType.values()[i % AlertType.values().length], IpAddress.parse("10.3.0." + (i + 1)),
                            1_764_000_000_000L + i * 60_000L, 1_764_000_060_000L + i * 60_000L)
                    .severity(Severity.values()[i % Severity.values().length]).user(i % 3 == 0 ? "u" + nasty[i % 7] : null)
                    .evidence(List.of(new Evidence("detail", "evidence " + i + " " + nasty[i % nasty.length], 1 + i % 4),
                            new Evidence("more", nasty[(i + 3) % nasty.length], 1)))
                    .build());
        }
        return out;
    }

    @Test
    void alertsReachTheCefTopicAndASyslogReceiverAndParseBack() throws Exception {
        List<Alert> alerts = alerts();
        Map<String, Alert> byId = alerts.stream().collect(Collectors.toMap(Alert::id, a -> a));
        assertThat(byId).hasSize(alerts.size());
        String topic = "cef-it";
        kafka.createTopics(List.of(topic), 1);
        JobConfig cfg = JobConfig.builder(kafka.bootstrapServers()).set("topics.alerts-cef", topic)
                .transactionalIdPrefix("cef-it").build();

        try (SyslogListener syslog = new SyslogListener()) {
            SyslogConfig sc = new SyslogConfig("127.0.0.1", syslog.port(), false, "", "", 20, "peerwatch", "sensor-1");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(500);
            DataStream<Alert> stream = env.fromData(alerts, LibraryTypes.ALERT).rebalance();
            stream.sinkTo(KafkaConnectors.cefAlertSink(cfg)).name("cef");
            stream.sinkTo(new SyslogSink(sc)).name("syslog");
            env.execute("cef-syslog");

            Await.until("every alert over syslog", () -> syslog.messages().size() >= alerts.size(),
                    () -> syslog.messages().size() + " of " + alerts.size() + ", errors " + syslog.errors());
            assertThat(syslog.errors()).isEmpty();
            assertThat(syslog.messages()).hasSize(alerts.size());
            for (String m : syslog.messages()) {
                Matcher s = RFC5424.matcher(m);
                assertThat(s.matches()).as("RFC 5424 message: %s", m).isTrue();
                CefParser.Cef cef = CefParser.parse(s.group(8));
                Alert a = byId.get(cef.extension().get("externalId"));
                assertThat(a).as("alert of %s", m).isNotNull();
                int severity = switch (a.severity()) {
                    case CRITICAL -> 2;
                    case HIGH -> 3;
                    case MEDIUM -> 4;
                    case LOW -> 5;
                };
                assertThat(Integer.parseInt(s.group(1))).isEqualTo(20 * 8 + severity);
                assertThat(Instant.parse(s.group(2)).toEpochMilli()).isEqualTo(a.eventTimeMs());
                assertThat(s.group(3)).isEqualTo("sensor-1");
                assertThat(s.group(4)).isEqualTo("peerwatch");
                assertThat(s.group(6)).isEqualTo(a.type().name());
                assertSameAlert(cef, a);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> records = TopicIo.readCommitted(kafka.bootstrapServers(), topic);
        assertThat(records).hasSize(alerts.size());
        Map<String, String> onTopic = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            String line = new String(r.value(), StandardCharsets.UTF_8);
            onTopic.put(key, line);
            CefParser.Cef cef = CefParser.parse(line);
            assertThat(cef.extension().get("externalId")).as("key = alert id").isEqualTo(key);
            assertSameAlert(cef, byId.get(key));
        }
        assertThat(onTopic.keySet()).isEqualTo(byId.keySet());
    }

    private static void assertSameAlert(CefParser.Cef cef, Alert a) {
        assertThat(cef.header().subList(0, 5)).containsExactly("CEF:0", "PeerWatch", "PeerWatch",
                cef.header().get(3), a.type().name());
        assertThat(cef.extension().get("msg")).isEqualTo(a.evidence().stream()
                .map(e -> e.kind() + ": " + e.detail() + (e.count() > 1 ? " (x" + e.count() + ")" : ""))
                .collect(Collectors.joining("\n")));
        assertThat(cef.extension().get("cs1")).isEqualTo(a.identifier());
        assertThat(cef.extension().get("suser")).isEqualTo(a.user().orElse(null));
        assertThat(cef.extension().get("rt")).isEqualTo(Long.toString(a.eventTimeMs()));
    }
}
