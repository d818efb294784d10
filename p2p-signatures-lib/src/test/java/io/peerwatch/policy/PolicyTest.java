package io.peerwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.ports.PortEntry;
import io.peerwatch.ports.PortTable;
import io.peerwatch.ports.Transport;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTest {

    private static String ranges(Policy p, Transport t) {
        return String.join(",", p.ports().stream().filter(r -> r.transport() == t).map(r -> r.range('-')).toList());
    }

    @Test
    void thePapersPortTableIsMergedPerTransport() {
        Policy p = Policy.builder().portTable(PortTable.defaults()).build();
        assertThat(ranges(p, Transport.TCP))
                .isEqualTo("411-412,1214,1285,1299,1331,1337,3135-3137,4661-4662,5665,6257,6346-6347,6699,6881-6889,6969");
        assertThat(ranges(p, Transport.UDP)).contains("4661-4662,4672,5665");
        PortRule dc = p.ports().get(0);
        assertThat(dc.reasons()).containsExactly(new Reason(Reason.Kind.PORT_TABLE, "DirectConnect 411,412/tcp"));
    }

    @Test
    void overlappingAndAdjacentRangesOfDifferentApplicationsMergeAndNameEveryEntry() {
        Policy p = Policy.builder().portTable(PortTable.of(List.of(
                new PortEntry("B", Transport.TCP, 6885, 6900),
                new PortEntry("A", Transport.TCP, 6881, 6889),
                new PortEntry("C", Transport.TCP, 6901, 6901),
                new PortEntry("D", Transport.TCP, 6903, 6903),
                new PortEntry("A", Transport.UDP, 6881, 6881)))).build();
        assertThat(ranges(p, Transport.TCP)).isEqualTo("6881-6901,6903");
        assertThat(ranges(p, Transport.UDP)).isEqualTo("6881");
        assertThat(p.ports().get(0).reasons()).extracting(Reason::text)
                .containsExactly("A 6881-6889/tcp", "B 6885-6900/tcp", "C 6901/tcp");
        assertThat(p.ports().get(0).reason()).isEqualTo("port table A 6881-6889/tcp (+2 more)");
    }

    @Test
    void blacklistRulesNameListAndLineAndHostileLinesAreSkippedWithTheirReason() {
        Policy p = Fixtures.policy();
        Function<String, NameRule> rule = n -> p.names().stream().filter(r -> r.name().name().equals(n)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule for " + n));
        assertThat(rule.apply("tracker.p2p.example").reasons()).extracting(Reason::toString)
                .containsExactly("blacklist hostile-hosts.txt:2", "blacklist hostile-hosts.txt:25");
        assertThat(rule.apply("xn--bcher-kva.example").reasons()).extracting(Reason::toString)
                .containsExactly("blacklist hostile-hosts.txt:9");
        assertThat(rule.apply("ok.example")).isNotNull();
        for (NameRule r : p.names()) {
            for (String bad : Fixtures.HOSTILE_FRAGMENTS) {
                assertThat(r.name().name()).doesNotContain(bad);
            }
        }
        List<String> skipped = p.report().skipped().stream().map(PolicyReport.Item::toString).toList();
        assertThat(skipped).anySatisfy(s -> assertThat(s).startsWith("blacklist hostile-hosts.txt:4:").contains("invalid domain"))
                .anySatisfy(s -> assertThat(s).startsWith("blacklist hostile-hosts.txt:14: com:").contains("single-label"))
                .anySatisfy(s -> assertThat(s).startsWith("blacklist hostile-hosts.txt:12: \\u202egpj.example:"))
                .anySatisfy(s -> assertThat(s).startsWith("blacklist hostile-hosts.txt:10: line\\u2028separator.example:"))
                .anySatisfy(s -> assertThat(s).contains("p2p-index.example/search?q=x: the path"));
        assertThat(skipped).allSatisfy(s -> assertThat(s).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\uffff]"));
        assertThat(p.urls()).extracting(u -> u.host() + u.pathPrefix()).containsExactly("p2p-index.example/files/");
    }

    @Test
    void suffixFormatsListOnlyTheOutermostDomainsButAHostsFileGetsEveryName() {
        Policy p = Fixtures.policy();
        assertThat(p.names()).extracting(r -> r.name().name()).contains("ads.tracker.p2p.example", "tracker.p2p.example");
        assertThat(p.blockedDomains()).extracting(r -> r.name().name()).contains("tracker.p2p.example")
                .doesNotContain("ads.tracker.p2p.example");
    }

    @Test
    void theAllowListIsHonouredAndEveryExemptedEntryReported() {
        Policy p = Fixtures.policy();
        assertThat(p.names()).extracting(r -> r.name().name())
                .doesNotContain("partner.example", "www.partner.example", "sub.cdn.partner-cdn.example");
        assertThat(p.hosts()).extracting(r -> r.address().toString()).doesNotContain("10.1.2.4");
        assertThat(p.destinations()).extracting(r -> r.address().toString()).doesNotContain("2001:db8:9::1");
        assertThat(p.report().exempted()).extracting(PolicyReport.Item::toString).contains(
                "blacklist hostile-hosts.txt:20: www.partner.example: exempt exempt.txt:2 (partner.example)",
                "blacklist hostile-hosts.txt:21: sub.cdn.partner-cdn.example: exempt exempt.txt:3 (sub.cdn.partner-cdn.example)");
        assertThat(p.report().exempted()).anySatisfy(i -> assertThat(i.toString()).contains("10.1.2.4: exempt exempt.txt:5"));
        // an exempt domain under a blocked one is let through by DNS formats
        assertThat(p.passDomains()).extracting(d -> d.domain().name()).containsExactly("sub.cdn.partner-cdn.example");
        assertThat(p.report().exemptedCount()).isEqualTo(p.report().exempted().size());
    }

    @Test
    void alertsAreSelectedByTimeAndSeverityAndInternalDestinationsAreNeverBlocked() {
        Policy p = Fixtures.policy();
        assertThat(p.report().alerts()).isEqualTo(new PolicyReport.AlertCounts(8, 6, 1, 1));
        assertThat(p.destinations()).extracting(r -> r.address().toString()).containsExactly("2001:db8::7")
                .doesNotContain("198.51.100.20", "198.51.100.21", "10.1.2.99");
        assertThat(p.hosts()).extracting(r -> r.address().toString())
                .containsExactly("10.1.2.3", "10.1.2.5", "10.1.2.6", "fd00::3");
        assertThat(p.names()).extracting(r -> r.name().name()).contains("peer.p2p-net.example", "dl.warez.example");
        assertThat(p.report().skipped()).extracting(PolicyReport.Item::toString)
                .anySatisfy(s -> assertThat(s).endsWith("10.1.2.99: an internal address is never blocked as a destination"))
                .anySatisfy(s -> assertThat(s).contains("NONSTANDARD_CONNECT: x\";drop.example: not exportable"));
        AddressRule host = p.hosts().get(0);
        assertThat(host.reasons()).hasSize(2).allSatisfy(r -> assertThat(r.kind()).isEqualTo(Reason.Kind.ALERT));
    }

    @Test
    void hostsCanBeLeftOutAndTheSeverityRaised() {
        Policy p = Policy.builder().alerts(Fixtures.alerts(),
                new AlertSelection(Fixtures.NOW - 24 * Fixtures.HOUR, Severity.HIGH, false)).build();
        assertThat(p.hosts()).isEmpty();
        assertThat(p.report().alerts().belowSeverity()).isEqualTo(3);
        assertThat(p.destinations()).extracting(r -> r.address().toString()).containsExactly("2001:db8::7", "2001:db8:9::1");
    }

    @Test
    void aBadAllowListLineFailsNamingFileAndLine() {
        assertThatThrownBy(() -> Exemptions.parse(new StringReader("ok.example\n10.0.0.0/33\n"), "exempt.txt"))
                .hasMessageStartingWith("exempt.txt:2: not an address or network");
        assertThatThrownBy(() -> Exemptions.parse(new StringReader("\n\nbad;name\n"), "exempt.txt"))
                .hasMessageStartingWith("exempt.txt:3: not an address, network or domain");
        Exemptions e = Fixtures.exemptions();
        assertThat(e.covering(IpAddress.parse("10.9.200.1"))).isPresent();
        assertThat(e.covering(DnsName.parse("a.b.partner.example"))).map(d -> d.reason().text()).contains("exempt.txt:2");
        assertThat(e.covering(DnsName.parse("cdn.partner-cdn.example"))).isEmpty();
    }

    @Test
    void anAllowListFileThatIsNotUtf8FailsNamingFileLineAndByte(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("allow.txt"), "10.0.0.1\nok.example\nb\u00fcro.example\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Exemptions.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(f + ":3: not UTF-8 text (byte 0xfc at column 2)");
        assertThatThrownBy(() -> Exemptions.load(dir)).hasMessage("cannot read allow-list " + dir + ": is a directory");
        Path ok = Files.writeString(dir.resolve("ok.txt"), "# partners\n\nb\u00fcro.example  # IDN\n*.partner.example\n");
        assertThat(Exemptions.load(ok).domains()).extracting(d -> d.domain().name() + " " + d.reason())
                .containsExactly("xn--bro-hoa.example exempt ok.txt:3", "partner.example exempt ok.txt:4");
    }

    @Test
    void aBlacklistLineThatIsNotUtf8IsLeftOutWithListAndLineAndTheRestCounts(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("list.txt"), "a.example\ncaf\u00e9.example\nb.example\n".getBytes(StandardCharsets.ISO_8859_1));
        Policy p = Policy.builder().blacklist(f).build();
        assertThat(p.names()).extracting(r -> r.name().name()).containsExactly("a.example", "b.example");
        assertThat(p.report().skipped()).singleElement().hasToString(
                "blacklist list.txt:2: caf\\ufffd.example: not exportable: bytes that are not UTF-8 text");
    }

    @Test
    void theSameInputsGiveTheSamePolicy() {
        Policy a = Fixtures.policy();
        Policy b = Fixtures.policy();
        assertThat(a.names()).isEqualTo(b.names());
        assertThat(a.report()).isEqualTo(b.report());
        assertThat(Fixtures.flowAlert(AlertType.P2P_CLIENT, "10.0.0.1", "192.0.2.1", Severity.HIGH, 5).id())
                .isEqualTo(Fixtures.flowAlert(AlertType.P2P_CLIENT, "10.0.0.1", "192.0.2.1", Severity.HIGH, 5).id());
    }
}
