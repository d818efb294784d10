package io.peerwatch.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.PeerWatchCli;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.job.EcsJson;
import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.testing.Corpus;
import io.peerwatch.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code peerwatch policy export} as users run it, over files, a real broker and analyze's output. */
class PolicyExportCommandITCase {

    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PeerWatchCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static int tool(Path dir, String... command) throws Exception {
        Tools.Result r = Tools.run(dir, command);
        Files.writeString(dir.resolve("tool.log"), r.output());
        return r.code();
    }

    private Path file(String name, String... lines) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** An alert as the packet path writes it: its "flow" evidence names the peer. */
    private static Alert flowAlert(AlertType type, String host, String peer, Severity severity, long timeMs) {
        return Alert.builder(type, IpAddress.parse(host), timeMs, timeMs + 1)
                .eventTime(timeMs)
                .severity(severity)
                .evidence(List.of(new Evidence("payload", "BITTORRENT_PEER_WIRE after 1 payload packets", 1),
                        new Evidence("flow", "tcp " + host + ":50000 -> " + peer + ":6881 (peer " + peer + ")", 1)))
                .identifier(host + " BitTorrent")
                .build();
    }

    @Test
    void portTableAndBlacklistsBecomeAnNftablesRulesetTheCheckerAccepts() throws Exception {
        Path list = file("hosts.txt", "# site list", "0.0.0.0 tracker.p2p.example", "0.0.0.0 evil\";drop.example",
                "b\u00fccher.example", "partner.example");
        Path exempt = file("allow.txt", "partner.example", "10.9.0.0/16");
        Path nft = dir.resolve("peerwatch.nft");
        Run r = run("policy", "export", "--format", "nftables", "--blacklist", list.toString(), "--exempt", exempt.toString(),
                "--output", nft.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        String text = Files.readString(nft);
        assertThat(text).contains("tcp dport 6881-6889 counter drop comment \"port table BitTorrent 6881-6889/tcp\"",
                "udp sport 4672 counter drop", "ip saddr 10.9.0.0/16 accept comment \"exempt allow.txt:2\"");
        assertThat(tool(dir, "nft", "-c", "-f", nft.toString())).as(Files.readString(dir.resolve("tool.log"))).isZero();
        assertThat(r.err()).contains("nftables: ", "written to " + nft,
                "not expressible in nftables: 2 blocked names",
                "exempted (1):", "blacklist hosts.txt:5: partner.example: exempt allow.txt:1 (partner.example)",
                "left out (1):", "blacklist hosts.txt:3: line 3: invalid domain name 'evil\"")
                .doesNotContain("\u00fc");
    }

    @Test
    void alertsFromATopicAreReadCommittedAndSelectedByTimeAndSeverity() throws Exception {
        long now = System.currentTimeMillis();
        try (LocalKafka kafka = LocalKafka.start()) {
            String topic = "policy.alerts";
            kafka.createTopics(List.of(topic), 2);
            TopicCodec<Alert, ?> codec = TopicCodec.alerts();
            Map<String, Object> pc = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "policy-test",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc)) {
                p.initTransactions();
                p.beginTransaction();
                p.send(new ProducerRecord<>(topic, codec.encode(flowAlert(AlertType.P2P_CLIENT, "10.20.0.5", "203.0.113.50",
                        Severity.HIGH, now - HOUR))));
                p.send(new ProducerRecord<>(topic, codec.encode(flowAlert(AlertType.P2P_CLIENT, "10.20.0.6", "203.0.113.51",
                        Severity.HIGH, now - 48 * HOUR))));
                p.send(new ProducerRecord<>(topic, codec.encode(flowAlert(AlertType.P2P_CLIENT, "10.20.0.9", "203.0.113.59",
                        Severity.LOW, now - HOUR))));
                p.send(new ProducerRecord<>(topic, EcsJson.toJson(flowAlert(AlertType.ICMP_TUNNEL, "10.20.0.8", "203.0.113.58",
                        Severity.HIGH, now - HOUR)).getBytes(StandardCharsets.UTF_8)));
                p.send(new ProducerRecord<>(topic, "not an alert".getBytes(StandardCharsets.UTF_8)));
                p.commitTransaction();
                p.beginTransaction();
                p.send(new ProducerRecord<>(topic, codec.encode(flowAlert(AlertType.P2P_CLIENT, "10.20.0.7", "203.0.113.52",
                        Severity.HIGH, now - HOUR))));
                p.flush();
                p.abortTransaction();
            }
            Path out = dir.resolve("peerwatch.iptables");
            Run r = run("policy", "export", "--format", "iptables", "--from-alerts", topic, "--bootstrap", kafka.bootstrapServers(),
                    "--since", "24h", "--output", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            String text = Files.readString(out);
            assertThat(text).contains("-A PEERWATCH -d 203.0.113.50/32 -m comment --comment \"alert ",
                    "-A PEERWATCH -s 10.20.0.5/32", "-A PEERWATCH -d 203.0.113.58/32", "-A PEERWATCH -s 10.20.0.8/32");
            assertThat(text).as("older than a day, LOW, aborted").doesNotContain("10.20.0.6", "203.0.113.51", "10.20.0.9",
                    "203.0.113.59", "10.20.0.7", "203.0.113.52");
            assertThat(r.err()).contains("alerts: 4 read, 2 used", "1 below MEDIUM",
                    "topic policy.alerts: 1 of 5 records are not alerts")
                    .containsPattern("\n    policy\\.alerts partition [01] offset [0-9]+: neither an Avro alert nor ECS JSON \\(");
            assertThat(tool(dir, "iptables-restore", "--test", out.toString()))
                    .as(Files.readString(dir.resolve("tool.log"))).isZero();

            Run missing = run("policy", "export", "--format", "hosts", "--from-alerts", "no.such.topic", "--bootstrap",
                    kafka.bootstrapServers());
            assertThat(missing.code()).isEqualTo(1);
            assertThat(missing.err().strip()).isEqualTo("peerwatch policy export: no topic 'no.such.topic' at "
                    + kafka.bootstrapServers());
        }
    }

    @Test
    void analyzeOutputFeedsTheDnsPolicyAndTheAllowListIsHonoured() throws Exception {
        Run analyzed = run("analyze", "--pcap", Corpus.lab("dns-tunnel/dns-iodine-s1.pcap").toString(),
                Corpus.lab("icmp-tunnel/icmp-ptunnel-ng-s1.pcap").toString());
        assertThat(analyzed.code()).as(analyzed.err()).isZero();
        Path alerts = Files.writeString(dir.resolve("alerts.jsonl"), analyzed.out() + "{\"broken\": true}\n");
        Path rpz = dir.resolve("peerwatch.rpz");
        Run r = run("policy", "export", "--format", "rpz", "--from-alerts", alerts.toString(), "--since", "0",
                "--serial", "7", "--output", rpz.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String text = Files.readString(rpz);
        // the iodine tunnel domain, the ptunnel server as an answer address, the client quarantined
        assertThat(text).contains("\nt.lab.test CNAME . ; alert ", "\n*.t.lab.test CNAME . ; alert ",
                "\n32.30.60.18.198.rpz-ip CNAME . ; alert ", "\n32.40.60.18.198.rpz-client-ip CNAME . ; alert ",
                "@ IN SOA localhost. hostmaster.localhost. 7 ");
        assertThat(r.err()).contains("unusable alert input (1):", alerts + ":" + (analyzed.out().split("\n").length + 1)
                + ": no event.id");
        assertThat(tool(dir, "named-checkzone", "rpz.peerwatch", rpz.toString()))
                .as(Files.readString(dir.resolve("tool.log"))).isZero();

        Path exempt = file("allow.txt", "lab.test", "198.18.60.40");
        Run allowed = run("policy", "export", "--format", "rpz", "--from-alerts", alerts.toString(), "--since", "0",
                "--exempt", exempt.toString());
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(allowed.out()).doesNotContain("t.lab.test CNAME", "32.40.60.18.198.rpz-client-ip CNAME .")
                .contains("32.40.60.18.198.rpz-client-ip CNAME rpz-passthru. ; exempt allow.txt:2")
                .contains("32.30.60.18.198.rpz-ip CNAME .");
        assertThat(allowed.err()).contains("t.lab.test: exempt allow.txt:1 (lab.test)",
                "198.18.60.40: exempt allow.txt:2 (198.18.60.40/32)");

        Run recent = run("policy", "export", "--format", "rpz", "--from-alerts", alerts.toString());
        assertThat(recent.out()).as("the lab's alerts are older than the default day").doesNotContain("t.lab.test");
        assertThat(recent.err()).contains(", 0 used,", "before the last 24h");
    }

    @Test
    void diffShowsTheRulesAddedAndRemovedSinceTheLastExport() throws Exception {
        Path list = file("list.txt", "a.example", "b.example");
        Path current = dir.resolve("peerwatch.hosts");
        assertThat(run("policy", "export", "--format", "hosts", "--blacklist", list.toString(), "-o", current.toString()).code())
                .isZero();
        file("list.txt", "# reordered, one name replaced", "c.example", "a.example");
        Run d = run("policy", "export", "--format", "hosts", "--blacklist", list.toString(), "--diff", current.toString(),
                "--output", current.toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).isEqualTo("- 0.0.0.0 b.example    # blacklist list.txt:2\n"
                + "+ 0.0.0.0 c.example    # blacklist list.txt:2\n"
                + "1 added, 1 removed, 1 unchanged\n");
        assertThat(Files.readString(current)).contains("0.0.0.0 c.example").doesNotContain("b.example");
        Run again = run("policy", "export", "--format", "hosts", "--blacklist", list.toString(), "--diff", current.toString());
        assertThat(again.out()).isEqualTo("0 added, 0 removed, 2 unchanged\n");

        Run otherFormat = run("policy", "export", "--format", "unbound", "--blacklist", list.toString(), "--diff",
                current.toString());
        assertThat(otherFormat.code()).isEqualTo(1);
        assertThat(otherFormat.err().strip()).isEqualTo("peerwatch policy export: --diff " + current
                + ": not a PeerWatch unbound export (its first line is not '# PeerWatch policy export, format unbound')");
    }

    @Test
    void badUsageAndBadInputGiveOneLine() throws Exception {
        Run format = run("policy", "export", "--format", "pf");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err().strip()).isEqualTo("peerwatch policy export: --format: unknown format 'pf' (formats: nftables, "
                + "iptables, ip6tables, squid-acl, hosts, unbound, rpz) (see 'peerwatch policy export --help')");
        Run noSource = run("policy", "export", "--format", "hosts", "--from-alerts", dir.resolve("none.jsonl").toString());
        assertThat(noSource.code()).isEqualTo(2);
        assertThat(noSource.err().lines()).hasSize(1).first().asString().contains("no such file, and no Kafka bootstrap");
        Path exempt = file("allow.txt", "ok.example", "10.0.0.0/33");
        Run badExempt = run("policy", "export", "--format", "hosts", "--exempt", exempt.toString());
        assertThat(badExempt.code()).isEqualTo(1);
        assertThat(badExempt.err().strip()).isEqualTo("peerwatch policy export: " + exempt
                + ":2: not an address or network: 10.0.0.0/33");
        Run badConfig = run("policy", "export", "--format", "hosts", "--blacklist", dir.resolve("missing.txt").toString());
        assertThat(badConfig.code()).isEqualTo(2);
        assertThat(badConfig.err().lines()).hasSize(1).first().asString().contains("files.blacklists").contains("cannot read");
        Run noCommand = run("policy");
        assertThat(noCommand.code()).isEqualTo(2);
        assertThat(noCommand.err()).contains("missing command (export)");
    }

    @Test
    void badAlertDiffAndAllowListFilesAreNamedWithTheirLineAndReason() throws Exception {
        byte[] latin1 = "{\"event\": {\"id\": \"caf\u00e9\"}}\n".getBytes(StandardCharsets.ISO_8859_1);
        Path binary = Files.write(dir.resolve("capture.jsonl"), latin1);
        Run notText = run("policy", "export", "--format", "hosts", "--from-alerts", binary.toString(), "--since", "0");
        assertThat(notText.code()).isEqualTo(1);
        assertThat(notText.err().strip()).isEqualTo("peerwatch policy export: --from-alerts " + binary
                + ": no line is a PeerWatch alert (unusable lines: 1; the first: " + binary
                + ":1: not UTF-8 text (byte 0xe9 at column 22))");

        Path notAlerts = file("notalerts.jsonl", "{\"a\": 1}", "hello");
        Run wrong = run("policy", "export", "--format", "hosts", "--from-alerts", notAlerts.toString(), "--since", "0");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err().strip()).startsWith("peerwatch policy export: --from-alerts " + notAlerts
                + ": no line is a PeerWatch alert (unusable lines: 2; the first: " + notAlerts + ":1: no event.id");

        // one good alert among bad lines: the export goes on and every bad line is named
        Run analyzed = run("analyze", "--pcap", Corpus.lab("icmp-tunnel/icmp-ptunnel-ng-s1.pcap").toString());
        assertThat(analyzed.code()).as(analyzed.err()).isZero();
        String good = analyzed.out().lines().filter(l -> l.contains("ICMP_TUNNEL")).findFirst().orElseThrow();
        Path mixed = file("mixed.jsonl", "hello", good, "{\"event\": {\"id\": \"x\"}}", "");
        Run partly = run("policy", "export", "--format", "nftables", "--from-alerts", mixed.toString(), "--since", "0");
        assertThat(partly.code()).as(partly.err()).isZero();
        assertThat(partly.out()).contains("ip daddr 198.18.60.30 counter drop comment \"alert ");
        assertThat(partly.err()).contains("unusable alert input (2):", mixed + ":1: not JSON (Unrecognized token 'hello'",
                mixed + ":3: no peerwatch.alert_type (not a PeerWatch ECS alert)");

        Run dirAlerts = run("policy", "export", "--format", "hosts", "--from-alerts", dir.toString());
        assertThat(dirAlerts.code()).isEqualTo(2);
        assertThat(dirAlerts.err()).startsWith("peerwatch policy export: --from-alerts " + dir + ": is a directory");

        Run badDiff = run("policy", "export", "--format", "hosts", "--diff", binary.toString());
        assertThat(badDiff.code()).isEqualTo(1);
        assertThat(badDiff.err().strip()).isEqualTo("peerwatch policy export: --diff " + binary
                + ":1: not UTF-8 text (byte 0xe9 at column 22), not a PeerWatch export");

        Path allow = Files.write(dir.resolve("allow.txt"), "10.0.0.1\nb\u00fcro.example\n".getBytes(StandardCharsets.ISO_8859_1));
        Run badAllow = run("policy", "export", "--format", "hosts", "--exempt", allow.toString());
        assertThat(badAllow.code()).isEqualTo(1);
        assertThat(badAllow.err().strip()).isEqualTo("peerwatch policy export: " + allow
                + ":2: not UTF-8 text (byte 0xfc at column 2)");

        Run noFolder = run("policy", "export", "--format", "hosts", "--output", dir.resolve("none/peerwatch.hosts").toString());
        assertThat(noFolder.code()).isEqualTo(1);
        assertThat(noFolder.err().strip()).isEqualTo("peerwatch policy export: --output " + dir.resolve("none/peerwatch.hosts")
                + ": its folder " + dir.resolve("none") + " does not exist");
    }

    @Test
    void helpShowsTheFormatsOptionsAndExamples() {
        Run h = run("policy", "export", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("--format", "--from-alerts", "--since", "--min-severity", "--exempt", "--diff", "--output",
                "--blacklist", "--port-table", "--bootstrap", "--config", "--serial", "--no-alert-hosts", "Examples:", "squid-acl",
                "Exit status:", "Nothing is ever applied")
                .doesNotContain("--window", "--tariff");
    }
}
