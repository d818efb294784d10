package io.peerwatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SquidLogParserTest {

    private static final IpAddress WORKSTATION = IpAddress.parse("198.18.1.40");

    private static ProxyRecord one(ProxyLogFormat f, String line) throws ProxyLogException {
        return f.newParser().parse(line, "test.log", 1).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"benign-proxy", "http-tunnel"})
    void everyLabLineParsesAndFormatsAgree(String scenario) {
        Path nativeLog = LabLogs.file(scenario, "squid-access-native.log");
        Path combinedLog = LabLogs.file(scenario, "squid-access-combined.log");
        List<String> nativeLines = LabLogs.lines(nativeLog).stream().filter(s -> !s.isBlank()).toList();
        List<ProxyRecord> n = LabLogs.native_(scenario);
        List<ProxyRecord> c = LabLogs.combined(scenario);
        assertThat(n).hasSize(nativeLines.size());
        assertThat(c).hasSameSizeAs(n);
        for (int i = 0; i < n.size(); i++) {
            ProxyRecord a = n.get(i);
            ProxyRecord b = c.get(i);
            assertThat(b.client()).isEqualTo(a.client());
            assertThat(b.method()).isEqualTo(a.method());
            assertThat(b.url()).isEqualTo(a.url());
            assertThat(b.host()).isEqualTo(a.host());
            assertThat(b.port()).isEqualTo(a.port());
            assertThat(b.status()).isEqualTo(a.status());
            assertThat(b.bytesToClient()).isEqualTo(a.bytesToClient());
            assertThat(b.action()).isEqualTo(a.action());
            assertThat(b.hierarchy()).isEqualTo(a.hierarchy());
            // combined has whole seconds (%tl); native has milliseconds (%ts.%03tu)
            assertThat(b.timestampMs()).isEqualTo(a.timestampMs() / 1000 * 1000);
        }
        // the combined format read from the lab's own squid.conf parses the same
        ProxyLogFormat fromConf = ProxyLogFormat.fromSquidConf(LabLogs.lines(LabLogs.file(scenario, "squid.conf")), "combined");
        assertThat(LabLogs.parseAll(combinedLog, fromConf)).isEqualTo(c);
        assertThat(ProxyLogFormat.detect(LabLogs.lines(nativeLog))).contains(ProxyLogFormat.SQUID_NATIVE);
        assertThat(ProxyLogFormat.detect(LabLogs.lines(combinedLog))).contains(ProxyLogFormat.COMBINED);
    }

    @Test
    void nativeFieldsMatchTheRawLine() {
        List<ProxyRecord> n = LabLogs.native_("benign-proxy");
        // 1795607374.922     98 198.18.1.40 TCP_MISS/200 5243174 GET http://files.example.test/downloads/quarterly-report.zip - HIER_DIRECT/198.18.1.30 application/zip
        ProxyRecord zip = n.get(7);
        assertThat(zip.timestampMs()).isEqualTo(1_795_607_374_922L);
        assertThat(zip.durationMs()).isEqualTo(98);
        assertThat(zip.client()).isEqualTo(WORKSTATION);
        assertThat(zip.action()).contains("TCP_MISS");
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.bytesToClient()).isEqualTo(5_243_174L);
        assertThat(zip.method()).isEqualTo("GET");
        assertThat(zip.url()).isEqualTo("http://files.example.test/downloads/quarterly-report.zip");
        assertThat(zip.host()).contains("files.example.test");
        assertThat(zip.port()).isEqualTo(80);
        assertThat(zip.path()).isEqualTo("/downloads/quarterly-report.zip");
        assertThat(zip.user()).isEmpty();
        assertThat(zip.subject()).isEqualTo("198.18.1.40");
        assertThat(zip.hierarchy()).contains("HIER_DIRECT");
        assertThat(zip.peer()).contains("198.18.1.30");
        assertThat(zip.contentType()).contains("application/zip");
        assertThat(zip.bytesFromClient()).isEmpty();
        // 1795607376.849     33 198.18.1.40 TCP_TUNNEL/200 7175 CONNECT secure.example.test:443 - HIER_DIRECT/198.18.1.30 -
        ProxyRecord tls = n.get(10);
        assertThat(tls.isConnect()).isTrue();
        assertThat(tls.host()).contains("secure.example.test");
        assertThat(tls.port()).isEqualTo(443);
        assertThat(tls.action()).contains("TCP_TUNNEL");
        assertThat(tls.contentType()).isEmpty();
        assertThat(tls.path()).isEmpty();
    }

    @Test
    void tunnelLogFieldsMatchTheRawLine() {
        List<ProxyRecord> n = LabLogs.native_("http-tunnel");
        // 1795607587.706   1258 198.18.1.40 TCP_MISS_ABORTED/000 0 POST http://198.18.1.30:8888/index.html? - HIER_DIRECT/198.18.1.30 -
        ProxyRecord post = n.get(0);
        assertThat(post.timestampMs()).isEqualTo(1_795_607_587_706L);
        assertThat(post.durationMs()).isEqualTo(1258);
        assertThat(post.status()).isZero();
        assertThat(post.action()).contains("TCP_MISS_ABORTED");
        assertThat(post.host()).contains("198.18.1.30");
        assertThat(post.port()).isEqualTo(8888);
        assertThat(post.path()).isEqualTo("/index.html");
        assertThat(post.query()).contains("");
        ProxyRecord last = n.get(n.size() - 1);
        assertThat(last.url()).isEqualTo("198.18.1.30:4662");
        assertThat(last.port()).isEqualTo(4662);
        assertThat(last.bytesToClient()).isEqualTo(200_039L);
        assertThat(last.durationMs()).isEqualTo(3028);

        List<ProxyRecord> c = LabLogs.combined("http-tunnel");
        // ... "CONNECT 198.18.1.30:4662 HTTP/1.0" 200 200039 "-" "-" TCP_TUNNEL:HIER_DIRECT
        ProxyRecord lastC = c.get(c.size() - 1);
        assertThat(lastC.timestampMs()).isEqualTo(1_795_607_614_000L);
        assertThat(lastC.userAgent()).isEmpty();
        assertThat(lastC.referer()).isEmpty();
        assertThat(lastC.action()).contains("TCP_TUNNEL");
        assertThat(lastC.hierarchy()).contains("HIER_DIRECT");
        ProxyRecord firstBenign = LabLogs.combined("benign-proxy").get(0);
        assertThat(firstBenign.userAgent()).contains("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        assertThat(firstBenign.referer()).contains("http://www.example.test/");
    }

    @Test
    void nativeWithUserIpv6AndMimeHeadersAppended() throws ProxyLogException {
        ProxyRecord e = one(ProxyLogFormat.SQUID_NATIVE,
                "1700000000.005 120000 2001:db8::7 TCP_TUNNEL/200 12345 CONNECT [2001:db8::1]:6881 CORP%5Calice"
                        + " HIER_DIRECT/2001:db8::1 - [Host: x\\r\\n] []");
        assertThat(e.timestampMs()).isEqualTo(1_700_000_000_005L);
        assertThat(e.client()).isEqualTo(IpAddress.parse("2001:db8::7"));
        assertThat(e.user()).contains("CORP\\alice");
        assertThat(e.subject()).isEqualTo("CORP\\alice");
        assertThat(e.host()).contains("2001:db8::1");
        assertThat(e.port()).isEqualTo(6881);
        assertThat(e.destination()).isEqualTo("[2001:db8::1]:6881");
        assertThat(e.durationMs()).isEqualTo(120_000);
        assertThat(e.peer()).contains("2001:db8::1");
    }

    @Test
    void squidErrorLinesAreRecordsWithoutHost() throws ProxyLogException {
        ProxyRecord e = one(ProxyLogFormat.SQUID_NATIVE,
                "1700000000.000      0 10.0.0.5 NONE_NONE/400 3941 NONE error:invalid-request - HIER_NONE/- text/html");
        assertThat(e.method()).isEqualTo("NONE");
        assertThat(e.host()).isEmpty();
        assertThat(e.peer()).isEmpty();
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void apacheCommonAndCombinedLinesParse() throws ProxyLogException {
        ProxyRecord common = one(ProxyLogFormat.COMMON,
                "10.1.2.3 - bob [10/Oct/2000:13:55:36 -0700] \"GET http://example.com/a.gif HTTP/1.0\" 200 2326");
        assertThat(common.user()).contains("bob");
        assertThat(common.timestampMs()).isEqualTo(971_211_336_000L);
        assertThat(common.action()).isEmpty();
        ProxyRecord squidCommon = one(ProxyLogFormat.COMMON,
                "10.1.2.3 - - [10/Oct/2000:13:55:36 +0000] \"GET http://example.com/ HTTP/1.1\" 304 - TCP_IMS_HIT:HIER_NONE");
        assertThat(squidCommon.bytesToClient()).isZero();
        assertThat(squidCommon.action()).contains("TCP_IMS_HIT");
        ProxyRecord combined = one(ProxyLogFormat.COMBINED,
                "10.1.2.3 - - [10/Oct/2000:13:55:36 +0000] \"POST http://example.com/up HTTP/1.1\" 200 12"
                        + " \"-\" \"Agent \\\"quoted\\\" 1.0\"");
        assertThat(combined.userAgent()).contains("Agent \"quoted\" 1.0");
        assertThat(combined.method()).isEqualTo("POST");
        assertThat(ProxyLogFormat.detect(List.of(
                "10.1.2.3 - - [10/Oct/2000:13:55:36 +0000] \"GET http://example.com/ HTTP/1.1\" 200 5"))).contains(ProxyLogFormat.COMMON);
    }

    @Test
    void customLogformatWithRequestSizeUserAndHeaders() throws ProxyLogException {
        ProxyLogFormat f = ProxyLogFormat.logformat(
                "logformat siem %ts.%03tu %tr %>a %un %Ss/%03>Hs %<st %>st %rm %ru %Sh/%<a %mt \"%{User-Agent}>h\""
                        + " \"%{Content-Type}>h\"");
        ProxyRecord e = one(f, "1700000000.250 5 10.0.0.9 carol TCP_MISS/200 512 70000 POST http://t.example/up?x=1"
                + " HIER_DIRECT/203.0.113.5 application/octet-stream \"curl/8.0\" \"application/octet-stream\"");
        assertThat(e.bytesFromClient()).hasValue(70_000L);
        assertThat(e.user()).contains("carol");
        assertThat(e.userAgent()).contains("curl/8.0");
        assertThat(e.requestContentType()).contains("application/octet-stream");
        assertThat(e.query()).contains("x=1");
        assertThat(f.kind()).isEqualTo(ProxyLogFormat.Kind.SQUID_LOGFORMAT);
    }

    @Test
    void customTimeLayoutAndHostHeader() throws ProxyLogException {
        ProxyLogFormat f = ProxyLogFormat.named("logformat:%>a [%{%Y-%m-%d %H:%M:%S}tg] %rm %rp %{Host}>h %>Hs %<st");
        ProxyRecord e = one(f, "10.0.0.1 [2026-11-25 11:49:30] GET /files/a.mp3 cdn.example:8080 200 99");
        assertThat(e.timestampMs()).isEqualTo(1_795_607_370_000L);
        assertThat(e.url()).isEqualTo("/files/a.mp3");
        assertThat(e.host()).contains("cdn.example");
        assertThat(e.port()).isEqualTo(8080);
        assertThat(e.path()).isEqualTo("/files/a.mp3");
    }

    @Test
    void unknownOrAmbiguousCodesFailAtConstruction() {
        assertThatThrownBy(() -> ProxyLogFormat.logformat("%>a %ts %rm %ru %zz"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'%zz'").hasMessageContaining("column 17");
        assertThatThrownBy(() -> ProxyLogFormat.logformat("%ts %rm %ru"))
                .hasMessageContaining("client address");
        assertThatThrownBy(() -> ProxyLogFormat.logformat("%>a %ts%tr %rm %ru"))
                .hasMessageContaining("no separator");
        assertThatThrownBy(() -> ProxyLogFormat.logformat("%>a [%{%Q}tl] %rm %ru"))
                .hasMessageContaining("%Q");
        assertThatThrownBy(() -> ProxyLogFormat.named("w3c")).hasMessageContaining("unknown proxy log format");
    }

    @Test
    void badLinesNameLineAndReasonAndTheRestStillParses() {
        List<String> file = List.of(
                "1700000000.000 10 10.0.0.1 TCP_MISS/200 100 GET http://a.example/ - HIER_DIRECT/1.2.3.4 text/html",
                "1700000000.000 10 10.0.0.1 TCP_MISS/abc 100 GET http://a.example/ - HIER_DIRECT/1.2.3.4 text/html",
                "1700000001.000 10 10.0.0.1 TCP_MISS/200 100 GET http://b.example/ - HIER_DIRECT/1.2.3.4 text/html",
                "1700000002.000 10 not-an-ip TCP_MISS/200 100 GET http://c.example/ - HIER_DIRECT/1.2.3.4 text/html",
                "1700000003.000 10 10.0.0.1 TCP_MISS/200",
                "",
                "1700000004.000 10 10.0.0.1 TCP_MISS/200 100 GET http://d.example/ - HIER_DIRECT/1.2.3.4 text/html");
        ProxyLogParser p = ProxyLogFormat.SQUID_NATIVE.newParser();
        List<ProxyRecord> ok = new ArrayList<>();
        List<ProxyLogException> bad = new ArrayList<>();
        long n = 0;
        for (String line : file) {
            try {
                p.parse(line, "access.log", ++n).ifPresent(ok::add);
            } catch (ProxyLogException e) {
                bad.add(e);
            }
        }
        assertThat(ok).extracting(ProxyRecord::host).containsExactly(
                Optional.of("a.example"), Optional.of("b.example"), Optional.of("d.example"));
        assertThat(bad).extracting(ProxyLogException::lineNumber).containsExactly(2L, 4L, 5L);
        assertThat(bad.get(0)).hasMessageStartingWith("access.log:2: ").hasMessageContaining("status");
        assertThat(bad.get(1).getMessage()).startsWith("access.log:4: ").contains("client address is not an IP");
        assertThat(bad.get(2).getMessage()).startsWith("access.log:5: ").contains("line ends");
        assertThat(bad.get(2).source()).isEqualTo("access.log");
        assertThat(bad.get(2).excerpt()).isEqualTo(file.get(4));
    }

    @Test
    void badCombinedLinesGiveReasons() {
        ProxyLogParser p = ProxyLogFormat.COMBINED.newParser();
        assertThatThrownBy(() -> p.parse("10.0.0.1 - - [32/Nov/2026:11:49:30 +0000] \"GET http://a/ HTTP/1.1\" 200 1 \"-\" \"-\"",
                "c.log", 7)).isInstanceOf(ProxyLogException.class).hasMessageStartingWith("c.log:7: ").hasMessageContaining("bad date");
        assertThatThrownBy(() -> p.parse("10.0.0.1 - - [25/Nov/2026:11:49:30 +0000] \"GET http://a/ HTTP/1.1\" 200 1 \"-\" \"unterminated",
                "c.log", 8)).isInstanceOf(ProxyLogException.class).hasMessageContaining("User-Agent");
        assertThatThrownBy(() -> p.parse("10.0.0.1 - - [25/Nov/2026:11:49:30 +0000] \"GET http://a/ HTTP/1.1\" 200 1 \"-\" \"-\" X:Y junk",
                "c.log", 9)).isInstanceOf(ProxyLogException.class).hasMessageContaining("unexpected text");
    }

    @Test
    void detectGivesUpOnUnknownText() {
        assertThat(ProxyLogFormat.detect(List.of("hello world", "this is not a proxy log"))).isEmpty();
        assertThat(ProxyLogFormat.detect(List.of())).isEmpty();
    }

    @Test
    void implausibleReplySizesAreRejectedNotSummed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> one(ProxyLogFormat.SQUID_NATIVE,
                "1700000000.005 120 10.0.0.7 TCP_MISS/200 999999999999999999 GET http://a.example/x - HIER_DIRECT/1.2.3.4 -"))
                .isInstanceOf(ProxyLogException.class).hasMessageContaining("implausibly large");
    }
}
