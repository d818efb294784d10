package io.peerwatch.volume;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.proxy.ProxyRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link AlertType#VOLUME_QUOTA}: a user or address whose bytes in the sliding hour or day
 * exceed {@link VolumeConfig#hourQuotaBytes()} / {@link VolumeConfig#dayQuotaBytes()}. The
 * alert's cost is that volume's under {@link VolumeConfig#tariff()} (marginal price); its
 * evidence adds the subject's cost so far in the billing month and projected to the month's end
 * ({@link Tariff#month}).
 *
 * <p>A proxy request counts with {@link ProxyRecord#totalBytes()} (to and, when logged, from the
 * client) for every {@link VolumeKey} of {@link VolumeKey#of(ProxyRecord)}: its address and its
 * user. The Flink operator keys by {@link VolumeKey#text()}, keeps one {@link VolumeMeter} per
 * key and calls {@link #evaluate} on each record or on a timer:
 *
 * <pre>{@code
 * VolumeDetector d = new VolumeDetector(VolumeConfig.defaults());
 * for (VolumeKey k : VolumeKey.of(entry)) {
 *     VolumeMeter m = meters.computeIfAbsent(k, x -> d.newMeter());
 *     d.observe(m, entry);
 *     d.evaluate(m, k, entry.timestampMs()).ifPresent(alerts::add);
 * }
 * }</pre>
 */
public final class VolumeDetector {

    private final VolumeConfig config;
    private final NoticePolicy policy;

    public VolumeDetector(VolumeConfig config) {
        this(config, NoticePolicy.defaults());
    }

    public VolumeDetector(VolumeConfig config, NoticePolicy policy) {
        if (config == null || policy == null) {
            throw new IllegalArgumentException("config and policy must not be null");
        }
        this.config = config;
        this.policy = policy;
    }

    public VolumeConfig config() {
        return config;
    }

    /** Fresh state for one key. */
    public VolumeMeter newMeter() {
        return new VolumeMeter(config);
    }

    /** Counts a proxy request. */
    public void observe(VolumeMeter m, ProxyRecord e) {
        m.add(e.timestampMs(), e.totalBytes(), e.client(), e.user().orElse(null), config.tariff());
    }

    /** Counts bytes from any source (e.g. flow records) for a client and optional user. */
    public void observe(VolumeMeter m, long timeMs, long bytes, IpAddress client, String user) {
        if (bytes < 0 || client == null) {
            throw new IllegalArgumentException("bytes must be >= 0 and client set");
        }
        m.add(timeMs, bytes, client, user, config.tariff());
    }

    /**
     * Checks the quotas at {@code nowMs} (normally the time of the newest record).
     *
     * @return an alert when the sliding hour or day is over its quota; the day wins when both are
     */
    public Optional<Alert> evaluate(VolumeMeter m, VolumeKey key, long nowMs) {
        if (m.lastClient() == null) {
            return Optional.empty();
        }
        long hourBytes = m.hour().bytes(nowMs);
        long dayBytes = m.day().bytes(nowMs);
        boolean dayOver = dayBytes > config.dayQuotaBytes();
        boolean hourOver = hourBytes > config.hourQuotaBytes();
        if (!dayOver && !hourOver) {
            return Optional.empty();
        }
        SlidingCounter c = dayOver ? m.day() : m.hour();
        long bytes = dayOver ? dayBytes : hourBytes;
        long quota = dayOver ? config.dayQuotaBytes() : config.hourQuotaBytes();
        Tariff t = config.tariff();
        Tariff.CostEstimate month = m.month(nowMs, t);
        java.math.BigDecimal cost = t.exactCost(bytes);
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence("volume", String.format(Locale.ROOT, "%s: %d bytes (%.1f MB) in the sliding %s, quota %d bytes",
                key.text(), bytes, Tariff.megabytes(bytes), dayOver ? "day" : "hour", quota), Math.max(1, c.requests(nowMs))));
        ev.add(new Evidence("cost", String.format(Locale.ROOT, "%s %.2f for the sliding %s at %s %.4f per MB; %s",
                t.currency(), cost, dayOver ? "day" : "hour", t.currency(), t.pricePerMb(), month.describe()), 1));
        if (dayOver && hourOver) {
            ev.add(new Evidence("volume", String.format(Locale.ROOT, "%d bytes in the sliding hour, quota %d",
                    hourBytes, config.hourQuotaBytes()), Math.max(1, m.hour().requests(nowMs))));
        }
        Severity sev = bytes >= VolumeConfig.HIGH_SEVERITY_FACTOR * quota ? Severity.HIGH : Severity.MEDIUM;
        return Optional.of(Alert.builder(AlertType.VOLUME_QUOTA, m.lastClient(), c.spanStart(nowMs), c.spanEnd(nowMs))
                .user(key.kind() == VolumeKey.Kind.USER ? key.name() : m.user())
                .eventTime(Math.max(m.lastMs(), c.spanStart(nowMs)))
                .severity(sev)
                .confidence(1.0)
                .evidence(ev)
                .bytes(bytes)
                .cost(cost, t.currency())
                .identifier(key.text() + (dayOver ? " day" : " hour"))
                .suppressFor(policy.suppressFor(AlertType.VOLUME_QUOTA).toMillis())
                .build());
    }
}
