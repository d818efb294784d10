package io.peerwatch.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-window series rolled to hours and days, and the table's site total from host windows. */
class VolumeSeriesTest {

    private static final long T0 = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
    private static final long W = 300_000;
    private static final long MB = Tariff.BYTES_PER_MB;

    private static VolumeWindow host(String a, long start, long in, long out, boolean external) {
        VolumeWindow w = new VolumeWindow("host:" + a, start, W, 4);
        w.add(new VolumeSample(VolumeKey.host(IpAddress.parse(a)), IpAddress.parse(a), null, start, in, out, 1, 1, external,
                "tcp/443", "203.0.113.1", false));
        return w;
    }

    @Test
    void seriesRollUpToHoursAndDaysAndNameTheBusiestHour() {
        VolumeSeries s = new VolumeSeries();
        for (int i = 0; i < 24 * 12; i++) {
            long bytes = i / 12 == 10 ? 10 * MB : MB;     // 10:00-11:00 is busy
            VolumeWindow h = host("10.0.0.1", T0 + i * W, bytes, 0, true);
            VolumeWindow site = new VolumeWindow(VolumeWindow.SITE, T0 + i * W, W, 4);
            site.addHost(h, MB);
            s.add(h);
            s.add(site);
        }
        List<VolumeSeries.Point> hours = s.points("host:10.0.0.1", Duration.ofHours(1));
        assertThat(hours).hasSize(24);
        assertThat(hours.get(10).bytes()).isEqualTo(120 * MB);
        assertThat(hours.get(10).bitsPerSecond()).isEqualTo(120 * MB * 8.0 / 3600);
        assertThat(s.points(VolumeWindow.SITE, Duration.ofDays(1))).singleElement()
                .satisfies(d -> assertThat(d.bytes()).isEqualTo((23 * 12 + 120) * MB));
        assertThat(s.siteSummary()).contains("site 2026-11-23: 396.0 MB").contains("busiest hour 10:00 120.0 MB");
        assertThatThrownBy(() -> s.points(VolumeWindow.SITE, Duration.ofMinutes(7))).hasMessageContaining("not a multiple");
    }

    @Test
    void theTablesSiteCountsInternalTrafficOnceAndPricesWithTheAllowance() {
        VolumeTally t = new VolumeTally();
        t.add(host("10.0.0.1", T0, 0, 40 * MB, false));    // 40 MB from .1 to .2, inside
        t.add(host("10.0.0.2", T0, 40 * MB, 0, false));
        t.add(host("10.0.0.2", T0 + W, 60 * MB, 0, true)); // 60 MB from outside
        Tariff tariff = Tariff.builder().freeMb(50).build();
        VolumeReport r = t.report(tariff);
        assertThat(r.site().bytes()).isEqualTo(100 * MB);
        assertThat(r.site().internalBytes()).isEqualTo(40 * MB);
        assertThat(r.site().externalBytes()).isEqualTo(60 * MB);
        assertThat(r.site().month().costSoFar()).as("50 MB over the 50 MB allowance").isEqualByComparingTo("6");
        VolumeRow two = r.top(VolumeKey.Kind.HOST, 1).get(0);
        assertThat(two.key().name()).isEqualTo("10.0.0.2");
        assertThat(two.cost()).as("a host at the marginal price").isEqualByComparingTo("12");
        assertThat(r.toTable(5)).contains("host    10.0.0.2").contains("site    (each byte once)");
    }
}
