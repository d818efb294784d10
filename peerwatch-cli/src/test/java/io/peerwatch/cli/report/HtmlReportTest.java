package io.peerwatch.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HtmlReport} without a browser: escaping, the page's policy, what each section counts. */
class HtmlReportTest {

    @Test
    void textFromTheInputIsEscapedEverywhere() {
        String page = HtmlReport.render(ReportSamples.day());
        assertThat(page).doesNotContain("<img", "onerror=\"", "<script>document", "\u001b");
        assertThat(page).contains("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;");
        assertThat(HtmlReport.escape("a\u0000b\u0007c")).isEqualTo("a\uFFFDb\uFFFDc");
        // one script only: the page's own
        assertThat(Pattern.compile("<script>").matcher(page).results().count()).isEqualTo(1);
    }

    @Test
    void thePolicyAllowsOnlyThePagesOwnScriptAndLoadsNothing() throws Exception {
        String page = HtmlReport.render(ReportSamples.day());
        Matcher csp = Pattern.compile("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-([^']+)'\"")
                .matcher(page);
        assertThat(csp.find()).as("content security policy").isTrue();
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertThat(script.find()).isTrue();
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(csp.group(1)).isEqualTo(hash);
        assertThat(page).doesNotContain("http://", "https://", "src=\"");
    }

    @Test
    void p2pUsersAreDistinctHostsPerProtocol() {
        List<SvgCharts.Bar> bars = HtmlReport.p2pUsers(List.of(
                ReportSamples.alert(AlertType.P2P_CLIENT, "10.0.0.1", "BitTorrent", ReportSamples.T0, "x"),
                ReportSamples.alert(AlertType.P2P_BEHAVIOUR, "10.0.0.1", "BitTorrent", ReportSamples.T0, "x"),
                ReportSamples.alert(AlertType.P2P_PORT_ACTIVITY, "10.0.0.2", "BitTorrent", ReportSamples.T0, "x"),
                ReportSamples.alert(AlertType.P2P_CLIENT, "10.0.0.3", "Gnutella", ReportSamples.T0, "x"),
                ReportSamples.alert(AlertType.DNS_TUNNEL, "10.0.0.4", "DNS_Tunnel", ReportSamples.T0, "x")));
        assertThat(bars).containsExactly(new SvgCharts.Bar("BitTorrent", 2), new SvgCharts.Bar("Gnutella", 1));
    }

    @Test
    void emptySectionsSaySoInsteadOfDrawingAnEmptyChart(@TempDir Path tmp) throws Exception {
        ReportData empty = new ReportData("empty", Instant.EPOCH, List.of(), List.of(), List.of(), List.of(), List.of());
        Path f = tmp.resolve("report.html");
        HtmlReport.write(empty, f);
        String page = Files.readString(f);
        assertThat(page).doesNotContain("<svg").contains("No site volume in this run.", "No alerts in this run.",
                "No P2P user in this run.", "No cost estimated in this run.", "<span id=\"shown\">0</span> of 0 shown");
        try (var files = Files.list(tmp)) {
            assertThat(files).as("no temporary file left").containsExactly(f);
        }
    }

    @Test
    void unitsAreDecimalAsTheTariffCounts() {
        assertThat(HtmlReport.bytes(999)).isEqualTo("999 B");
        assertThat(HtmlReport.bytes(1_500_000)).isEqualTo("1.5 MB");
        assertThat(HtmlReport.rate(10_000_000)).isEqualTo("10.0 Mbit/s");
        assertThat(HtmlReport.money(new java.math.BigDecimal("11.33202972"))).isEqualTo("11.33");
        assertThat(HtmlReport.money(new java.math.BigDecimal("0.005"))).isEqualTo("0.01");
    }
}
