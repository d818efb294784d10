package io.peerwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.testing.Tools;
import io.peerwatch.testing.Tools.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format is loaded by its own tool in check mode: {@code nft -c -f},
 * {@code iptables-restore --test}, {@code ip6tables-restore --test}, {@code squid -k parse},
 * {@code unbound-checkconf} and BIND's {@code named-checkzone}. Nothing is applied: the tools
 * only parse (nft and iptables check the ruleset against the kernel without committing it), and
 * the last test proves the machine has no PeerWatch table or chain. Each tool is also shown a
 * broken file, so a tool that accepted anything could not make these tests pass. The tools come
 * from Debian (scripts/debian-packages.txt); nft and iptables need root, as ./peerwatch test
 * and CI run.
 */
class PolicyToolsTest {

    private static final PolicyFormat.Options OPTIONS = new PolicyFormat.Options(2026120601L);

    @TempDir
    Path dir;

    private static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        return Tools.run(workDir, command);
    }

    private Path write(PolicyFormat f, String name) throws IOException {
        return Files.writeString(dir.resolve(name), f.render(Fixtures.policy(), OPTIONS).text());
    }

    @Test
    void nftablesChecksTheRuleset() throws Exception {
        Path file = write(PolicyFormat.NFTABLES, "peerwatch.nft");
        Result r = run(dir, "nft", "-c", "-f", file.toString());
        assertThat(r.code()).as(r.output()).isZero();
        Path broken = Files.writeString(dir.resolve("broken.nft"), Files.readString(file)
                .replace("comment \"port table", "comment \"x\" port table"));
        assertThat(run(dir, "nft", "-c", "-f", broken.toString()).code()).isNotZero();
    }

    @Test
    void iptablesRestoreAcceptsBothFamiliesInTestMode() throws Exception {
        Path v4 = write(PolicyFormat.IPTABLES, "peerwatch.iptables");
        Path v6 = write(PolicyFormat.IP6TABLES, "peerwatch.ip6tables");
        for (String[] cmd : List.of(new String[] {"iptables-restore", "--test", v4.toString()},
                new String[] {"iptables-restore", "--test", "--noflush", v4.toString()},
                new String[] {"ip6tables-restore", "--test", v6.toString()},
                new String[] {"ip6tables-restore", "--test", "--noflush", v6.toString()})) {
            Result r = run(dir, cmd);
            assertThat(r.code()).as(String.join(" ", cmd) + "\n" + r.output()).isZero();
        }
        // the IPv4 file is not IPv6 input: the tool really parses what it is given
        assertThat(run(dir, "ip6tables-restore", "--test", v4.toString()).code()).isNotZero();
    }

    @Test
    void squidParsesAConfigurationThatIncludesTheAclsWithoutAWarning() throws Exception {
        Path acl = write(PolicyFormat.SQUID_ACL, "peerwatch-acl.conf");
        Result r = run(dir, "squid", "-k", "parse", "-f", squidConf(acl).toString());
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("Processing: acl peerwatch_domains dstdomain .tracker.p2p.example")
                .doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("error").doesNotContain("FATAL");
        Path broken = Files.writeString(dir.resolve("broken-acl.conf"), "acl peerwatch_dst dst 999.1.1.1\n");
        assertThat(run(dir, "squid", "-k", "parse", "-f", squidConf(broken).toString()).code()).isNotZero();
    }

    private Path squidConf(Path include) throws IOException {
        return Files.writeString(dir.resolve("squid-" + include.getFileName()), String.join("\n",
                "http_port 127.0.0.1:3128",
                "include " + include,
                "http_access deny all",
                "cache_log " + dir.resolve("cache.log"),
                "access_log none",
                "pid_filename none",
                ""));
    }

    @Test
    void unboundChecksTheLocalZonesAndLoadsTheResponsePolicyZone() throws Exception {
        Path zones = write(PolicyFormat.UNBOUND, "peerwatch-unbound.conf");
        Path rpz = write(PolicyFormat.RPZ, "peerwatch.rpz");
        Path conf = unboundConf(zones, rpz);
        Result r = run(dir, "unbound-checkconf", conf.toString());
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("no errors").doesNotContainIgnoringCase("warning");

        Path brokenZone = Files.writeString(dir.resolve("broken.rpz"), Files.readString(rpz) + "a.example IN BOGUSTYPE .\n");
        assertThat(run(dir, "unbound-checkconf", unboundConf(zones, brokenZone).toString()).code()).isNotZero();
        Path brokenZones = Files.writeString(dir.resolve("broken-unbound.conf"), "server:\n\tlocal-zone: \"a b.\" nope\n");
        assertThat(run(dir, "unbound-checkconf", unboundConf(brokenZones, rpz).toString()).code()).isNotZero();
    }

    private Path unboundConf(Path include, Path rpz) throws IOException {
        return Files.writeString(dir.resolve("unbound-" + include.getFileName() + "-" + rpz.getFileName() + ".conf"),
                String.join("\n",
                        "server:",
                        "\tinterface: 127.0.0.1",
                        "\tusername: \"\"",
                        "\tchroot: \"\"",
                        "\tdirectory: \"" + dir + "\"",
                        "\tpidfile: \"\"",
                        "\tmodule-config: \"respip validator iterator\"",
                        "include: \"" + include + "\"",
                        "rpz:",
                        "\tname: \"rpz.peerwatch.\"",
                        "\tzonefile: \"" + rpz + "\"",
                        ""));
    }

    @Test
    void bindLoadsTheResponsePolicyZone() throws Exception {
        Path rpz = write(PolicyFormat.RPZ, "peerwatch.rpz");
        Result r = run(dir, "named-checkzone", "rpz.peerwatch", rpz.toString());
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("loaded serial 2026120601").contains("OK");
        Path broken = Files.writeString(dir.resolve("broken.rpz"), Files.readString(rpz) + "bad name\\\" CNAME .\n");
        assertThat(run(dir, "named-checkzone", "rpz.peerwatch", broken.toString()).code()).isNotZero();
    }

    /** Runs last in the class too (JUnit's order is stable but not declared): nothing was applied. */
    @AfterAll
    static void nothingWasAppliedToTheMachine(@TempDir Path tmp) throws Exception {
        Result tables = run(tmp, "nft", "list", "tables");
        assertThat(tables.code()).as(tables.output()).isZero();
        assertThat(tables.output()).doesNotContain("peerwatch");
        List<String> chains = new ArrayList<>();
        for (String tool : List.of("iptables", "ip6tables")) {
            Result r = run(tmp, tool, "-S");
            assertThat(r.code()).as(r.output()).isZero();
            chains.add(r.output());
        }
        assertThat(chains).allSatisfy(c -> assertThat(c).doesNotContain("PEERWATCH"));
    }
}
