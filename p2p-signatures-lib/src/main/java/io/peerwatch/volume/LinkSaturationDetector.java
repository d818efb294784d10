package io.peerwatch.volume;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.NoticePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link AlertType#LINK_SATURATION_RISK}: the site's external bytes per window against the
 * configured link capacities ({@link LinkConfig}). A direction is at risk when its utilisation
 * reaches {@link LinkConfig#utilisation()}, or when it is at least
 * {@link LinkConfig#minForecastUtilisation()} and the least-squares trend over the last
 * {@link LinkConfig#trendWindows()} windows ({@link LinkTrend}) reaches the capacity within
 * {@link LinkConfig#forecastHorizon()}. The alert names the utilisation, the forecast, the hosts
 * that contributed most, how many of the window's hosts were P2P users, and the paper's
 * arithmetic: users times the per-user rate against the capacity.
 *
 * <pre>{@code
 * LinkSaturationDetector d = new LinkSaturationDetector(link, NoticePolicy.defaults());
 * LinkTrend trend = d.newTrend();
 * for (VolumeWindow site : siteWindowsInTimeOrder) {
 *     d.observe(trend, site).ifPresent(alerts::add);
 * }
 * }</pre>
 */
public final class LinkSaturationDetector {

    private final LinkConfig config;
    private final NoticePolicy policy;

    public LinkSaturationDetector(LinkConfig config, NoticePolicy policy) {
        if (config == null || policy == null) {
            throw new IllegalArgumentException("config and policy must not be null");
        }
        this.config = config;
        this.policy = policy;
    }

    public LinkConfig config() {
        return config;
    }

    /** Fresh trend state. */
    public LinkTrend newTrend() {
        return new LinkTrend(config.trendWindows());
    }

    /** Share of {@code capacityBitsPerSecond} that {@code bytes} in {@code windowMs} use (0 when not watched). */
    public static double utilisation(long bytes, long windowMs, long capacityBitsPerSecond) {
        if (capacityBitsPerSecond <= 0) {
            return 0;
        }
        return bytes * 8.0 * 1000 / ((double) capacityBitsPerSecond * windowMs);
    }

    /**
     * Adds a site window (after empty windows for a gap since the last one) and judges both
     * directions. Windows must come in time order; an older one is ignored.
     */
    public Optional<Alert> observe(LinkTrend trend, VolumeWindow site) {
        if (!config.watched() || site.host() == null) {
            return Optional.empty();
        }
        long w = site.windowMs();
        long last = trend.lastStartMs();
        if (last != Long.MIN_VALUE) {
            if (site.startMs() <= last) {
                return Optional.empty();
            }
            long missing = Math.min(config.trendWindows(), (site.startMs() - last) / w - 1);
            for (long i = missing; i >= 1; i--) {
                trend.add(site.startMs() - i * w, 0, 0);
            }
        }
        double uIn = utilisation(site.inExternal(), w, config.capacityInBitsPerSecond());
        double uOut = utilisation(site.outExternal(), w, config.capacityOutBitsPerSecond());
        trend.add(site.startMs(), uIn, uOut);
        Optional<Risk> in = risk(true, uIn, trend, config.capacityInBitsPerSecond(), site.inExternal());
        Optional<Risk> out = risk(false, uOut, trend, config.capacityOutBitsPerSecond(), site.outExternal());
        Optional<Risk> worst = in.isEmpty() ? out : out.isEmpty() ? in
                : in.get().utilisation >= out.get().utilisation ? in : out;
        return worst.map(r -> alert(site, r));
    }

    private record Risk(boolean inbound, double utilisation, double slopePerMs, long msToSaturation, long capacity, long bytes) {
    }

    private Optional<Risk> risk(boolean inbound, double u, LinkTrend trend, long capacity, long bytes) {
        if (capacity <= 0) {
            return Optional.empty();
        }
        double slope = trend.slopePerMs(inbound);
        long ms = u >= 1 ? 0 : slope > 0 ? (long) ((1 - u) / slope) : Long.MAX_VALUE;
        boolean now = u >= config.utilisation();
        boolean soon = u >= config.minForecastUtilisation() && ms <= config.forecastHorizon().toMillis();
        return now || soon ? Optional.of(new Risk(inbound, u, slope, ms, capacity, bytes)) : Optional.empty();
    }

    private Alert alert(VolumeWindow site, Risk r) {
        long w = site.windowMs();
        String dir = r.inbound ? "in" : "out";
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence("utilisation", String.format(Locale.ROOT, "link %s: %s of %s (%.0f%%) over %d min, %.1f MB",
                dir, rate(r.bytes * 8_000.0 / w), rate(r.capacity), 100 * r.utilisation, w / 60_000, Tariff.megabytes(r.bytes)),
                Math.max(1, site.records())));
        String forecast = r.msToSaturation == 0 ? "saturated now"
                : r.msToSaturation == Long.MAX_VALUE ? "trend not rising"
                : String.format(Locale.ROOT, "full in about %d min at the trend", r.msToSaturation / 60_000);
        ev.add(new Evidence("forecast", String.format(Locale.ROOT, "%s: %+.1f points per window (least squares over the last %d windows)",
                forecast, 100 * r.slopePerMs * w, config.trendWindows()), 1));
        Set<String> p2p = site.p2pHosts().top(site.p2pHosts().capacity()).stream().map(TopCounts.Entry::name)
                .collect(Collectors.toSet());
        List<TopCounts.Entry> top = site.hosts().top(config.evidenceHosts());
        StringBuilder hosts = new StringBuilder("top hosts:");
        long p2pInTop = 0;
        for (TopCounts.Entry e : top) {
            boolean isP2p = p2p.contains(e.name());
            p2pInTop += isP2p ? 1 : 0;
            hosts.append(String.format(Locale.ROOT, " %s %.1f MB (%.0f%%)%s;", e.name(), Tariff.megabytes(e.bytes()),
                    site.bytes() == 0 ? 0.0 : 100.0 * e.bytes() / site.bytes(), isP2p ? " P2P" : ""));
        }
        ev.add(new Evidence("hosts", hosts.substring(0, hosts.length() - 1), Math.max(1, top.size())));
        int users = site.p2pUsers();
        double usersBits = users * config.perUserBytesPerSecond() * 8.0;
        ev.add(new Evidence("p2p-users", String.format(Locale.ROOT,
                "%d P2P users in the window (%d of the top %d hosts); %d users x %.0f KB/s = %s = %.0f%% of %s; "
                        + "%d such users fill the link", users, p2pInTop, top.size(), users,
                config.perUserBytesPerSecond() / 1000.0, rate(usersBits), 100 * usersBits / r.capacity, rate(r.capacity),
                (long) Math.ceil(r.capacity / (config.perUserBytesPerSecond() * 8.0))), Math.max(1, users)));
        Severity sev = r.utilisation >= 1 ? Severity.HIGH : Severity.MEDIUM;
        return Alert.builder(AlertType.LINK_SATURATION_RISK, site.host(), site.startMs(), site.endMs())
                .eventTime(site.endMs() - 1)
                .severity(sev)
                .confidence(r.utilisation >= config.utilisation() ? 1.0 : 0.7)
                .evidence(ev)
                .bytes(r.bytes)
                .identifier("link " + dir)
                .suppressFor(policy.suppressFor(AlertType.LINK_SATURATION_RISK).toMillis())
                .build();
    }

    /** A bit rate for people: {@code 9.4 Mbit/s}. */
    static String rate(double bitsPerSecond) {
        if (bitsPerSecond >= 1e9) {
            return String.format(Locale.ROOT, "%.1f Gbit/s", bitsPerSecond / 1e9);
        }
        if (bitsPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f Mbit/s", bitsPerSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f kbit/s", bitsPerSecond / 1e3);
    }
}
