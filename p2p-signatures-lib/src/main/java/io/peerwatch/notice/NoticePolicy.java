package io.peerwatch.notice;

import io.peerwatch.core.AlertType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which alerts are reported and how often. Suppression intervals: one alert per (host, alert type,
 * identifier) per interval, like Zeek's {@code Notice::default_suppression_interval} and
 * {@code type_suppression_intervals}. And whether SSH on its own port (remote administration, scp)
 * is worth an alert at all ({@link #alertSshOnStandardPort()}).
 */
public final class NoticePolicy {

    /** Repeats of an alert inside this interval are counted, not reported (Zeek's default too). */
    public static final Duration DEFAULT_SUPPRESSION_INTERVAL = Duration.ofHours(1);

    private static final NoticePolicy DEFAULTS = builder().build();

    /**
     * By default SSH on port 22 gives no alert: it is how hosts are administered and files copied
     * (scp, rsync), in plain sight of any firewall, and an alert on every session is noise. SSH on
     * another port (hidden on 443, 80 or 53, where a firewall lets it pass) is alerted either way.
     */
    public static final boolean DEFAULT_ALERT_SSH_ON_STANDARD_PORT = false;

    private final Duration defaultInterval;
    private final Map<AlertType, Duration> perType;
    private final boolean alertSshOnStandardPort;

    private NoticePolicy(Duration defaultInterval, Map<AlertType, Duration> perType, boolean alertSshOnStandardPort) {
        this.defaultInterval = defaultInterval;
        this.perType = perType.isEmpty() ? Map.of() : new EnumMap<>(perType);
        this.alertSshOnStandardPort = alertSshOnStandardPort;
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

    /** True when SSH on port 22 is alerted too ({@link #DEFAULT_ALERT_SSH_ON_STANDARD_PORT}). */
    public boolean alertSshOnStandardPort() {
        return alertSshOnStandardPort;
    }

    /** Builder; rejects negative intervals. */
    public static final class Builder {
        private Duration defaultInterval = DEFAULT_SUPPRESSION_INTERVAL;
        private final Map<AlertType, Duration> perType = new EnumMap<>(AlertType.class);
        private boolean alertSshOnStandardPort = DEFAULT_ALERT_SSH_ON_STANDARD_PORT;

        private Builder() {
        }

        public Builder alertSshOnStandardPort(boolean v) {
            alertSshOnStandardPort = v;
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
            return new NoticePolicy(defaultInterval, perType, alertSshOnStandardPort);
        }
    }
}
