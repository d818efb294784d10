package io.peerwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.blacklist.BlacklistParser;
import io.peerwatch.blacklist.BlacklistLoadReport;
import io.peerwatch.core.IpAddress;
import io.peerwatch.ports.PortTable;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each renderer writes, without the tools (PolicyToolsTest runs the tools on the same files). */
class PolicyFormatsTest {

    private static final PolicyFormat.Options OPTIONS = new PolicyFormat.Options(2026120601L);

    private static Rendering render(PolicyFormat f) {
        return f.render(Fixtures.policy(), OPTIONS);
    }

    @ParameterizedTest
    @EnumSource(PolicyFormat.class)
    void noHostileTextReachesTheOutputAndEveryLineIsPrintableAscii(PolicyFormat f) {
        String text = render(f).text();
        for (String bad : Fixtures.HOSTILE_FRAGMENTS) {
            assertThat(text).as(f.id()).doesNotContain(bad);
        }
        assertThat(text).doesNotContain("drop.example", "evil.example", "quoted.example", "gpj.example");
        for (String line : text.split("\n")) {
            assertThat(line).as(f.id() + " line").matches("[\\x20-\\x7e\\t]*");
        }
    }

    @ParameterizedTest
    @EnumSource(PolicyFormat.class)
    void theSameInputsGiveTheSameFileAndItsRulesReadBackAsWritten(PolicyFormat f) {
        Rendering r = render(f);
        assertThat(render(f).text()).isEqualTo(r.text());
        assertThat(r.rules()).isNotEmpty();
        Map<String, String> read = f.readRules(r.text());
        assertThat(read.keySet()).containsExactlyElementsOf(r.rules().stream().map(RenderedRule::key).toList());
        assertThat(read.values()).containsExactlyElementsOf(r.rules().stream().map(RenderedRule::reason).toList());
        assertThat(r.rules()).allSatisfy(rule -> assertThat(rule.reason()).isNotBlank());
        assertThat(r.text()).startsWith((f == PolicyFormat.RPZ ? ";" : "#") + " PeerWatch policy export, format " + f.id() + "\n");
    }

    @ParameterizedTest
    @EnumSource(PolicyFormat.class)
    void aFileOfAnotherFormatIsNotTakenForAnEarlierExport(PolicyFormat f) {
        PolicyFormat other = f == PolicyFormat.HOSTS ? PolicyFormat.UNBOUND : PolicyFormat.HOSTS;
        String text = other.render(Fixtures.policy(), OPTIONS).text();
        assertThatThrownBy(() -> f.readRules(text)).hasMessageContaining("not a PeerWatch " + f.id() + " export");
    }

    @Test
    void nftablesDropsPortsBothWaysAndLetsExemptNetworksPassFirst() {
        String t = render(PolicyFormat.NFTABLES).text();
        assertThat(t).contains("\t\ttcp dport 6881-6889 counter drop comment \"port table BitTorrent 6881-6889/tcp\"\n",
                "\t\ttcp sport 6881-6889 counter drop comment \"port table BitTorrent 6881-6889/tcp\"\n",
                "\t\tudp dport 4672 counter drop",
                "\t\tip6 daddr 2001:db8::7 counter drop comment \"alert ",
                "\t\tip saddr 10.1.2.3 counter drop comment \"alert ");
        assertThat(t.indexOf("ip saddr 10.9.0.0/16 accept")).isPositive().isLessThan(t.indexOf("tcp dport 411-412"));
        assertThat(t).startsWith("# PeerWatch").contains("table inet peerwatch\ndelete table inet peerwatch\n");
    }

    @Test
    void iptablesSplitsTheFamiliesAndNotesWhatItLeftOut() {
        Rendering v4 = render(PolicyFormat.IPTABLES);
        Rendering v6 = render(PolicyFormat.IP6TABLES);
        assertThat(v4.text()).contains("-A PEERWATCH -p tcp -m tcp --dport 6881:6889 -m comment --comment "
                + "\"port table BitTorrent 6881-6889/tcp\" -j DROP").doesNotContain("2001:db8").endsWith("COMMIT\n");
        assertThat(v6.text()).contains("-A PEERWATCH -d 2001:db8::7/128").doesNotContain("10.1.2.3");
        assertThat(v4.notes()).anySatisfy(n -> assertThat(n).startsWith("3 IPv6 addresses"));
        assertThat(v4.rules()).extracting(RenderedRule::key).contains("-A PEERWATCH -s 10.9.0.0/16 -j RETURN");
    }

    @Test
    void squidDeniesWithoutEverAllowingAndExcludesExemptions() {
        String t = render(PolicyFormat.SQUID_ACL).text();
        assertThat(t).doesNotContain("http_access allow");
        assertThat(t).contains("# blacklist hostile-hosts.txt:2 (+1 more)\nacl peerwatch_domains dstdomain .tracker.p2p.example\n",
                "acl peerwatch_p2p_ports port 6881-6889\n",
                "acl peerwatch_urls url_regex -i ^[a-z][a-z0-9+.-]*://([^/?#]*\\.)?p2p-index\\.example(:[0-9]+)?/files/\n",
                "http_access deny peerwatch_domains !peerwatch_exempt_src !peerwatch_exempt_domains\n",
                "http_access deny peerwatch_hosts\n");
        assertThat(t).doesNotContain(".ads.tracker.p2p.example", "port 4672");
    }

    @Test
    void dnsFormatsBlockDomainsWithSubdomainsAndLetExemptSubdomainsResolve() {
        String unbound = render(PolicyFormat.UNBOUND).text();
        assertThat(unbound).contains("server:\n", "\tlocal-zone: \"tracker.p2p.example.\" always_nxdomain\n",
                "\tlocal-zone: \"sub.cdn.partner-cdn.example.\" transparent\n").doesNotContain("ads.tracker");
        Rendering rpz = render(PolicyFormat.RPZ);
        assertThat(rpz.text()).contains("@ IN SOA localhost. hostmaster.localhost. 2026120601 ",
                "\ntracker.p2p.example CNAME . ; blacklist hostile-hosts.txt:2 (+1 more)\n",
                "\n*.tracker.p2p.example CNAME . ;",
                "\nsub.cdn.partner-cdn.example CNAME rpz-passthru. ; exempt exempt.txt:3\n",
                "\n128.7.zz.db8.2001.rpz-ip CNAME . ; alert ",
                "\n32.3.2.1.10.rpz-client-ip CNAME . ; alert ",
                "\n16.0.0.9.10.rpz-client-ip CNAME rpz-passthru. ; exempt exempt.txt:4\n");
        assertThat(rpz.text()).doesNotContain("1.0.0.127.rpz-ip CNAME");
        assertThat(rpz.notes()).anySatisfy(n -> assertThat(n).startsWith("1 names under an rpz-* top-level label"));
    }

    @Test
    void rpzAddressTriggersFollowTheRpzSpelling() {
        assertThat(RpzRenderer.ip(IpAddress.parse("192.0.2.1"), 32)).isEqualTo("32.1.2.0.192");
        assertThat(RpzRenderer.ip(IpAddress.parse("2001:db8::1"), 128)).isEqualTo("128.1.zz.db8.2001");
        assertThat(RpzRenderer.ip(IpAddress.parse("2001:db8:0:1:0:0:0:5"), 128)).isEqualTo("128.5.zz.1.0.db8.2001");
        assertThat(RpzRenderer.ip(IpAddress.parse("2001:db8:1:2:3:4:5:6"), 128)).isEqualTo("128.6.5.4.3.2.1.db8.2001");
    }

    @Test
    void aHostsFileListsEveryNameAndReadsBackThroughTheBlacklistParser() throws Exception {
        Policy p = Fixtures.policy();
        String hosts = PolicyFormat.HOSTS.render(p, OPTIONS).text();
        for (String line : hosts.split("\n")) {
            assertThat(line).matches("#.*|0\\.0\\.0\\.0 [a-z0-9_.-]+ # [A-Za-z0-9 ._:/,()=+@-]+");
        }
        BlacklistParser.Result read = new BlacklistParser().add(new StringReader(hosts), "export").build();
        BlacklistLoadReport report = read.report();
        assertThat(report.badLineCount()).isZero();
        assertThat(report.domains()).isEqualTo(p.names().size());
        for (NameRule r : p.names()) {
            assertThat(read.list().contains(r.name().name())).as(r.name().name()).isTrue();
        }
    }

    @Test
    void theDiffComparesRuleSetsNotText() throws Exception {
        Policy before = Policy.builder().portTable(PortTable.defaults()).blacklist(listOf("a.example", "b.example"), "list.txt").build();
        // reordered list with other line numbers and one name replaced
        Policy after = Policy.builder().portTable(PortTable.defaults()).blacklist(listOf("# moved", "c.example", "a.example"), "list.txt")
                .build();
        for (PolicyFormat f : List.of(PolicyFormat.HOSTS, PolicyFormat.UNBOUND, PolicyFormat.RPZ, PolicyFormat.SQUID_ACL)) {
            Map<String, String> previous = f.readRules(f.render(before, OPTIONS).text());
            PolicyDiff d = PolicyDiff.between(previous, f.render(after, OPTIONS));
            Set<String> added = d.added().stream().map(RenderedRule::key).collect(Collectors.toSet());
            Set<String> removed = d.removed().stream().map(RenderedRule::key).collect(Collectors.toSet());
            assertThat(added).as(f.id()).allSatisfy(k -> assertThat(k).contains("c.example")).isNotEmpty();
            assertThat(removed).as(f.id()).allSatisfy(k -> assertThat(k).contains("b.example")).isNotEmpty();
            assertThat(d.unchanged()).isPositive();
            assertThat(d.toText()).contains("+ ").contains("- ").endsWith(added.size() + " added, " + removed.size()
                    + " removed, " + d.unchanged() + " unchanged\n");
            assertThat(PolicyDiff.between(f.readRules(f.render(after, OPTIONS).text()), f.render(after, OPTIONS)).isEmpty())
                    .isTrue();
        }
    }

    @Test
    void aDiffShowsAHandEditedEarlierFileWithoutItsControlCharacters() throws Exception {
        Policy now = Policy.builder().blacklist(new StringReader("a.example\n"), "list.txt").build();
        // someone edited the earlier export: an escape sequence in a rule and in its comment
        String edited = PolicyFormat.HOSTS.render(now, OPTIONS).text()
                + "0.0.0.0 x\u001b[2J.example # hand \u001b]0;title\u0007 edit \u00e9\n";
        PolicyDiff d = PolicyDiff.between(PolicyFormat.HOSTS.readRules(edited), PolicyFormat.HOSTS.render(now, OPTIONS));
        assertThat(d.removed()).hasSize(1);
        assertThat(d.toText()).isEqualTo("- 0.0.0.0 x?[2J.example    # hand ?]0;title? edit ?\n0 added, 1 removed, 1 unchanged\n");
    }

    @Test
    void aRuleKeyIsItsTextWithWhiteSpaceRunsFolded() {
        String plain = "0.0.0.0 a.example";
        assertThat(LineFormat.collapse(plain)).isSameAs(plain);
        assertThat(LineFormat.collapse(" 0.0.0.0\t a.example  ")).isEqualTo(plain);
        assertThat(LineFormat.collapse("0.0.0.0  a.example")).isEqualTo(plain);
        assertThat(LineFormat.collapse("\u2003x y\u2003")).isEqualTo("x y");
        assertThat(LineFormat.collapse("x")).isEqualTo("x");
    }

    private static java.io.Reader listOf(String... lines) {
        return new StringReader(String.join("\n", lines) + "\n");
    }
}
