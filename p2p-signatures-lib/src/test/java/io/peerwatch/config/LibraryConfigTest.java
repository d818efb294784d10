package io.peerwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.Severity;
import io.peerwatch.detect.InternalScanConfig;
import io.peerwatch.detect.P2pBehaviourConfig;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.volume.Tariff;
import io.peerwatch.volume.VolumeConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryConfigTest {

    private static final Origin FILE = new Origin("site.yaml", 7);

    private static Settings.Builder builder() {
        return Settings.builder(LibraryConfig.KEYS);
    }

    @Test
    void defaultsAreTheRecordsOwnDefaults() {
        LibraryConfig d = LibraryConfig.defaults();
        assertThat(d.detection()).isEqualTo(DetectionConfig.defaults());
        assertThat(d.signatures()).isEqualTo(SignatureConfig.defaults());
        assertThat(d.portActivity()).isEqualTo(PortActivityDetector.Config.defaults());
        assertThat(d.p2pBehaviour()).isEqualTo(P2pBehaviourConfig.defaults());
        assertThat(d.internalScan()).isEqualTo(InternalScanConfig.defaults());
        assertThat(d.httpTunnel()).isEqualTo(TunnelConfig.defaults());
        assertThat(d.tariff()).isEqualTo(Tariff.defaults());
        assertThat(d.volume()).isEqualTo(VolumeConfig.defaults());
        assertThat(d.noticePolicy().defaultInterval()).isEqualTo(NoticePolicy.DEFAULT_SUPPRESSION_INTERVAL);
        assertThat(d.signatureRegistry()).isSameAs(SignatureRegistry.defaults());
        assertThat(d.portTable().entries()).isEqualTo(io.peerwatch.ports.PortTable.defaults().entries());
        assertThat(d.portTableFile()).isEmpty();
        // `classify` without --config or --set uses the classifier builder's defaults instead of these
        assertThat(d.fragments()).isEqualTo(io.peerwatch.packet.FragmentConfig.defaults());
        io.peerwatch.classify.Classifier.HostSettings hosts = d.hostSettings();
        io.peerwatch.classify.Classifier.HostSettings builders = io.peerwatch.classify.Classifier.HostSettings.defaults();
        assertThat(hosts.internalNetworks().blocks()).isEqualTo(builders.internalNetworks().blocks());
        assertThat(hosts.publicSuffixList()).isSameAs(builders.publicSuffixList());
        assertThat(hosts.dnsTunnel()).isEqualTo(builders.dnsTunnel());
        assertThat(hosts.icmpTunnel()).isEqualTo(builders.icmpTunnel());
        assertThat(hosts.corroboration()).isEqualTo(builders.corroboration());
        for (io.peerwatch.core.AlertType t : io.peerwatch.core.AlertType.values()) {
            assertThat(hosts.notice().suppressFor(t)).as(t.name()).isEqualTo(builders.notice().suppressFor(t));
        }
        assertThat(hosts.notice().alertSshOnStandardPort()).isEqualTo(builders.notice().alertSshOnStandardPort());
    }

    /** Every key of every record section, set to a valid non-default value, arrives in the record. */
    @Test
    void everyKeyReachesItsRecord() {
        List<String> checked = new ArrayList<>();
        for (Section<?, ?> s : LibraryConfig.sections()) {
            for (Section.Binding<?, ?, ?> b : s.bindings()) {
                checked.add(reaches(s, b));
            }
        }
        assertThat(checked).hasSize(LibraryConfig.sections().stream().mapToInt(s -> s.bindings().size()).sum())
                .contains("signatures.dns-tunnel.min-label-entropy", "detectors.port-activity.window",
                        "notice.suppress-for.default", "volume.day-quota", "tariff.currency");
    }

    /**
     * Every component of every configuration record has a key: a field added to a record without
     * a key fails here (VolumeConfig's tariff is the tariff section).
     */
    @Test
    void everyRecordComponentHasAKey() {
        for (Section<?, ?> s : LibraryConfig.sections()) {
            Class<?> type = s.defaults().getClass();
            if (!type.isRecord()) {
                continue; // NoticePolicy: its default interval is a key, its per-type intervals a family
            }
            Set<String> components = new java.util.TreeSet<>();
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                components.add(c.getName());
            }
            components.remove("tariff");
            Set<String> fields = new java.util.TreeSet<>();
            s.bindings().forEach(b -> fields.add(b.field()));
            assertThat(fields).as(type.getSimpleName()).isEqualTo(components);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String reaches(Section<?, ?> s, Section.Binding<?, ?, ?> b) {
        ConfigKey key = b.key();
        Object other = otherThan(key.defaultValue());
        // through the text form too: the file and flags set keys from text
        Object parsed = other instanceof Set || other instanceof List ? other : key.type().parseRaw(key.type().format(other)
                .replace("\"", ""), null);
        assertThat(parsed).as(key.name() + " text round trip").isEqualTo(other);
        LibraryConfig lib = LibraryConfig.of(builder().set(key, parsed, FILE).build());
        Object record = lib.record(s);
        assertThat(((java.util.function.Function) b.get()).apply(record)).as(key.name()).isEqualTo(other);
        return key.name();
    }

    private static Object otherThan(Object v) {
        if ("UTC".equals(v)) {
            return "Australia/Sydney"; // time zone keys: another zone, not another string
        }
        if (v instanceof Integer i) {
            return i + 1;
        } else if (v instanceof Long l) {
            return l + 1000;
        } else if (v instanceof Double d) {
            return d == 0 ? 0.1 : d * 0.9;
        } else if (v instanceof Duration d) {
            return d.multipliedBy(2);
        } else if (v instanceof Boolean b) {
            return !b;
        } else if (v instanceof Severity s) {
            return Severity.values()[(s.ordinal() + 1) % Severity.values().length];
        } else if (v instanceof String s) {
            return s.equals("AUD") ? "EUR" : s + "x";
        } else if (v instanceof Set<?> set && !set.isEmpty() && set.iterator().next() instanceof Integer) {
            Set<Integer> more = new LinkedHashSet<>((Set<Integer>) set);
            more.add(9999);
            return Set.copyOf(more);
        } else if (v instanceof Set<?> set) {
            Set<String> more = new LinkedHashSet<>((Set<String>) set);
            more.add("application/x-test");
            return Set.copyOf(more);
        }
        throw new AssertionError("no other value for " + v);
    }

    @Test
    void perTypeSuppressionReachesTheNoticePolicy() {
        Settings s = builder().set("notice.suppress-for.p2p_client", "10m", FILE, null)
                .set("notice.suppress-for.default", "2h", FILE, null).build();
        NoticePolicy p = LibraryConfig.of(s).noticePolicy();
        assertThat(p.suppressFor(AlertType.P2P_CLIENT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.suppressFor(AlertType.INTERNAL_SCAN)).isEqualTo(Duration.ofHours(2));
        assertThat(s.setKeys()).contains("notice.suppress-for.P2P_CLIENT");
    }

    @Test
    void unknownKeyNamesTheNearestValidOnes() {
        assertThatThrownBy(() -> builder().set("detectors.port-activty.window", "5m", FILE, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("site.yaml:7: detectors.port-activty.window: unknown key (did you mean detectors.port-activity.window?)");
        assertThatThrownBy(() -> builder().set("notice.suppress-for.P2P_CLIENTS", "5m", FILE, null))
                .hasMessageStartingWith("site.yaml:7: notice.suppress-for.P2P_CLIENTS: no alert type 'P2P_CLIENTS'");
    }

    @Test
    void badValueNamesKeyOriginAndExpectedForm() {
        assertThatThrownBy(() -> builder().set("detectors.p2p-behaviour.window", "soon", FILE, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("site.yaml:7: detectors.p2p-behaviour.window: 'soon' is not a duration");
        assertThatThrownBy(() -> builder().set("detectors.p2p-behaviour.excluded-ports", List.of("53", "70000"), FILE, null))
                .hasMessageContaining("'70000' is not a port");
    }

    @Test
    void valueTheRecordRejectsNamesKeyAndOrigin() {
        Settings zero = builder().set("detectors.port-activity.min-flows", "0", FILE, null).build();
        assertThatThrownBy(() -> LibraryConfig.of(zero)).isInstanceOf(ConfigException.class)
                .hasMessage("site.yaml:7: detectors.port-activity.min-flows: must be at least 1: 0");
        Settings sum = builder().set("detectors.internal-scan.base-confidence", "0.8", new Origin("site.yaml", 30), null).build();
        assertThatThrownBy(() -> LibraryConfig.of(sum))
                .hasMessageStartingWith("site.yaml:30: detectors.internal-scan.base-confidence: must be > 0 and baseConfidence + failedRatioWeight <= 1");
        Settings entropy = builder().set("signatures.dns-tunnel.min-label-entropy", "9", FILE, null).build();
        assertThatThrownBy(() -> LibraryConfig.of(entropy))
                .hasMessageStartingWith("site.yaml:7: signatures.dns-tunnel.min-label-entropy: must be within 0..8");
        Settings cidr = builder().set("networks.internal", "10.0.0.0/33", FILE, null).build();
        assertThatThrownBy(() -> LibraryConfig.of(cidr)).hasMessageStartingWith("site.yaml:7: networks.internal: ");
    }

    @Test
    void flagsAreAliasesOfKeys() {
        KeyTable t = LibraryConfig.KEYS;
        Settings s = builder()
                .flag(t.flag("--tariff").orElseThrow(), "EUR:0.05:10000", null)
                .flag(t.flag("--hour-quota-mb").orElseThrow(), "35", null)
                .flag(t.flag("--suppress-for").orElseThrow(), "P2P_CLIENT=5m", null)
                .flag(t.flag("--internal").orElseThrow(), "10.0.0.0/8", null)
                .flag(t.flag("--internal").orElseThrow(), "192.168.0.0/16,fc00::/7", null)
                .flag(t.flag("--replace-port-table").orElseThrow(), "true", null)
                .flag(t.flag("--window").orElseThrow(), "5m", null)
                .flag(t.flag("--link").orElseThrow(), "100Mbps:20Mbit/s", null)
                .build();
        LibraryConfig lib = LibraryConfig.of(s);
        assertThat(lib.link().capacityInBitsPerSecond()).isEqualTo(100_000_000L);
        assertThat(lib.link().capacityOutBitsPerSecond()).isEqualTo(20_000_000L);
        assertThat(LibraryConfig.of(builder().flag(t.flag("--link").orElseThrow(), "512kbit/s", null).build()).link())
                .as("OUT defaults to IN").satisfies(l -> assertThat(l.capacityOutBitsPerSecond()).isEqualTo(512_000L));
        assertThat(ValueType.BITRATE.format(10_000_000L)).isEqualTo("10Mbit/s");
        assertThatThrownBy(() -> ValueType.BITRATE.parseRaw("ten", null)).hasMessageContaining("a rate such as");
        assertThat(lib.tariff()).isEqualTo(new Tariff("EUR", 0.05, 10000, Tariff.DEFAULT_BILLING_DAY, Tariff.DEFAULT_ZONE));
        assertThat(lib.volume().hourQuotaBytes()).isEqualTo(35_000_000L);
        assertThat(lib.noticePolicy().suppressFor(AlertType.P2P_CLIENT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.get(LibraryConfig.INTERNAL_NETWORKS)).containsExactly("10.0.0.0/8", "192.168.0.0/16", "fc00::/7");
        assertThat(s.get(LibraryConfig.REPLACE_PORT_TABLE)).isTrue();
        assertThat(lib.portActivity().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(lib.p2pBehaviour().window()).as("--window sets the port-activity window only")
                .isEqualTo(P2pBehaviourConfig.DEFAULT_WINDOW);
        assertThat(s.origin("tariff.currency")).isEqualTo(Origin.flag("--tariff"));
        assertThat(t.flag("--window").orElseThrow().description()).startsWith("Sets detectors.port-activity.window: ");
        assertThatThrownBy(() -> builder().flag(t.flag("--tariff").orElseThrow(), "EUR", null))
                .hasMessageStartingWith("--tariff: expected CURRENCY:PRICE_PER_MB[:FREE_MB]");
    }

    @Test
    void laterLayersWinAndSetAssignmentsWork() {
        Settings s = builder().set("detectors.port-activity.min-flows", "7", FILE, null)
                .assignment("detectors.port-activity.min-flows=9", null).build();
        assertThat(LibraryConfig.of(s).portActivity().minFlows()).isEqualTo(9);
        assertThat(s.origin("detectors.port-activity.min-flows")).isEqualTo(Origin.flag("--set"));
    }

    @Test
    void valueTypesReadWhatTheyWrite() {
        for (Duration d : List.of(Duration.ofMillis(1500), Duration.ofSeconds(90), Duration.ofMinutes(5), Duration.ofHours(1),
                Duration.ofDays(30), Duration.ZERO)) {
            assertThat(ValueType.DURATION.parseRaw(ValueType.DURATION.format(d), null)).isEqualTo(d);
        }
        assertThat(ValueType.BYTES.format(70_000_000L)).isEqualTo("70MB");
        assertThat(ValueType.BYTES.format(64L * 1024)).isEqualTo("64KiB");
        assertThat(ValueType.BYTES.parseRaw("16MiB", null)).isEqualTo(16L << 20);
        assertThat(ValueType.BYTES.parseRaw("1 GB", null)).isEqualTo(1_000_000_000L);
        assertThat(ValueType.PORTS.format(P2pBehaviourConfig.DEFAULT_EXCLUDED_PORTS)).contains("3478-3481", "27000-27050");
        assertThat(ValueType.PORTS.parseRaw(List.of("53", "3478-3481"), null)).containsExactly(53, 3478, 3479, 3480, 3481);
    }

    @Test
    void relativePathsResolveAgainstTheFilesFolderAndFilesAreChecked(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ports.txt"), "MyP2P tcp 7777\n");
        Files.writeString(dir.resolve("bad-ports.txt"), "MyP2P tcp notaport\n");
        Settings s = builder().set("files.port-table", "ports.txt", new Origin("site.yaml", 3), dir).build();
        LibraryConfig lib = LibraryConfig.of(s);
        lib.checkFiles();
        assertThat(lib.portTable().lookup(io.peerwatch.ports.Transport.TCP, 7777)).isPresent();
        LibraryConfig bad = LibraryConfig.of(builder().set("files.port-table", "bad-ports.txt", new Origin("site.yaml", 4), dir).build());
        assertThatThrownBy(bad::checkFiles).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("site.yaml:4: files.port-table: ");
        LibraryConfig missing = LibraryConfig.of(builder().set("files.blacklists", "nope.txt", new Origin("site.yaml", 5), dir).build());
        assertThatThrownBy(missing::checkFiles).hasMessageStartingWith("site.yaml:5: files.blacklists: cannot read ");
    }

    @Test
    void settingsSurviveJavaSerialization() throws Exception {
        Settings s = builder().set("detectors.p2p-behaviour.excluded-ports", List.of("53", "1000-1002"), FILE, null)
                .set("notice.suppress-for.ICMP_TUNNEL", "3m", FILE, null)
                .set("detection.flow-idle-timeout", "30s", FILE, null).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        Settings back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (Settings) in.readObject();
        }
        assertThat(back).isEqualTo(s);
        assertThat(LibraryConfig.of(back).p2pBehaviour()).isEqualTo(LibraryConfig.of(s).p2pBehaviour());
        assertThat(back.origin("detection.flow-idle-timeout")).isEqualTo(FILE);
    }

    @Test
    void referenceFileHasEveryKeyWithItsDocumentation() {
        String yaml = LibraryConfig.KEYS.referenceYaml("PeerWatch library settings");
        for (ConfigKey<?> k : LibraryConfig.KEYS.keys()) {
            String leaf = k.name().substring(k.name().lastIndexOf('.') + 1);
            assertThat(yaml).as(k.name()).contains("# " + k.doc()).contains(leaf + ": " + k.defaultText());
        }
        assertThat(yaml).contains("  window: 1m", "# P2P_CLIENT: 10m");
    }
}
