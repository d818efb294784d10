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

/**
 * {@link AlertType#BANDWIDTH_SPIKE}: a subject (flow host, proxy address or user, or the site)
 * whose window holds more than {@link BaselineConfig#spikeFactor()} times its expected bytes
 * ({@link VolumeBaseline}) and at least the minimum volume ({@link BaselineConfig#hostMinSpikeBytes()},
 * {@link BaselineConfig#siteMinSpikeBytes()} for {@link VolumeWindow#SITE}), once its baseline is
 * warm. The evidence names the observed and expected bytes, their ratio, and the services and
 * destinations that carried the window (the excess is theirs).
 *
 * <p>Windows must be given in time order per subject (the job's keyed windows are):
 *
 * <pre>{@code
 * BandwidthSpikeDetector d = new BandwidthSpikeDetector(BaselineConfig.defaults(), NoticePolicy.defaults());
 * VolumeBaseline b = new VolumeBaseline();
 * for (VolumeWindow w : windowsOfOneHost) {
 *     d.observe(b, w).ifPresent(alerts::add);   // judges against what was learned, then learns w
 * }
 * }</pre>
 */
public final class BandwidthSpikeDetector {

    /** A window at or above this multiple of the spike factor is of high severity. */
    public static final double HIGH_SEVERITY_FACTOR = 2.0;

    private final BaselineConfig config;
    private final NoticePolicy policy;

    public BandwidthSpikeDetector(BaselineConfig config, NoticePolicy policy) {
        if (config == null || policy == null) {
            throw new IllegalArgumentException("config and policy must not be null");
        }
        this.config = config;
        this.policy = policy;
    }

    public BaselineConfig config() {
        return config;
    }

    /**
     * Judges {@code w} against {@code b}, then learns it (a spike winsorised at the factor times
     * the expected bytes).
     */
    public Optional<Alert> observe(VolumeBaseline b, VolumeWindow w) {
        long observed = w.bytes();
        boolean warm = b.warm(w.startMs(), config);
        double expected = b.isEmpty() ? 0 : b.expected(w.startMs(), config);
        long min = VolumeWindow.SITE.equals(w.subject()) ? config.siteMinSpikeBytes() : config.hostMinSpikeBytes();
        boolean spike = warm && observed >= min && observed > config.spikeFactor() * expected && w.host() != null;
        b.learn(w.startMs(), spike ? (long) Math.ceil(config.spikeFactor() * expected) : observed, config);
        if (!spike) {
            return Optional.empty();
        }
        double ratio = expected <= 0 ? Double.POSITIVE_INFINITY : observed / expected;
        long excess = observed - (long) expected;
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence("volume", String.format(Locale.ROOT,
                "%s: %.1f MB in %d min (in %.1f MB, out %.1f MB; external %.1f MB), expected %.1f MB: %s the baseline, "
                        + "excess %.1f MB", w.subject(), Tariff.megabytes(observed), w.windowMs() / 60_000,
                Tariff.megabytes(w.bytesIn()), Tariff.megabytes(w.bytesOut()), Tariff.megabytes(w.externalBytes()),
                expected / Tariff.BYTES_PER_MB, Double.isInfinite(ratio) ? "above an empty" : String.format(Locale.ROOT, "%.1fx", ratio),
                Tariff.megabytes(excess)), Math.max(1, w.records())));
        ev.add(new Evidence("baseline", String.format(Locale.ROOT,
                "level %.1f MB per window, %d windows learned; spike factor %.1f, minimum %.1f MB", b.level() / Tariff.BYTES_PER_MB,
                b.windows(), config.spikeFactor(), Tariff.megabytes(min)), 1));
        ev.add(new Evidence("protocols", top("services carrying the window", w.services(), observed), 1));
        ev.add(new Evidence("destinations", top("peers", w.peers(), observed), 1));
        if (VolumeWindow.SITE.equals(w.subject())) {
            ev.add(new Evidence("hosts", top("hosts", w.hosts(), observed), 1));
        }
        Severity sev = observed >= HIGH_SEVERITY_FACTOR * config.spikeFactor() * expected ? Severity.HIGH : Severity.MEDIUM;
        return Optional.of(Alert.builder(AlertType.BANDWIDTH_SPIKE, w.host(), w.startMs(), w.endMs())
                .user(w.user())
                .eventTime(w.endMs() - 1)
                .severity(sev)
                .confidence(Math.min(1.0, 0.5 + 0.1 * Math.min(5, ratio / config.spikeFactor())))
                .evidence(ev)
                .bytes(observed)
                .identifier(w.subject())
                .suppressFor(policy.suppressFor(AlertType.BANDWIDTH_SPIKE).toMillis())
                .build());
    }

    private String top(String what, TopCounts t, long total) {
        StringBuilder sb = new StringBuilder(what).append(':');
        for (TopCounts.Entry e : t.top(config.evidenceEntries())) {
            sb.append(String.format(Locale.ROOT, " %s %.1f MB (%.0f%%);", e.name(), Tariff.megabytes(e.bytes()),
                    total == 0 ? 0.0 : 100.0 * e.bytes() / total));
        }
        return sb.substring(0, sb.length() - 1);
    }
}
