package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.notice.Alert;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.peerwatch.volume.BaselineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code peerwatch demo} end to end, on a real broker and the embedded MiniCluster the demo
 * starts (issue 11, item 5): every alert type the job has appears, the summary's counts per type
 * are the alerts on the alert topic (read to its end offsets, read_committed), no simulated
 * benign host is flagged as P2P, and report.html names the alerts. The run is bounded by
 * {@code --until-all-types} (it stops once every type has printed) within a {@code --duration}.
 */
class DemoITCase {

    private static final Pattern SUMMARY_ROW = Pattern.compile("(?m)^  ([A-Z_0-9]+) +(\\d+)$");

    @TempDir
    Path dir;

    @Test
    void aDemoRunAlertsEveryTypeAndItsSummaryIsTheAlertTopic() throws Exception {
        Path report = dir.resolve("report.html");
        CommandLine cl = PeerWatchCli.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs("demo", "--duration", "5m", "--until-all-types", "--report",
                report.toString(), "--state-dir", dir.resolve("state").toString());
        DemoCommand demo = (DemoCommand) parsed.subcommand().commandSpec().userObject();
        StringWriter printed = new StringWriter();
        DemoCommand.Summary summary;
        List<Alert> topic;
        try (LocalKafka kafka = LocalKafka.start()) {
            summary = demo.run(kafka, new PrintWriter(printed));
            topic = LocalKafka.readAll(kafka.bootstrapServers(), Topics.ALERTS, Duration.ofMinutes(1)).stream()
                    .map(v -> TopicCodec.alerts().decode(v)).toList();
        }
        String out = printed.toString();

        Map<AlertType, Long> onTopic = new EnumMap<>(AlertType.class);
        topic.forEach(a -> onTopic.merge(a.type(), 1L, Long::sum));
        assertThat(onTopic.keySet()).as("alert types on the topic; the demo printed:%n%s", out)
                .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(AlertType.class));

        Map<AlertType, Long> inSummary = new EnumMap<>(AlertType.class);
        Matcher m = SUMMARY_ROW.matcher(out);
        while (m.find()) {
            long n = Long.parseLong(m.group(2));
            if (n > 0) {
                inSummary.put(AlertType.valueOf(m.group(1)), n);
            }
        }
        assertThat(inSummary).as("the printed summary's counts per type").isEqualTo(onTopic);
        assertThat(summary.alertsByType()).isEqualTo(onTopic);
        assertThat(out).contains("Alerts per type", "P2P hosts found: " + summary.p2pFound() + " of " + summary.p2pSimulated());

        Map<String, DemoNetwork.Member> members = new DemoNetwork(1000, 1, 0, BaselineConfig.defaults()).members();
        List<String> benignAsP2p = topic.stream()
                .filter(a -> a.type() == AlertType.P2P_CLIENT || a.type() == AlertType.P2P_PORT_ACTIVITY
                        || a.type() == AlertType.P2P_BEHAVIOUR)
                .map(a -> a.host().toString())
                .filter(h -> members.containsKey(h) && members.get(h).role() == DemoNetwork.Role.BENIGN)
                .distinct().toList();
        assertThat(benignAsP2p).as("benign hosts alerted as P2P").isEmpty();
        assertThat(members).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(summary.p2pFound()).as("P2P hosts found").isPositive();

        assertThat(report).exists();
        String html = Files.readString(report);
        for (AlertType t : AlertType.values()) {
            assertThat(html).as("report.html names " + t).contains(t.name());
        }
        Alert spike = topic.stream().filter(a -> a.type() == AlertType.BANDWIDTH_SPIKE).findFirst().orElseThrow();
        assertThat(html).contains(spike.id());
    }
}
