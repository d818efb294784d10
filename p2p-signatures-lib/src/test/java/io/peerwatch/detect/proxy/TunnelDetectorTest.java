package io.peerwatch.detect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.LabLogs;
import io.peerwatch.proxy.ProxyRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TunnelDetectorTest {

    private static final IpAddress CLIENT = IpAddress.parse("10.0.0.7");
    private final TunnelDetector detector = new TunnelDetector(TunnelConfig.defaults());

    /** Runs both entry points over a log, one shape window per key covering the whole log. */
    private List<Alert> run(List<ProxyRecord> entries) {
        List<Alert> out = new ArrayList<>();
        Map<String, TunnelWindow> windows = new LinkedHashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ProxyRecord e : entries) {
            detector.inspectConnect(e).ifPresent(out::add);
            detector.observe(windows.computeIfAbsent(TunnelDetector.keyOf(e), k -> new TunnelWindow()), e);
            first = Math.min(first, e.timestampMs());
            last = Math.max(last, e.timestampMs());
        }
        for (TunnelWindow w : windows.values()) {
            detector.evaluate(w, first, last + 1).ifPresent(out::add);
        }
        return out;
    }

    private static List<ProxyRecord> lab(String scenario, boolean nativeFormat) {
        return nativeFormat ? LabLogs.native_(scenario) : LabLogs.combined(scenario);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void labTunnellingClientsAreFlaggedWithTheRightTypes(boolean nativeFormat) {
        List<Alert> f = run(lab("http-tunnel", nativeFormat));
        List<Alert> connects = f.stream().filter(x -> x.type() == AlertType.NONSTANDARD_CONNECT).toList();
        // proxytunnel -> CONNECT 6346 (Gnutella), corkscrew -> CONNECT 4662 (eDonkey)
        assertThat(connects).extracting(Alert::protocol).containsExactly(Optional.of("Gnutella"), Optional.of("eDonkey"));
        assertThat(connects).allSatisfy(x -> {
            assertThat(x.severity()).isEqualTo(Severity.HIGH);
            assertThat(x.host()).isEqualTo(IpAddress.parse("198.18.1.40"));
            assertThat(x.evidence()).extracting(Evidence::kind).contains("connect", "session");
        });
        assertThat(connects.get(0).evidence().get(0).detail()).contains("CONNECT 198.18.1.30:6346 (Gnutella port)");
        assertThat(connects.get(0).bytes()).isEqualTo(300_089L);
        // httptunnel (htc) -> HTTP_TUNNEL on 198.18.1.30:8888 with the tool's pattern as evidence
        List<Alert> tunnels = f.stream().filter(x -> x.type() == AlertType.HTTP_TUNNEL).toList();
        assertThat(tunnels).hasSize(1);
        Alert htc = tunnels.get(0);
        assertThat(htc.identifier()).isEqualTo("198.18.1.40 198.18.1.30:8888");
        assertThat(htc.protocol()).contains("httptunnel");
        assertThat(htc.severity()).isEqualTo(Severity.HIGH);
        assertThat(htc.evidence()).extracting(Evidence::kind).contains("httptunnel", "post-stream");
        assertThat(htc.evidence().get(0).detail()).startsWith("9 POST and 9 GET /index.html?");
        if (nativeFormat) {
            // millisecond timestamps show htc's steady ~600 ms rhythm
            assertThat(htc.evidence()).filteredOn(e -> e.kind().equals("polling"))
                    .extracting(Evidence::detail).anySatisfy(d -> assertThat(d).startsWith("GET /index.html: 9 requests, median gap 60"));
        }
        assertThat(f).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void benignBrowsingIsNotFlagged(boolean nativeFormat) {
        assertThat(run(lab("benign-proxy", nativeFormat))).isEmpty();
    }

    private static ProxyRecord.Builder entry(long ts, String method, String url) {
        return ProxyRecord.builder(ts, CLIENT, method, url).status(200).bytesToClient(500).deriveDestination();
    }

    @Test
    void connectRules() {
        assertThat(detector.inspectConnect(entry(1000, "CONNECT", "mail.example:443").durationMs(20_000).build())).isEmpty();
        assertThat(detector.inspectConnect(entry(1000, "GET", "http://a.example:6346/").build())).isEmpty();

        Alert longTls = detector.inspectConnect(entry(10_000_000, "CONNECT", "vpn.example:443")
                .durationMs(Duration.ofHours(2).toMillis()).build()).orElseThrow();
        assertThat(longTls.type()).isEqualTo(AlertType.HTTP_TUNNEL);
        assertThat(longTls.severity()).isEqualTo(Severity.LOW);
        assertThat(longTls.evidence()).extracting(Evidence::kind).contains("long-connect");
        assertThat(longTls.windowStartMs()).isEqualTo(10_000_000 - Duration.ofHours(2).toMillis());

        Alert big = detector.inspectConnect(entry(1000, "CONNECT", "cdn.example:443").bytesToClient(250_000_000L)
                .build()).orElseThrow();
        assertThat(big.evidence()).extracting(Evidence::kind).contains("large-connect");

        Alert web = detector.inspectConnect(entry(1000, "CONNECT", "odd.example:8080").build()).orElseThrow();
        assertThat(web.type()).isEqualTo(AlertType.NONSTANDARD_CONNECT);
        assertThat(web.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(web.protocol()).contains("HTTP CONNECT");

        Alert denied = detector.inspectConnect(entry(1000, "CONNECT", "peer.example:6881").status(403)
                .action("TCP_DENIED").user("alice").build()).orElseThrow();
        assertThat(denied.severity()).isEqualTo(Severity.HIGH);
        assertThat(denied.protocol()).contains("BitTorrent");
        assertThat(denied.confidence()).isEqualTo(TunnelConfig.DENIED_CONNECT_CONFIDENCE);
        assertThat(denied.user()).contains("alice");
        assertThat(denied.identifier()).isEqualTo("alice peer.example:6881");

        TunnelDetector allow8080 = new TunnelDetector(TunnelConfig.builder().allowedConnectPorts(Set.of(443, 8080)).build());
        assertThat(allow8080.inspectConnect(entry(1000, "CONNECT", "odd.example:8080").build())).isEmpty();
    }

    @Test
    void steadyPollingIsFlaggedAndHumanRhythmIsNot() {
        TunnelWindow poll = new TunnelWindow();
        TunnelWindow human = new TunnelWindow();
        Random rnd = new Random(7);
        long t = 0;
        long h = 0;
        for (int i = 0; i < 30; i++) {
            t += 2000 + rnd.nextInt(100);
            h += 200 + rnd.nextInt(9000);
            detector.observe(poll, entry(t, "GET", "http://poll.example/api/updates").build());
            detector.observe(human, entry(h, "GET", "http://news.example/api/updates").build());
        }
        Alert f = detector.evaluate(poll, 0, t + 1).orElseThrow();
        assertThat(f.protocol()).contains("HTTP polling tunnel");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.evidence().get(0).detail()).startsWith("GET /api/updates: 30 requests, median gap 20");
        assertThat(detector.evaluate(human, 0, h + 1)).isEmpty();
        // slow but regular refreshes (every 30 s) are not tool polling
        TunnelWindow refresh = new TunnelWindow();
        for (int i = 0; i < 30; i++) {
            detector.observe(refresh, entry(i * 30_000L, "GET", "http://mail.example/inbox").build());
        }
        assertThat(detector.evaluate(refresh, 0, Duration.ofMinutes(15).toMillis())).isEmpty();
    }

    @Test
    void opaquePostStreamIsFlaggedButFormsAndBeaconsAreNot() {
        TunnelWindow stream = new TunnelWindow();
        TunnelWindow forms = new TunnelWindow();
        TunnelWindow beacons = new TunnelWindow();
        for (int i = 0; i < 12; i++) {
            long ts = i * 7_919L * (i % 3 + 1);
            detector.observe(stream, entry(ts, "POST", "http://relay.example/x").requestContentType("application/octet-stream")
                    .bytesFromClient(65_536).build());
            detector.observe(forms, entry(ts, "POST", "http://shop.example/cart").contentType("text/html").build());
            detector.observe(beacons, entry(ts, "POST", "http://stats.example/collect").status(204).build());
        }
        Alert f = detector.evaluate(stream, 0, 100_000).orElseThrow();
        assertThat(f.evidence()).extracting(Evidence::kind).contains("post-stream", "volume");
        assertThat(f.evidence().get(0).detail()).isEqualTo("12 POSTs, 12 with opaque bodies (binary/form type or no reply)");
        assertThat(f.bytes()).isEqualTo(12 * 500 + 12 * 65_536L);
        assertThat(detector.evaluate(forms, 0, 100_000)).isEmpty();
        assertThat(detector.evaluate(beacons, 0, 100_000)).isEmpty();
    }

    @Test
    void socksOverHttpCommandsAreFlagged() {
        TunnelWindow w = new TunnelWindow();
        detector.observe(w, entry(0, "POST", "http://web.example/tunnel.jsp?cmd=connect&target=10.0.0.5&port=22").build());
        detector.observe(w, entry(400, "POST", "http://web.example/tunnel.jsp?cmd=forward").build());
        detector.observe(w, entry(900, "POST", "http://web.example/tunnel.jsp?cmd=read").build());
        Alert f = detector.evaluate(w, 0, 1000).orElseThrow();
        assertThat(f.protocol()).contains("SOCKS over HTTP");
        assertThat(f.evidence().get(0).detail()).contains("cmd=connect&target=10.0.0.5&port=22");
        TunnelWindow search = new TunnelWindow();
        for (int i = 0; i < 5; i++) {
            detector.observe(search, entry(i * 5000L, "GET", "http://wiki.example/index.php?cmd=search&q=" + i).build());
        }
        assertThat(detector.evaluate(search, 0, 30_000)).isEmpty();
    }

    @Test
    void mergedWindowsGiveTheSameVerdict() {
        List<ProxyRecord> log = LabLogs.native_("http-tunnel").stream().filter(e -> !e.isConnect()).toList();
        TunnelWindow whole = new TunnelWindow();
        TunnelWindow a = new TunnelWindow();
        TunnelWindow b = new TunnelWindow();
        for (int i = 0; i < log.size(); i++) {
            detector.observe(whole, log.get(i));
            detector.observe(i % 2 == 0 ? a : b, log.get(i));
        }
        a.merge(b, detector.config());
        Alert x = detector.evaluate(whole, 0, 1).orElseThrow();
        Alert y = detector.evaluate(a, 0, 1).orElseThrow();
        assertThat(y.evidence()).isEqualTo(x.evidence());
        assertThat(y.id()).isEqualTo(x.id());
    }

    @Test
    void timestampCapBoundsState() {
        TunnelConfig c = TunnelConfig.builder().maxTimestampsPerSeries(10).maxTrackedSeries(2).build();
        TunnelDetector d = new TunnelDetector(c);
        TunnelWindow w = new TunnelWindow();
        for (int i = 0; i < 1000; i++) {
            d.observe(w, entry(i * 1000L, "GET", "http://p.example/path" + (i % 5)).build());
        }
        assertThat(w.series).hasSize(2);
        assertThat(w.seriesCapped).isTrue();
        assertThat(w.series.values()).allSatisfy(s -> assertThat(s.kept).isEqualTo(10));
        assertThat(w.requests()).isEqualTo(1000);
    }

    @Test
    void configRejectsInvalidValues() {
        assertThatThrownBy(() -> TunnelConfig.builder().minRequests(2).build()).hasMessageContaining("minRequests");
        assertThatThrownBy(() -> TunnelConfig.builder().allowedConnectPorts(Set.of(0)).build()).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> TunnelConfig.builder().idleGapFraction(1.0).build()).hasMessageContaining("idleGapFraction");
        assertThatThrownBy(() -> TunnelConfig.builder().window(Duration.ZERO).build()).hasMessageContaining("window");
    }

    @Test
    void sumsOfPlausibleCountersSaturateInsteadOfOverflowing() {
        TunnelWindow w = new TunnelWindow();
        for (int i = 0; i < 10_000; i++) {
            ProxyRecord e = entry(1000 + i * 1000L, "POST", "http://odd.example/u").durationMs(1000)
                    .bytesToClient(io.peerwatch.core.Counters.MAX_PLAUSIBLE)
                    .bytesFromClient(io.peerwatch.core.Counters.MAX_PLAUSIBLE).build();
            detector.observe(w, e);
        }
        TunnelWindow other = new TunnelWindow();
        detector.observe(other, entry(20_000_000, "POST", "http://odd.example/u")
                .bytesToClient(io.peerwatch.core.Counters.MAX_PLAUSIBLE).build());
        w.merge(other, TunnelConfig.defaults());
        assertThat(w.bytesToClient()).isEqualTo(Long.MAX_VALUE);
        assertThat(w.bytesFromClient()).isEqualTo(Long.MAX_VALUE);
        // evaluating must not throw on the saturated sums; any alert carries the saturated total
        detector.evaluate(w, 0, 30_000_000).ifPresent(a -> assertThat(a.bytes()).isEqualTo(Long.MAX_VALUE));
        Alert big = detector.inspectConnect(entry(1000, "CONNECT", "cdn.example:443")
                .bytesToClient(io.peerwatch.core.Counters.MAX_PLAUSIBLE)
                .bytesFromClient(io.peerwatch.core.Counters.MAX_PLAUSIBLE).build()).orElseThrow();
        assertThat(big.bytes()).isEqualTo(2 * io.peerwatch.core.Counters.MAX_PLAUSIBLE);
    }
}
