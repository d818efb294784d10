package io.peerwatch.cli;

import io.peerwatch.testing.Corpus;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.config.Flag;
import io.peerwatch.config.Settings;
import io.peerwatch.job.config.ConfigArgs;
import io.peerwatch.job.config.JobArgs;
import io.peerwatch.job.config.JobKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code peerwatch config}, and the configuration options of run, demo and analyze (nothing here starts a job). */
class ConfigCommandTest {

    @TempDir
    Path dir;

    private static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void defaultsPrintsTheCompleteFileWhichChecksClean() throws Exception {
        CliRun.Result r = run("config", "defaults");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(JobKeys.referenceYaml()).contains("  window: 1m", "min-label-entropy: 4");
        Path f = dir.resolve("peerwatch.yaml");
        Files.writeString(f, r.out());
        CliRun.Result check = run("config", "check", f.toString());
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).isEqualTo(f + ": OK (" + JobKeys.ALL.keys().size() + " keys set)\n");
    }

    @Test
    void checkReportsABadFileOnOneLineWithFileAndLine() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "detectors:\n  p2p-behaviour:\n    window: 5 minutes\n");
        CliRun.Result r = run("config", "check", f.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(f + ":3: detectors.p2p-behaviour.window: '5 minutes' is not a duration with a unit, "
                + "such as 90s, 500ms, 5m, 2h, 1d or PT1M\n");
    }

    @Test
    void aBadConfigurationStopsRunBeforeAnyJobWithExitCode2() throws Exception {
        Path f = dir.resolve("typo.yaml");
        Files.writeString(f, "kafka.bootstrap-servers: 127.0.0.1:1\ntopics:\n  create: false\n  alert: mine\n");
        CliRun.Result r = run("run", "--config", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1).first().asString()
                .startsWith("peerwatch run: " + f + ":4: topics.alert: unknown key (did you mean topics.alerts?)");
        CliRun.Result missing = run("run", "--no-create-topics", "--window", "5m");
        assertThat(missing.exitCode()).as("--no-create-topics is an option; the missing bootstrap is the error").isEqualTo(2);
        assertThat(missing.err()).startsWith("peerwatch run: default: kafka.bootstrap-servers: is required");
        CliRun.Result bad = run("analyze", "--netflow", "x.csv", "--set", "detectors.port-activity.min-flows=0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("peerwatch analyze: --set: detectors.port-activity.min-flows: must be at least 1: 0");
    }

    /**
     * A signature threshold set in a file reaches the signature: dns2tcp's TXT queries stop being a
     * tunnel flow. The per-host judgement (its own keys) relabels the flow as well, so it is made
     * strict too; with only the host judgement strict, the signature alone still finds the tunnel.
     */
    @Test
    void signatureThresholdsFromTheFileReachClassify() throws Exception {
        Path dns2tcp = Corpus.lab("dns-tunnel/dns-dns2tcp-s1.pcap");
        assertThat(dns2tcp).as("the shared corpus beside the repository").isRegularFile();
        CliRun.Result defaults = run("classify", "--summary-only", dns2tcp.toString());
        assertThat(defaults.out()).contains("DNS_Tunnel");
        String strictHost = "detectors:\n  dns-tunnel:\n    min-distinct-names: 100000000\n";
        Path hostOnly = dir.resolve("strict-host.yaml");
        Files.writeString(hostOnly, strictHost);
        CliRun.Result signatureAlone = run("classify", "--summary-only", "--config", hostOnly.toString(), dns2tcp.toString());
        assertThat(signatureAlone.exitCode()).isZero();
        assertThat(signatureAlone.out()).as("the signature alone").contains("DNS_Tunnel").doesNotContain("DNS_TUNNEL");
        Path f = dir.resolve("strict.yaml");
        Files.writeString(f, strictHost + "signatures:\n  dns-tunnel:\n    suspicious-queries: 100000\n    strong-reasons: 3\n");
        CliRun.Result strict = run("classify", "--summary-only", "--config", f.toString(), dns2tcp.toString());
        assertThat(strict.exitCode()).isZero();
        assertThat(strict.out()).doesNotContain("DNS_Tunnel").containsPattern("(?m)^DNS +benign +1 ");
    }

    @Test
    void windowSaysWhatItSets() {
        for (String cmd : List.of("run", "demo", "analyze")) {
            String help = run(cmd, "--help").out().replaceAll("\\s+", " ");
            assertThat(help).as(cmd).contains("--window=DURATION Sets detectors.port-activity.window: P2P_PORT_ACTIVITY: "
                    + "event-time window per host (default: 1m).");
        }
    }

    /**
     * The demo feeds all three inputs (flows, packets, proxy lines): its help offers every
     * detector's flags, proxy and packet ones included, and none of Kafka's (it starts its own
     * broker), and such a flag is refused.
     */
    @Test
    void demoOffersEveryDetectorsFlagsButNotKafkas() {
        String demo = run("demo", "--help").out();
        assertThat(demo).contains("--window=", "--min-port-flows=", "--internal=", "--port-table=", "--suppress-for=",
                "--tariff=", "--duration=", "--hosts=", "--speed=", "--report=", "--blacklist=", "--watch-list=",
                "--file-rules=", "--hour-quota-mb=", "--link=");
        for (String unused : List.of("--bootstrap", "--flows-topic", "--create-topics")) {
            assertThat(demo).as(unused).doesNotContain(unused);
        }
        assertThat(demo).doesNotContain("PT0S");
        assertThat(run("demo", "--bootstrap", "127.0.0.1:9").exitCode()).isEqualTo(2);
    }

    /** Every flag of the key table means the same to run (picocli) and to the job jar (JobArgs). */
    @Test
    void runAndTheJobJarAcceptTheSameFlagsWithTheSameMeaning() {
        List<String> checked = new ArrayList<>();
        for (Flag f : JobKeys.ALL.flags()) {
            List<String> spellings = f.kind() == Flag.Kind.NEGATABLE ? List.of(f.name(), f.negatedName()) : List.of(f.name());
            for (String spelling : spellings) {
                List<String> args = new ArrayList<>(List.of("--bootstrap", "127.0.0.1:9", spelling));
                if (f.kind() == Flag.Kind.VALUE) {
                    args.add(sample(f.paramLabel()));
                }
                if (f.appends()) {
                    args.addAll(List.of(spelling, sample(f.paramLabel())));
                }
                Settings viaCli = picocli(args);
                Settings viaJar = JobArgs.parse(JobKeys.ALL, args.toArray(String[]::new)).config()
                        .settings(JobKeys.ALL, Optional.empty(), Path.of(""));
                assertThat(viaCli).as(String.join(" ", args)).isEqualTo(viaJar);
                assertThat(viaCli).as(spelling + " sets something").isNotEqualTo(picocli(List.of("--bootstrap", "127.0.0.1:9")));
                checked.add(spelling);
            }
        }
        assertThat(checked).contains("--window", "--create-topics", "--no-create-topics", "--tariff", "--bootstrap");
    }

    private static Settings picocli(List<String> args) {
        CommandLine cl = PeerWatchCli.commandLine();
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(args);
        cl.parseArgs(all.toArray(String[]::new));
        CommandLine run = cl.getSubcommands().get("run");
        ConfigArgs uses = ((RunCommand) run.getCommand()).config().args();
        return uses.settings(JobKeys.ALL, Optional.empty(), Path.of(""));
    }

    private static String sample(String paramLabel) {
        Map<String, String> samples = Map.ofEntries(Map.entry("DURATION", "7m"), Map.entry("N", "3"), Map.entry("TOPIC", "t1"),
                Map.entry("FILE", "f.txt"), Map.entry("FILE[,FILE...]", "a.txt,b.txt"), Map.entry("CIDR[,CIDR...]", "10.0.0.0/8"),
                Map.entry("MB", "35"), Map.entry("HOST:PORT[,...]", "h:1"), Map.entry("HOST", "siem1"), Map.entry("ID", "g"), Map.entry("PREFIX", "p"),
                Map.entry("INPUT[,INPUT...]", "flows,proxy"), Map.entry("[TYPE=]DURATION", "P2P_CLIENT=5m"),
                Map.entry("CUR:PRICE_PER_MB[:FREE_MB]", "EUR:0.05:10"), Map.entry("IN[:OUT]", "10Mbit/s:2Mbit/s"));
        String s = samples.get(paramLabel);
        assertThat(s).as("a sample value for " + paramLabel).isNotNull();
        return s;
    }
}
