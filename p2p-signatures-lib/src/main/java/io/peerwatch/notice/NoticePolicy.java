package io.peerwatch.notice;

import io.peerwatch.core.AlertType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which alerts are reported and how often. Suppression intervals: one alert per (host, alert type,
 * identifier) per interval, like Zeek's {@code Notice::default_suppression_interval} and
 * {@code type_suppression_intervals}. And whether SSH between two internal hosts on SSH's own port
 * (remote administration, scp) is worth an alert at all ({@link #alertInternalSsh()}).
 */
public final class NoticePolicy {

    /** Repeats of an alert inside this interval are counted, not reported (Zeek's default too). */
    public static final Duration DEFAULT_SUPPRESSION_INTERVAL = Duration.ofHours(1);

    private static final NoticePolicy DEFAULTS = builder().build();

    /**
     * By default SSH between two internal hosts on port 22 gives no alert: it is how hosts are
     * administered and files copied (scp, rsync), and an alert on every session is noise. SSH that
     * leaves the site or runs on another port (SSH hidden on 443 or 53) is alerted either way.
     */
    public static final boolean DEFAULT_ALERT_INTERNAL_SSH = false;

    private final Duration defaultInterval;
    private final Map<AlertType, Duration> perType;
    private final boolean alertInternalSsh;

    private NoticePolicy(Duration defaultInterval, Map<AlertType, Duration> perType, boolean alertInternalSsh) {
        this.defaultInterval = defaultInterval;
        this.perType = perType.isEmpty() ? Map.of() : new EnumMap<>(perType);
        this.alertInternalSsh = alertInternalSsh;
    }

    /** Default interval for every type. */
    public static NoticePolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The suppression interval for {@code type}: its override, else the default. */
    public Duration suppressFor(AlertType type) {
        return perType.getOrDefault(type, defaultInterval);
    }

    /** The interval used for types without an override. */
    public Duration defaultInterval() {
        return defaultInterval;
    }

    /** True when SSH between two internal hosts on SSH's port is alerted ({@link #DEFAULT_ALERT_INTERNAL_SSH}). */
    public boolean alertInternalSsh() {
        return alertInternalSsh;
    }

    /** Builder; rejects negative intervals. */
    public static final class Builder {
        private Duration defaultInterval = DEFAULT_SUPPRESSION_INTERVAL;
        private final Map<AlertType, Duration> perType = new EnumMap<>(AlertType.class);
        private boolean alertInternalSsh = DEFAULT_ALERT_INTERNAL_SSH;

        private Builder() {
        }

        public Builder alertInternalSsh(boolean v) {
            alertInternalSsh = v;
            return this;
        }

        public Builder defaultInterval(Duration d) {
            defaultInterval = check(d);
            return this;
        }

        public Builder interval(AlertType type, Duration d) {
            perType.put(type, check(d));
            return this;
        }

        private static Duration check(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("suppression interval must be zero or positive: " + d);
            }
            return d;
        }

        public NoticePolicy build() {
            return new NoticePolicy(defaultInterval, perType, alertInternalSsh);
        }
    }
}
