package io.peerwatch.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.LabLogs;
import io.peerwatch.proxy.ProxyRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumeTest {

    private static final IpAddress A = IpAddress.parse("10.0.0.1");
    private static final long MB = Tariff.BYTES_PER_MB;

    @Test
    void papersSeventyMegabytesAnHourCostEightFortyWithAZeroCap() {
        Tariff zeroCap = new Tariff("AUD", 0.12, 0, 1, "UTC");
        assertThat(zeroCap.cost(70 * MB)).isCloseTo(8.40, within(1e-9));
        assertThat(Tariff.defaults()).isEqualTo(zeroCap);
        // a year of working hours as in the paper's order of magnitude: 8 h x 5 d x 48 w
        assertThat(zeroCap.cost(70 * MB * 8 * 5 * 48)).isCloseTo(16_128.0, within(1e-6));
        assertThat(Tariff.defaults().exactCost(83_886_080)).as("exact, not 10.066329600000001")
                .isEqualTo(new java.math.BigDecimal("10.0663296"));
        assertThat(Tariff.megabytes(1_500_000)).isEqualTo(1.5);
    }

    @Test
    void allowanceIsCountedAgainstTheRealBillingMonth() {
        // 10 GB free a month from the 15th, Sydney time; now: 2026-03-01 12:00 UTC
        Tariff t = new Tariff("EUR", 0.10, 10_000, 15, "Australia/Sydney");
        long now = java.time.Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
        Tariff.BillingMonth m = t.billingMonth(now);
        assertThat(java.time.Instant.ofEpochMilli(m.startMs())).isEqualTo("2026-02-14T13:00:00Z"); // 15 Feb 00:00 AEDT
        assertThat(java.time.Instant.ofEpochMilli(m.endMs())).isEqualTo("2026-03-14T13:00:00Z");   // February: 28 days
        // 12 GB since the month began, observed over the whole elapsed part (14 days 23 hours of 28 days)
        Tariff.CostEstimate c = t.month(12_000 * MB, m.startMs(), now, true);
        assertThat(c.costSoFar()).isEqualByComparingTo("200");                   // 2,000 MB over the cap
        double share = (double) (now - m.startMs()) / (m.endMs() - m.startMs());
        assertThat((double) c.projectedBytes()).isCloseTo(12_000.0 * MB / share, within((double) MB));
        assertThat(c.projectedCost().doubleValue()).isCloseTo((12_000 / share - 10_000) * 0.10, within(0.01));
        // a host's share is priced at the marginal rate: the allowance is the site's
        assertThat(t.month(12_000 * MB, m.startMs(), now, false).costSoFar()).isEqualByComparingTo("1200");
        // a new month starts from zero on the billing day, not 30 days after
        assertThat(t.billingMonth(m.endMs()).startMs()).isEqualTo(m.endMs());
        assertThat(c.describe()).contains("EUR 200.00 so far").contains("projected");
    }

    @Test
    void tariffValidation() {
        assertThatThrownBy(() -> new Tariff("XYZ", 0.1, 0, 1, "UTC")).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> new Tariff("aud", 0.1, 0, 1, "UTC")).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> new Tariff("AUD", -1, 0, 1, "UTC")).hasMessageContaining("pricePerMb");
        assertThatThrownBy(() -> new Tariff("AUD", Double.NaN, 0, 1, "UTC")).hasMessageContaining("pricePerMb");
        assertThatThrownBy(() -> new Tariff("AUD", 0.1, -5, 1, "UTC")).hasMessageContaining("freeMb");
        assertThatThrownBy(() -> new Tariff("AUD", 0.1, 0, 29, "UTC")).hasMessageContaining("billingDay");
        assertThatThrownBy(() -> new Tariff("AUD", 0.1, 0, 1, "Mars/Olympus")).hasMessageContaining("zone");
    }

    @Test
    void slidingCounterSlidesAndDropsLateEvents() {
        SlidingCounter c = new SlidingCounter(60_000, 60);   // one hour by minutes
        c.add(0, 100);
        c.add(30 * 60_000, 200);
        assertThat(c.bytes(59 * 60_000)).isEqualTo(300);
        assertThat(c.bytes(60 * 60_000)).isEqualTo(200);       // the minute-0 bucket slid out
        c.add(61 * 60_000, 50);
        c.add(0, 999);                                           // older than the span: dropped
        assertThat(c.late()).isEqualTo(1);
        assertThat(c.bytes(61 * 60_000)).isEqualTo(250);
        assertThat(c.requests(61 * 60_000)).isEqualTo(2);
        c.add(5 * 3_600_000, 7);                                 // long gap: everything else expired
        assertThat(c.bytes(5 * 3_600_000)).isEqualTo(7);
        assertThat(c.spanStart(61 * 60_000 + 5)).isEqualTo(2 * 60_000);
        assertThat(c.spanEnd(61 * 60_000 + 5)).isEqualTo(62 * 60_000);
    }

    private static ProxyRecord download(long ts, long bytes, String user) {
        return ProxyRecord.builder(ts, A, "GET", "http://cdn.example/x").status(200).bytesToClient(bytes).user(user)
                .deriveDestination().build();
    }

    @Test
    void quotaAlertCarriesCostPerUserAndPerAddress() {
        VolumeDetector d = new VolumeDetector(VolumeConfig.defaults());
        Map<VolumeKey, VolumeMeter> meters = new HashMap<>();
        Optional<Alert> last = Optional.empty();
        long t0 = 1_795_600_000_000L;
        for (int i = 0; i < 71; i++) {                           // 71 x 1 MB within 71 seconds
            ProxyRecord e = download(t0 + i * 1000L, MB, "alice");
            for (VolumeKey k : VolumeKey.of(e)) {
                VolumeMeter m = meters.computeIfAbsent(k, x -> d.newMeter());
                d.observe(m, e);
                Optional<Alert> f = d.evaluate(m, k, e.timestampMs());
                if (i < 70) {
                    assertThat(f).isEmpty();
                } else if (k.kind() == VolumeKey.Kind.USER) {
                    last = f;
                } else {
                    assertThat(f).get().extracting(Alert::identifier).isEqualTo("ip:10.0.0.1 hour");
                }
            }
        }
        Alert f = last.orElseThrow();
        assertThat(f.type()).isEqualTo(AlertType.VOLUME_QUOTA);
        assertThat(f.user()).contains("alice");
        assertThat(f.host()).isEqualTo(A);
        assertThat(f.bytes()).isEqualTo(71 * MB);
        assertThat(f.estimatedCost()).isEqualByComparingTo("8.52"); // 71 MB at AUD 0.12, exactly
        assertThat(f.currency()).isEqualTo("AUD");
        assertThat(f.identifier()).isEqualTo("user:alice hour");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.windowEndMs() - f.windowStartMs()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(f.evidence().get(0).detail()).startsWith("user:alice: 71000000 bytes (71.0 MB) in the sliding hour");
        // the cost so far in the billing month (the burst is all of it) and projected to the month's end
        Tariff.CostEstimate month = Tariff.defaults().month(71 * MB, t0, t0 + 70_000, false);
        assertThat(f.evidence().get(1).detail()).startsWith("AUD 8.52 for the sliding hour at AUD 0.1200 per MB; ")
                .contains("AUD 8.52 so far in the billing month from " + java.time.Instant.ofEpochMilli(month.month().startMs()))
                .contains(String.format(java.util.Locale.ROOT, "AUD %.2f projected", month.projectedCost()));
        assertThat(month.projectedCost()).isGreaterThan(month.costSoFar());
        // an hour later the hour has slid past the burst
        VolumeMeter m = meters.get(new VolumeKey(VolumeKey.Kind.USER, "alice"));
        assertThat(d.evaluate(m, new VolumeKey(VolumeKey.Kind.USER, "alice"), t0 + Duration.ofMinutes(62).toMillis())).isEmpty();
    }

    @Test
    void dayQuotaWinsWhenBothAreOver() {
        VolumeDetector d = new VolumeDetector(VolumeConfig.defaults().withDayQuota(100 * MB).withHourQuota(10 * MB));
        VolumeMeter m = d.newMeter();
        VolumeKey k = new VolumeKey(VolumeKey.Kind.ADDRESS, A.toString());
        for (int h = 0; h < 10; h++) {
            d.observe(m, h * 3_600_000L, 15 * MB, A, null);
        }
        Alert f = d.evaluate(m, k, 9 * 3_600_000L).orElseThrow();
        assertThat(f.identifier()).isEqualTo("ip:10.0.0.1 day");
        assertThat(f.bytes()).isEqualTo(150 * MB);
        assertThat(f.evidence()).hasSize(3);
        assertThat(f.user()).isEmpty();
    }

    @Test
    void labReportTableAndTopN() {
        VolumeTally tally = new VolumeTally();
        List<ProxyRecord> benign = LabLogs.native_("benign-proxy");
        benign.forEach(tally::add);
        tally.add(download(benign.get(0).timestampMs(), 3 * MB, "bob"));
        VolumeReport r = tally.report(Tariff.defaults());
        long labBytes = benign.stream().mapToLong(ProxyRecord::totalBytes).sum();
        assertThat(labBytes).isEqualTo(9_538_398L);
        assertThat(r.top(VolumeKey.Kind.ADDRESS, 5)).hasSize(2);
        VolumeRow ws = r.top(VolumeKey.Kind.ADDRESS, 5).stream().filter(x -> x.key().name().equals("198.18.1.40"))
                .findFirst().orElseThrow();
        assertThat(ws.bytes()).isEqualTo(labBytes);
        assertThat(ws.requests()).isEqualTo(13);
        assertThat(ws.cost().doubleValue()).isCloseTo(labBytes / 1e6 * 0.12, within(1e-9));
        assertThat(ws.externalBytes()).isEqualTo(labBytes);
        assertThat(r.top(VolumeKey.Kind.USER, 5)).extracting(x -> x.key().name()).containsExactly("bob");
        assertThat(r.top(1).get(0).key().name()).isEqualTo("198.18.1.40");
        String table = r.toTable(10);
        assertThat(table).contains("user    bob").contains("ip      198.18.1.40").contains("9538398").contains("cost AUD")
                .contains("projected AUD").contains("site");
        assertThat(table.lines().count()).isEqualTo(6);
        assertThat(r.site().bytes()).as("the site: each address's bytes once, the user's not again").isEqualTo(labBytes + 3 * MB);
    }

    @Test
    void configValidation() {
        assertThatThrownBy(() -> new VolumeConfig(0, 1, Duration.ofMinutes(1), Duration.ofMinutes(15), Tariff.defaults()))
                .hasMessageContaining("quotas");
        assertThatThrownBy(() -> new VolumeConfig(1, 1, Duration.ofMinutes(7), Duration.ofMinutes(15), Tariff.defaults()))
                .hasMessageContaining("hourBucket");
    }

    /**
     * A flood of small subjects (spoofed addresses) costs the tally bounded memory: beyond its bound
     * the smaller half is folded into one remainder, the big talkers stay exact, every byte is still
     * counted once (kept rows plus the remainder), and the site's totals are exact.
     */
    @Test
    void anEmptyTallyReportsZeroInsteadOfOverflowingTheCalendar() {
        // `peerwatch demo` stopped before its first volume window closed reported through an
        // empty tally, and pricing its unset time bounds threw "long overflow".
        VolumeReport r = new VolumeTally().report(Tariff.defaults());
        assertThat(r.rows()).isEmpty();
        assertThat(r.site().bytes()).isZero();
        assertThat(r.site().month().costSoFar()).isEqualByComparingTo("0");
        assertThat(r.span()).isEqualTo(java.time.Duration.ZERO);
    }

    @Test
    void aBoundedTallyFoldsTheSmallerSubjectsAndKeepsTheBigTalkersExact() {
        int bound = 50;
        VolumeTally tally = new VolumeTally(bound);
        long t0 = 1_795_392_000_000L;
        long total = 0;
        for (int i = 0; i < 10_000; i++) {
            IpAddress spoofed = IpAddress.ofV4(0x0a000000 | (i + 1));
            tally.add(new VolumeSample(VolumeKey.host(spoofed), spoofed, null, t0 + i, 0, 40, 0, 1, false, "tcp/80",
                    "10.9.9.9", false));
            total += 40;
            if (i % 100 == 0) {
                for (int big = 1; big <= 3; big++) {
                    IpAddress a = IpAddress.ofV4(0xc0a80000 | big);
                    tally.add(new VolumeSample(VolumeKey.host(a), a, null, t0 + i, big * 1_000_000L, 0, 1, 0, true, "tcp/6881",
                            "198.51.100.7", true));
                    total += big * 1_000_000L;
                }
            }
        }
        VolumeReport r = tally.report(Tariff.defaults());
        assertThat(r.rows().size()).isLessThanOrEqualTo(bound);
        assertThat(r.top(3)).extracting(x -> x.key().name()).containsExactly("192.168.0.3", "192.168.0.2", "192.168.0.1");
        assertThat(r.top(3)).extracting(VolumeRow::bytes).containsExactly(300_000_000L, 200_000_000L, 100_000_000L);
        assertThat(r.folded().subjects()).isGreaterThanOrEqualTo(10_000 - bound);
        assertThat(r.folded().maxSubjects()).isEqualTo(bound);
        assertThat(r.rows().stream().mapToLong(VolumeRow::bytes).sum() + r.folded().bytes()).isEqualTo(total);
        assertThat(r.site().bytes()).isEqualTo(total);
        assertThat(r.toTable(5)).contains("others").contains("smaller, folded").contains("analyze.max-volume-subjects");

        VolumeTally unbounded = new VolumeTally();
        unbounded.add(new VolumeSample(VolumeKey.host(IpAddress.ofV4(0x0a000001)), IpAddress.ofV4(0x0a000001), null, t0, 1, 0,
                1, 0, false, "tcp/80", "10.9.9.9", false));
        assertThat(unbounded.report(Tariff.defaults()).folded().subjects()).isZero();
        assertThat(unbounded.report(Tariff.defaults()).toTable(5)).doesNotContain("others");
        assertThatThrownBy(() -> new VolumeTally(1)).hasMessageContaining("at least 2");
    }
}
