package io.peerwatch.volume;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Windows, learned baselines and BANDWIDTH_SPIKE thresholds of {@link BandwidthSpikeDetector}
 * (the model is documented on {@link VolumeBaseline}). Build with {@link #builder()}.
 *
 * @param window event-time window over which volume is counted per subject and for the site
 *     (must divide a day); a flow record counts in the window of its end
 * @param levelAlpha EWMA smoothing of the level per window (0..1; larger follows faster)
 * @param profileAlpha EWMA smoothing of an hour-of-day slot per window in that hour (0..1)
 * @param dayAlpha EWMA smoothing of a day-of-week factor per window on that day (0..1)
 * @param warmUp event time a subject's baseline learns before it may alert
 * @param spikeFactor a window is a spike when its bytes exceed this multiple of the expected bytes
 * @param hostMinSpikeBytes ... and at least these bytes (a host, proxy address or user)
 * @param siteMinSpikeBytes ... and at least these bytes (the site's window)
 * @param topEntries services, peers and hosts remembered per window (Space-Saving, {@link TopCounts})
 * @param evidenceEntries services and destinations named in the evidence
 * @param zone the site's time zone: hours of the day and days of the week of the profile
 */
public record BaselineConfig(Duration window, double levelAlpha, double profileAlpha, double dayAlpha, Duration warmUp,
        double spikeFactor, long hostMinSpikeBytes, long siteMinSpikeBytes, int topEntries, int evidenceEntries,
        String zone) {

    /**
     * Five-minute windows: short enough to see a burst while it lasts, long enough that a
     * typical exporter's flow records (1-minute active timeout) spread evenly.
     */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** 0.1 per window: the level forgets with a half-life of about 7 windows (35 min). */
    public static final double DEFAULT_LEVEL_ALPHA = 0.1;
    /** 0.3 per window of the hour: one day's hour weighs about as much as the days before it together. */
    public static final double DEFAULT_PROFILE_ALPHA = 0.3;
    /** 0.02 per window of the day: a day-of-week factor moves after a few weeks, not one odd day. */
    public static final double DEFAULT_DAY_ALPHA = 0.02;
    /** A whole day, so that every hour of the day has been seen once before the first alert. */
    public static final Duration DEFAULT_WARM_UP = Duration.ofDays(1);
    /** Three times the expected volume. */
    public static final double DEFAULT_SPIKE_FACTOR = 3.0;
    /**
     * 30 MB in a window (100 KB/s over 5 minutes, five times the paper's 20 KB/s per active P2P
     * user): below it a jump is too small to matter for the link or the bill.
     */
    public static final long DEFAULT_HOST_MIN_SPIKE_BYTES = 30_000_000L;
    /** 300 MB in a window (8 Mbit/s over 5 minutes, most of the paper's 10 Mbit/s link). */
    public static final long DEFAULT_SITE_MIN_SPIKE_BYTES = 300_000_000L;
    /** 16 services, peers and hosts per window. */
    public static final int DEFAULT_TOP_ENTRIES = 16;
    /** Three of each in the evidence. */
    public static final int DEFAULT_EVIDENCE_ENTRIES = 3;
    /** UTC. */
    public static final String DEFAULT_ZONE = "UTC";

    public BaselineConfig {
        if (window == null || window.toMillis() <= 0 || Duration.ofDays(1).toMillis() % window.toMillis() != 0) {
            throw new IllegalArgumentException("window must be positive and divide 1d: " + window);
        }
        unit("levelAlpha", levelAlpha);
        unit("profileAlpha", profileAlpha);
        unit("dayAlpha", dayAlpha);
        if (warmUp == null || warmUp.isNegative()) {
            throw new IllegalArgumentException("warmUp must not be negative: " + warmUp);
        }
        if (!(spikeFactor > 1) || Double.isInfinite(spikeFactor)) {
            throw new IllegalArgumentException("spikeFactor must be a finite number above 1: " + spikeFactor);
        }
        if (hostMinSpikeBytes < 0 || siteMinSpikeBytes < 0) {
            throw new IllegalArgumentException("minimum spike volumes must not be negative");
        }
        if (topEntries < 1 || evidenceEntries < 1) {
            throw new IllegalArgumentException("topEntries and evidenceEntries must be at least 1");
        }
        try {
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zone is not a time zone id: " + zone);
        }
    }

    private static void unit(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within (0, 1]: " + v);
        }
    }

    /** The documented defaults. */
    public static BaselineConfig defaults() {
        return new BaselineConfig(DEFAULT_WINDOW, DEFAULT_LEVEL_ALPHA, DEFAULT_PROFILE_ALPHA, DEFAULT_DAY_ALPHA,
                DEFAULT_WARM_UP, DEFAULT_SPIKE_FACTOR, DEFAULT_HOST_MIN_SPIKE_BYTES, DEFAULT_SITE_MIN_SPIKE_BYTES,
                DEFAULT_TOP_ENTRIES, DEFAULT_EVIDENCE_ENTRIES, DEFAULT_ZONE);
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private Duration window;
        private double levelAlpha;
        private double profileAlpha;
        private double dayAlpha;
        private Duration warmUp;
        private double spikeFactor;
        private long hostMinSpikeBytes;
        private long siteMinSpikeBytes;
        private int topEntries;
        private int evidenceEntries;
        private String zone;

        private Builder(BaselineConfig c) {
            window = c.window;
            levelAlpha = c.levelAlpha;
            profileAlpha = c.profileAlpha;
            dayAlpha = c.dayAlpha;
            warmUp = c.warmUp;
            spikeFactor = c.spikeFactor;
            hostMinSpikeBytes = c.hostMinSpikeBytes;
            siteMinSpikeBytes = c.siteMinSpikeBytes;
            topEntries = c.topEntries;
            evidenceEntries = c.evidenceEntries;
            zone = c.zone;
        }

        public Builder window(Duration v) {
            window = v;
            return this;
        }

        public Builder levelAlpha(double v) {
            levelAlpha = v;
            return this;
        }

        public Builder profileAlpha(double v) {
            profileAlpha = v;
            return this;
        }

        public Builder dayAlpha(double v) {
            dayAlpha = v;
            return this;
        }

        public Builder warmUp(Duration v) {
            warmUp = v;
            return this;
        }

        public Builder spikeFactor(double v) {
            spikeFactor = v;
            return this;
        }

        public Builder hostMinSpikeBytes(long v) {
            hostMinSpikeBytes = v;
            return this;
        }

        public Builder siteMinSpikeBytes(long v) {
            siteMinSpikeBytes = v;
            return this;
        }

        public Builder topEntries(int v) {
            topEntries = v;
            return this;
        }

        public Builder evidenceEntries(int v) {
            evidenceEntries = v;
            return this;
        }

        public Builder zone(String v) {
            zone = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public BaselineConfig build() {
            return new BaselineConfig(window, levelAlpha, profileAlpha, dayAlpha, warmUp, spikeFactor, hostMinSpikeBytes,
                    siteMinSpikeBytes, topEntries, evidenceEntries, zone);
        }
    }
}
