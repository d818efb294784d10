package io.peerwatch.volume;

import java.time.Duration;

/**
 * The site's link and LINK_SATURATION_RISK thresholds of {@link LinkSaturationDetector}. Off
 * until a capacity is configured (0). Build with {@link #builder()}.
 *
 * @param capacityInBitsPerSecond capacity of the link towards the site (download), 0 = not watched
 * @param capacityOutBitsPerSecond capacity from the site (upload), 0 = not watched
 * @param utilisation a window at or above this share of a capacity is a risk (0..1]
 * @param forecastHorizon a window whose trend reaches the capacity within this time is a risk
 * @param minForecastUtilisation ... when its utilisation is at least this share (a rising trend on an
 *     idle link is no risk)
 * @param trendWindows windows of the least-squares trend (at least 2)
 * @param p2pUserMinBytes bytes on P2P-table ports in a window that make a host a P2P user of that window
 * @param perUserBytesPerSecond rate of one active P2P user for the paper's arithmetic (users x rate against capacity)
 * @param evidenceHosts contributing hosts named in the evidence
 */
public record LinkConfig(long capacityInBitsPerSecond, long capacityOutBitsPerSecond, double utilisation,
        Duration forecastHorizon, double minForecastUtilisation, int trendWindows, long p2pUserMinBytes,
        long perUserBytesPerSecond, int evidenceHosts) {

    /** Not watched until the site states its link. */
    public static final long DEFAULT_CAPACITY_IN_BITS_PER_SECOND = 0;
    /** Not watched until the site states its link. */
    public static final long DEFAULT_CAPACITY_OUT_BITS_PER_SECOND = 0;
    /** 80 %: above it queues grow and interactive traffic suffers. */
    public static final double DEFAULT_UTILISATION = 0.8;
    /** Saturation forecast within an hour. */
    public static final Duration DEFAULT_FORECAST_HORIZON = Duration.ofHours(1);
    /** Forecasts count from half the capacity up. */
    public static final double DEFAULT_MIN_FORECAST_UTILISATION = 0.5;
    /** Six windows (half an hour of 5-minute windows). */
    public static final int DEFAULT_TREND_WINDOWS = 6;
    /** 1 MB on P2P ports in a window. */
    public static final long DEFAULT_P2P_USER_MIN_BYTES = 1_000_000L;
    /** The paper's 20 KB/s per active P2P user (62 of them fill 10 Mbit/s). */
    public static final long DEFAULT_PER_USER_BYTES_PER_SECOND = 20_000L;
    /** Five hosts in the evidence. */
    public static final int DEFAULT_EVIDENCE_HOSTS = 5;

    public LinkConfig {
        if (capacityInBitsPerSecond < 0 || capacityOutBitsPerSecond < 0) {
            throw new IllegalArgumentException("capacities must not be negative");
        }
        if (!(utilisation > 0 && utilisation <= 1) || !(minForecastUtilisation >= 0 && minForecastUtilisation <= 1)) {
            throw new IllegalArgumentException("utilisation must be within (0, 1] and minForecastUtilisation within [0, 1]");
        }
        if (forecastHorizon == null || forecastHorizon.isNegative()) {
            throw new IllegalArgumentException("forecastHorizon must not be negative: " + forecastHorizon);
        }
        if (trendWindows < 2 || p2pUserMinBytes < 1 || perUserBytesPerSecond < 1 || evidenceHosts < 1) {
            throw new IllegalArgumentException("trendWindows must be at least 2, p2pUserMinBytes, perUserBytesPerSecond "
                    + "and evidenceHosts at least 1");
        }
    }

    /** Whether a capacity is configured. */
    public boolean watched() {
        return capacityInBitsPerSecond > 0 || capacityOutBitsPerSecond > 0;
    }

    /** The documented defaults (link not watched). */
    public static LinkConfig defaults() {
        return new LinkConfig(DEFAULT_CAPACITY_IN_BITS_PER_SECOND, DEFAULT_CAPACITY_OUT_BITS_PER_SECOND, DEFAULT_UTILISATION,
                DEFAULT_FORECAST_HORIZON, DEFAULT_MIN_FORECAST_UTILISATION, DEFAULT_TREND_WINDOWS, DEFAULT_P2P_USER_MIN_BYTES,
                DEFAULT_PER_USER_BYTES_PER_SECOND, DEFAULT_EVIDENCE_HOSTS);
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
        private long capacityInBitsPerSecond;
        private long capacityOutBitsPerSecond;
        private double utilisation;
        private Duration forecastHorizon;
        private double minForecastUtilisation;
        private int trendWindows;
        private long p2pUserMinBytes;
        private long perUserBytesPerSecond;
        private int evidenceHosts;

        private Builder(LinkConfig c) {
            capacityInBitsPerSecond = c.capacityInBitsPerSecond;
            capacityOutBitsPerSecond = c.capacityOutBitsPerSecond;
            utilisation = c.utilisation;
            forecastHorizon = c.forecastHorizon;
            minForecastUtilisation = c.minForecastUtilisation;
            trendWindows = c.trendWindows;
            p2pUserMinBytes = c.p2pUserMinBytes;
            perUserBytesPerSecond = c.perUserBytesPerSecond;
            evidenceHosts = c.evidenceHosts;
        }

        public Builder capacityInBitsPerSecond(long v) {
            capacityInBitsPerSecond = v;
            return this;
        }

        public Builder capacityOutBitsPerSecond(long v) {
            capacityOutBitsPerSecond = v;
            return this;
        }

        public Builder utilisation(double v) {
            utilisation = v;
            return this;
        }

        public Builder forecastHorizon(Duration v) {
            forecastHorizon = v;
            return this;
        }

        public Builder minForecastUtilisation(double v) {
            minForecastUtilisation = v;
            return this;
        }

        public Builder trendWindows(int v) {
            trendWindows = v;
            return this;
        }

        public Builder p2pUserMinBytes(long v) {
            p2pUserMinBytes = v;
            return this;
        }

        public Builder perUserBytesPerSecond(long v) {
            perUserBytesPerSecond = v;
            return this;
        }

        public Builder evidenceHosts(int v) {
            evidenceHosts = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public LinkConfig build() {
            return new LinkConfig(capacityInBitsPerSecond, capacityOutBitsPerSecond, utilisation, forecastHorizon,
                    minForecastUtilisation, trendWindows, p2pUserMinBytes, perUserBytesPerSecond, evidenceHosts);
        }
    }
}
