package io.peerwatch.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.ports.PortTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Volume samples and windows, the learned baseline and BANDWIDTH_SPIKE, the link and LINK_SATURATION_RISK. */
class BaselineAndLinkTest {

    private static final long MB = Tariff.BYTES_PER_MB;
    private static final long W = BaselineConfig.DEFAULT_WINDOW.toMillis();
    private static final long DAY = 86_400_000L;
    /** A Monday, 00:00 UTC. */
    private static final long T0 = java.time.Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
    private static final IpAddress HOST = IpAddress.parse("10.1.2.3");
    private static final IpAddress OTHER = IpAddress.parse("10.1.2.4");
    private static final IpAddress WEB = IpAddress.parse("203.0.113.80");

    private static FlowRecord flow(IpAddress src, int sport, IpAddress dst, int dport, long endMs, long bytes) {
        return FlowRecord.builder().time(endMs - 1000, endMs).src(src, sport).dst(dst, dport).ipProtocol(IpProtocol.TCP)
                .counters(bytes / 1000 + 1, bytes).build();
    }

    @Test
    void flowRecordsCountForTheirInternalEndsInAndOutInternalAndExternal() {
        PortTable ports = PortTable.defaults();
        InternalNetworks in = InternalNetworks.defaults();
        List<VolumeSample> out = VolumeSample.of(flow(HOST, 50000, WEB, 443, T0, 5 * MB), in, ports);
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.key().text()).isEqualTo("host:10.1.2.3");
            assertThat(s.bytesOut()).isEqualTo(5 * MB);
            assertThat(s.external()).isTrue();
            assertThat(s.service()).isEqualTo("tcp/443");
            assertThat(s.p2pPort()).isFalse();
        });
        List<VolumeSample> both = VolumeSample.of(flow(HOST, 6881, OTHER, 51000, T0, MB), in, ports);
        assertThat(both).extracting(s -> s.key().text()).containsExactly("host:10.1.2.3", "host:10.1.2.4");
        assertThat(both).allSatisfy(s -> assertThat(s.external()).isFalse()).allSatisfy(s -> assertThat(s.p2pPort()).isTrue());
        // site: the internal flow once, the external one once
        VolumeWindow site = new VolumeWindow(VolumeWindow.SITE, T0, W, 4);
        for (VolumeSample s : concat(out, both)) {
            VolumeWindow h = new VolumeWindow(s.key().text(), T0, W, 4);
            h.add(s);
            site.addHost(h, MB);
        }
        assertThat(site.bytes()).isEqualTo(6 * MB);
        assertThat(site.outExternal()).isEqualTo(5 * MB);
        assertThat(site.p2pUsers()).isEqualTo(2);
        assertThat(site.host()).isEqualTo(HOST);
    }

    private static List<VolumeSample> concat(List<VolumeSample> a, List<VolumeSample> b) {
        List<VolumeSample> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /** A day's rhythm: quiet nights, busy working hours (bytes per window). */
    private static long rhythm(long startMs) {
        int hour = (int) ((startMs - T0) % DAY / 3_600_000);
        return hour >= 8 && hour < 18 ? 8 * MB + (hour % 3) * MB : MB / 2;
    }

    private static VolumeWindow window(String subject, long start, long bytes) {
        VolumeWindow w = new VolumeWindow(subject, start, W, 4);
        w.add(new VolumeSample(VolumeKey.parse(subject), HOST, null, start, bytes, 0, 0, 0, true, "tcp/443", "203.0.113.80",
                false));
        return w;
    }

    @Test
    void aSteadyDailyRhythmIsExpectedAndAJumpIsASpikeOnceWarm() {
        // a 1 MB minimum: the morning's 16-fold rise is above it, so only the learned profile keeps it quiet
        BandwidthSpikeDetector d = new BandwidthSpikeDetector(BaselineConfig.builder().hostMinSpikeBytes(MB).build(),
                NoticePolicy.defaults());
        VolumeBaseline b = new VolumeBaseline();
        List<Alert> alerts = new ArrayList<>();
        for (long t = T0; t < T0 + 3 * DAY; t += W) {
            d.observe(b, window("host:10.1.2.3", t, rhythm(t))).ifPresent(alerts::add);
        }
        assertThat(alerts).as("the same rhythm every day").isEmpty();
        // the level alone would have called the second morning a spike
        VolumeBaseline levelOnly = new VolumeBaseline();
        BaselineConfig c = BaselineConfig.defaults();
        for (long t = T0 + DAY; t < T0 + DAY + 8 * 3_600_000; t += W) {
            levelOnly.learn(t, rhythm(t), c);
        }
        assertThat(rhythm(T0 + DAY + 8 * 3_600_000)).isGreaterThan((long) (c.spikeFactor() * levelOnly.level()));
        // day 4, 03:00: a 60 MB window where half a MB is usual
        long spikeAt = T0 + 3 * DAY + 3 * 3_600_000;
        for (long t = T0 + 3 * DAY; t < spikeAt; t += W) {
            d.observe(b, window("host:10.1.2.3", t, rhythm(t))).ifPresent(alerts::add);
        }
        Optional<Alert> a = d.observe(b, window("host:10.1.2.3", spikeAt, 60 * MB));
        assertThat(alerts).isEmpty();
        assertThat(a).hasValueSatisfying(x -> {
            assertThat(x.type()).isEqualTo(AlertType.BANDWIDTH_SPIKE);
            assertThat(x.host()).isEqualTo(HOST);
            assertThat(x.bytes()).isEqualTo(60 * MB);
            assertThat(x.evidence()).extracting(e -> e.kind()).contains("volume", "baseline", "protocols", "destinations");
            assertThat(x.evidence().get(0).detail()).contains("expected").contains("excess");
            assertThat(x.evidence().get(2).detail()).contains("tcp/443 60.0 MB (100%)");
        });
        // the same jump at 10:00, a busy hour, is below factor x expected and not alerted
        assertThat(d.observe(b, window("host:10.1.2.3", spikeAt + 7 * 3_600_000, 20 * MB))).isEmpty();
    }

    @Test
    void noAlertBeforeTheWarmUpNorBelowTheMinimumVolume() {
        BandwidthSpikeDetector d = new BandwidthSpikeDetector(BaselineConfig.defaults(), NoticePolicy.defaults());
        VolumeBaseline b = new VolumeBaseline();
        d.observe(b, window("host:10.1.2.3", T0, MB));
        assertThat(d.observe(b, window("host:10.1.2.3", T0 + W, 100 * MB))).as("not warm").isEmpty();
        VolumeBaseline warm = new VolumeBaseline();
        for (long t = T0; t < T0 + DAY + W; t += W) {
            d.observe(warm, window("host:10.1.2.3", t, 1000));
        }
        assertThat(d.observe(warm, window("host:10.1.2.3", T0 + DAY + 2 * W, 20 * MB))).as("below 30 MB").isEmpty();
    }

    @Test
    void baselineStateRoundTripsAndHasItsStatedSize() throws IOException {
        VolumeBaseline b = new VolumeBaseline();
        BaselineConfig c = BaselineConfig.defaults();
        for (long t = T0; t < T0 + DAY; t += W) {
            b.learn(t, rhythm(t), c);
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        b.writeTo(new DataOutputStream(bos));
        assertThat(bos.size()).isEqualTo(VolumeBaseline.STATE_BYTES);
        VolumeBaseline back = VolumeBaseline.readFrom(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
        assertThat(back.expected(T0 + DAY + 9 * 3_600_000, c)).isEqualTo(b.expected(T0 + DAY + 9 * 3_600_000, c));
        assertThat(back.windows()).isEqualTo(288);
    }

    @Test
    void gapsAreLearnedAsEmptyWindows() {
        VolumeBaseline b = new VolumeBaseline();
        BaselineConfig c = BaselineConfig.defaults();
        b.learn(T0, 10 * MB, c);
        b.learn(T0 + 11 * W, 10 * MB, c);
        assertThat(b.windows()).isEqualTo(12);
        assertThat(b.level()).isLessThan(10 * MB);
    }

    private static VolumeWindow siteWindow(long start, long inBytes, int p2pHosts) {
        VolumeWindow site = new VolumeWindow(VolumeWindow.SITE, start, W, 8);
        for (int i = 0; i < 4; i++) {
            VolumeWindow h = new VolumeWindow("host:10.0.0." + (i + 1), start, W, 8);
            IpAddress a = IpAddress.parse("10.0.0." + (i + 1));
            h.add(new VolumeSample(VolumeKey.host(a), a, null, start, inBytes / 4, 0, 10, 0, true,
                    i < p2pHosts ? "tcp/6881" : "tcp/443", "198.18.0.9", i < p2pHosts));
            site.addHost(h, LinkConfig.DEFAULT_P2P_USER_MIN_BYTES);
        }
        return site;
    }

    @Test
    void linkRiskNamesUtilisationForecastHostsAndTheP2pArithmetic() {
        LinkConfig link = LinkConfig.builder().capacityInBitsPerSecond(10_000_000).capacityOutBitsPerSecond(10_000_000).build();
        LinkSaturationDetector d = new LinkSaturationDetector(link, NoticePolicy.defaults());
        LinkTrend trend = d.newTrend();
        List<Alert> alerts = new ArrayList<>();
        // 10 Mbit/s for 5 minutes = 375 MB; a rising link from 20 % by 10 points a window
        for (int i = 0; i < 5; i++) {
            d.observe(trend, siteWindow(T0 + i * W, (long) (375 * MB * (0.2 + 0.1 * i)), 3)).ifPresent(alerts::add);
        }
        assertThat(alerts).as("from 50 %% rising by 10 points a window: full in five windows, within the hour").hasSize(2);
        Alert a = alerts.get(0);
        assertThat(a.type()).isEqualTo(AlertType.LINK_SATURATION_RISK);
        assertThat(a.identifier()).isEqualTo("link in");
        assertThat(a.evidence().get(0).detail()).contains("link in").contains("of 10.0 Mbit/s (50%)");
        assertThat(a.evidence().get(1).detail()).contains("full in about 25 min").contains("+10.0 points per window");
        assertThat(a.evidence().get(2).detail()).contains("10.0.0.1").contains("P2P");
        assertThat(a.evidence().get(3).detail()).contains("3 P2P users").contains("3 users x 20 KB/s = 480 kbit/s")
                .contains("63 such users fill the link");
        // a flat 30 % link is no risk; a gap counts as idle windows
        LinkTrend flat = d.newTrend();
        for (int i = 0; i < 10; i++) {
            assertThat(d.observe(flat, siteWindow(T0 + i * W, (long) (375 * MB * 0.3), 0))).isEmpty();
        }
        assertThat(d.observe(flat, siteWindow(T0 + 20 * W, 375 * MB, 0))).as("saturated now")
                .hasValueSatisfying(x -> assertThat(x.evidence().get(1).detail()).startsWith("saturated now"));
        assertThat(new LinkSaturationDetector(LinkConfig.defaults(), NoticePolicy.defaults())
                .observe(d.newTrend(), siteWindow(T0, 375 * MB, 0))).as("no capacity configured").isEmpty();
    }

    @Test
    void configValidation() {
        assertThatThrownBy(() -> BaselineConfig.builder().window(java.time.Duration.ofMinutes(7)).build()).hasMessageContaining("window");
        assertThatThrownBy(() -> BaselineConfig.builder().spikeFactor(1).build()).hasMessageContaining("spikeFactor");
        assertThatThrownBy(() -> LinkConfig.builder().trendWindows(1).build()).hasMessageContaining("trendWindows");
        assertThatThrownBy(() -> LinkConfig.builder().utilisation(0).build()).hasMessageContaining("utilisation");
    }

    @Test
    void topCountsKeepTheHeavyHitters() {
        TopCounts t = new TopCounts(3);
        for (int i = 0; i < 100; i++) {
            t.add("small-" + i, 1);
        }
        t.add("big", 1000);
        t.add("big", 1000);
        assertThat(t.top(1)).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("big");
            assertThat(e.bytes()).as("overestimated by at most total / capacity").isBetween(2000L, 2000L + 100 / 3 + 1);
        });
        assertThat(t.size()).isEqualTo(3);
    }
}
