package io.peerwatch.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.config.ConfigException;
import io.peerwatch.config.ConfigKey;
import io.peerwatch.config.LibraryConfig;
import io.peerwatch.config.Settings;
import io.peerwatch.core.AlertType;
import io.peerwatch.detect.InternalScanConfig;
import io.peerwatch.detect.P2pBehaviourConfig;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.JobMain;
import io.peerwatch.job.operators.FlowWindows;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigFileTest {

    @TempDir
    Path dir;

    private Path file(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static Settings load(Path f) {
        return YamlConfigFile.apply(Settings.builder(JobKeys.ALL), f).build();
    }

    @Test
    void referenceFileHasEveryKeyAndLoadsBackToTheDefaults() throws Exception {
        String yaml = JobKeys.referenceYaml();
        for (ConfigKey<?> k : JobKeys.ALL.keys()) {
            assertThat(yaml).as(k.name()).contains("# " + k.doc());
        }
        Settings back = load(file("defaults.yaml", yaml));
        assertThat(back.setKeys()).as("the reference sets every key").hasSize(JobKeys.ALL.keys().size());
        assertThat(back.effective(JobKeys.ALL)).isEqualTo(Settings.defaults().effective(JobKeys.ALL));
        LibraryConfig lib = JobConfig.of(back).library();
        assertThat(lib.signatures()).isEqualTo(SignatureConfig.defaults());
        assertThat(lib.detection()).isEqualTo(DetectionConfig.defaults());
        assertThat(lib.p2pBehaviour()).isEqualTo(P2pBehaviourConfig.defaults());
        assertThat(lib.internalScan()).isEqualTo(InternalScanConfig.defaults());
        assertThat(lib.httpTunnel()).isEqualTo(TunnelConfig.defaults());
        assertThat(lib.portActivity()).isEqualTo(PortActivityDetector.Config.defaults());
    }

    @Test
    void nestedAndDottedKeysListsAndFamiliesReachTheJob() throws Exception {
        Path f = file("site.yaml", """
                kafka:
                  bootstrap-servers: kafka1:9092
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: PLAIN
                detectors:
                  port-activity:
                    window: 2m
                  p2p-behaviour.window: 10m
                  internal-scan: {window: 15m, min-sweep-peers: 40}
                  http-tunnel:
                    window: 20m
                detectors.p2p-behaviour.excluded-ports: [53, 6000-6002]
                notice:
                  suppress-for:
                    default: 30m
                    P2P_CLIENT: 5m
                networks:
                  internal: [10.0.0.0/8, "fc00::/7"]
                signatures.dns-tunnel.min-label-entropy: 3.5
                job:
                  inputs: [flows, proxy]
                """);
        JobConfig cfg = JobConfig.of(load(f));
        assertThat(cfg.bootstrapServers()).isEqualTo("kafka1:9092");
        assertThat(cfg.kafkaProperties()).isEqualTo(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
        assertThat(cfg.flowDetector(FlowWindows.Kind.PORT_ACTIVITY).window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(cfg.flowDetector(FlowWindows.Kind.P2P_BEHAVIOUR).window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(cfg.flowDetector(FlowWindows.Kind.INTERNAL_SCAN).window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(cfg.library().internalScan().minSweepPeers()).isEqualTo(40);
        assertThat(cfg.tunnelWindow()).isEqualTo(Duration.ofMinutes(20));
        assertThat(cfg.library().p2pBehaviour().excludedPorts()).containsExactlyInAnyOrder(53, 6000, 6001, 6002);
        assertThat(cfg.noticePolicy().suppressFor(AlertType.P2P_CLIENT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(cfg.noticePolicy().suppressFor(AlertType.INTERNAL_SCAN)).isEqualTo(Duration.ofMinutes(30));
        assertThat(cfg.internal().blocks()).hasSize(2);
        assertThat(cfg.signatureEngine().config()).isEqualTo(DetectionConfig.defaults());
        assertThat(cfg.library().signatures().dnsMinLabelEntropy()).isEqualTo(3.5);
        assertThat(cfg.inputs()).isEqualTo(Set.of(JobConfig.Input.FLOWS, JobConfig.Input.PROXY));
        assertThat(cfg.inputTopics()).containsExactly(cfg.flowsTopic(), cfg.proxyTopic());
    }

    @Test
    void unknownKeyIsOneErrorWithFileLineAndTheNearestKey() throws Exception {
        Path f = file("typo.yaml", """
                detectors:
                  port-activity:
                    min-flows: 7
                    windw: 5m
                """);
        assertThatThrownBy(() -> load(f)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ":4: detectors.port-activity.windw: unknown key (did you mean detectors.port-activity.window?)");
    }

    @Test
    void badValueNamesFileLineKeyAndExpectedForm() throws Exception {
        Path f = file("bad.yaml", "job:\n  checkpoint-interval: 10s\n  parallelism: two\n");
        assertThatThrownBy(() -> load(f)).hasMessage(f + ":3: job.parallelism: 'two' is not a whole number");
        Path range = file("range.yaml", "# comment\ndetectors.p2p-behaviour.min-endpoint-peers: 1\n");
        assertThatThrownBy(() -> JobConfig.of(load(range)))
                .hasMessage(range + ":2: detectors.p2p-behaviour.min-endpoint-peers: must be within 2..2147483647: 1");
        Path job = file("job.yaml", "topics:\n  alerts: \"\"\n");
        assertThatThrownBy(() -> JobConfig.of(load(job))).hasMessage(job + ":2: topics.alerts: must not be empty: \"\"");
    }

    @Test
    void syntaxErrorsAndDuplicatesNameTheLine() throws Exception {
        Path syntax = file("syntax.yaml", "job:\n  parallelism: 2\n   idleness: 5s\n");
        assertThatThrownBy(() -> load(syntax)).isInstanceOf(ConfigException.class).hasMessageStartingWith(syntax + ":3: YAML syntax: ");
        Path twice = file("twice.yaml", "job:\n  parallelism: 2\njob.parallelism: 3\n");
        assertThatThrownBy(() -> load(twice)).hasMessage(twice + ":3: job.parallelism: set twice in the file (first at line 2)");
        Path list = file("list.yaml", "- a\n- b\n");
        assertThatThrownBy(() -> load(list)).hasMessage(list + ":1: expected a mapping of keys at the top level");
    }

    @Test
    void flagsOverrideTheFileWhichOverridesTheDefaults() throws Exception {
        Path f = file("p.yaml", """
                kafka.bootstrap-servers: from-file:9092
                detectors.port-activity: {window: 5m, min-flows: 7}
                topics: {create: true, partitions: 4}
                """);
        JobConfig cfg = JobMain.configure(new String[] {"--min-port-flows", "9", "--config", f.toString(),
                "--no-create-topics", "--set", "detectors.port-activity.window=3m", "--suppress-for=P2P_CLIENT=2m"}).orElseThrow();
        assertThat(cfg.minPortFlows()).as("flag over file").isEqualTo(9);
        assertThat(cfg.window()).as("--set over file").isEqualTo(Duration.ofMinutes(3));
        assertThat(cfg.partitions()).as("file over default").isEqualTo(4);
        assertThat(cfg.createTopics()).as("--no-create-topics over the file").isFalse();
        assertThat(cfg.bootstrapServers()).isEqualTo("from-file:9092");
        assertThat(cfg.noticePolicy().suppressFor(AlertType.P2P_CLIENT)).isEqualTo(Duration.ofMinutes(2));
        assertThat(cfg.library().p2pBehaviour().window()).isEqualTo(P2pBehaviourConfig.DEFAULT_WINDOW);
        assertThat(cfg.settings().origin("detectors.port-activity.min-flows").source()).isEqualTo("--min-port-flows");
    }

    @Test
    void jobMainRefusesUnknownOptionsAndAMissingBootstrap() {
        assertThatThrownBy(() -> JobMain.configure(new String[] {"--bootstrap", "x:1", "--windw", "5m"}))
                .hasMessage("unknown option --windw (did you mean --window?)");
        assertThatThrownBy(() -> JobMain.configure(new String[] {"--window", "5m"})).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("default: kafka.bootstrap-servers: is required");
        assertThatThrownBy(() -> JobMain.configure(new String[] {"--bootstrap"})).hasMessage("option --bootstrap needs a value");
        assertThat(JobMain.configure(new String[] {"--help"})).isEmpty();
        assertThat(JobArgs.usage(JobKeys.ALL, "job")).contains("--[no-]create-topics", "--window DURATION",
                "Sets detectors.port-activity.window: ");
    }

    @Test
    void serializedConfigRebuildsTheSameLibraryRecords() throws Exception {
        JobConfig cfg = JobConfig.builder("127.0.0.1:9").set("detectors.p2p-behaviour.min-score", "1.5")
                .set("notice.suppress-for.DNS_TUNNEL", "1m").build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cfg);
        }
        JobConfig back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (JobConfig) in.readObject();
        }
        assertThat(back).isEqualTo(cfg);
        assertThat(back.library().p2pBehaviour().minScore()).isEqualTo(1.5);
        assertThat(back.noticePolicy().suppressFor(AlertType.DNS_TUNNEL)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Optional.of(back.bootstrapServers())).contains("127.0.0.1:9");
    }

    @Test
    void theLargestPlausibleCounterIsAKeyInForceWhereInputIsRead() {
        try {
            JobConfig cfg = JobConfig.builder("127.0.0.1:9").set("records.max-plausible-counter", "1MB").build();
            assertThat(cfg.library().records().maxPlausibleCounter()).isEqualTo(1_000_000L);
            assertThat(io.peerwatch.core.Counters.maxPlausible()).isEqualTo(1_000_000L);
            assertThatThrownBy(() -> io.peerwatch.core.Counters.check("byte count", 1_000_001L))
                    .hasMessageContaining("implausibly large").hasMessageContaining("limit 1000000");
            assertThatThrownBy(() -> JobConfig.builder("127.0.0.1:9").set("records.max-plausible-counter", "0").build())
                    .isInstanceOf(ConfigException.class).hasMessageContaining("records.max-plausible-counter");
        } finally {
            io.peerwatch.core.RecordLimits.defaults().apply();
        }
        assertThat(io.peerwatch.core.Counters.maxPlausible()).isEqualTo(io.peerwatch.core.Counters.MAX_PLAUSIBLE);
    }
}
