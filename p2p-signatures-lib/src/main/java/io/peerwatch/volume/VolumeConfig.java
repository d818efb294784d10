package io.peerwatch.volume;

import java.time.Duration;

/**
 * Quotas and bucket sizes of {@link VolumeDetector}.
 *
 * @param hourQuotaBytes bytes per subject in the sliding hour above which VOLUME_QUOTA fires
 * @param dayQuotaBytes bytes per subject in the sliding day above which VOLUME_QUOTA fires
 * @param hourBucket granularity of the sliding hour (it slides by this step)
 * @param dayBucket granularity of the sliding day
 * @param tariff prices the volume in the alert
 */
public record VolumeConfig(long hourQuotaBytes, long dayQuotaBytes, Duration hourBucket, Duration dayBucket,
        Tariff tariff) {

    /** The sliding hour. */
    public static final Duration HOUR = Duration.ofHours(1);
    /** The sliding day. */
    public static final Duration DAY = Duration.ofDays(1);
    /**
     * 70 MB an hour: the paper's sustained P2P user (about 20 KB/s), AUD 8.40 an hour at its
     * tariff; a browsing user stays far below.
     */
    public static final long DEFAULT_HOUR_QUOTA_BYTES = 70_000_000L;
    /** 1 GB a day (10^9 bytes): a full working day of heavy but ordinary use. */
    public static final long DEFAULT_DAY_QUOTA_BYTES = 1_000_000_000L;
    /** The hour slides by minutes (60 buckets). */
    public static final Duration DEFAULT_HOUR_BUCKET = Duration.ofMinutes(1);
    /** The day slides by quarter hours (96 buckets). */
    public static final Duration DEFAULT_DAY_BUCKET = Duration.ofMinutes(15);
    /** A subject at or above this multiple of a quota is reported with HIGH severity. */
    public static final double HIGH_SEVERITY_FACTOR = 2.0;

    public VolumeConfig {
        if (hourQuotaBytes < 1 || dayQuotaBytes < 1) {
            throw new IllegalArgumentException("quotas must be at least 1 byte");
        }
        divides(hourBucket, HOUR, "hourBucket");
        divides(dayBucket, DAY, "dayBucket");
        if (tariff == null) {
            throw new IllegalArgumentException("tariff must not be null");
        }
    }

    private static void divides(Duration bucket, Duration span, String name) {
        if (bucket == null || bucket.toMillis() <= 0 || span.toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException(name + " must be positive and divide " + span + ": " + bucket);
        }
    }

    /** The documented defaults with the paper's tariff. */
    public static VolumeConfig defaults() {
        return new VolumeConfig(DEFAULT_HOUR_QUOTA_BYTES, DEFAULT_DAY_QUOTA_BYTES, DEFAULT_HOUR_BUCKET,
                DEFAULT_DAY_BUCKET, Tariff.defaults());
    }

    public VolumeConfig withHourQuota(long bytes) {
        return new VolumeConfig(bytes, dayQuotaBytes, hourBucket, dayBucket, tariff);
    }

    public VolumeConfig withDayQuota(long bytes) {
        return new VolumeConfig(hourQuotaBytes, bytes, hourBucket, dayBucket, tariff);
    }

    public VolumeConfig withTariff(Tariff t) {
        return new VolumeConfig(hourQuotaBytes, dayQuotaBytes, hourBucket, dayBucket, t);
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder; {@link #build()} validates (see the record's constructor). */
    public static final class Builder {
        private long hourQuotaBytes;
        private long dayQuotaBytes;
        private Duration hourBucket;
        private Duration dayBucket;
        private Tariff tariff;

        private Builder(VolumeConfig c) {
            hourQuotaBytes = c.hourQuotaBytes;
            dayQuotaBytes = c.dayQuotaBytes;
            hourBucket = c.hourBucket;
            dayBucket = c.dayBucket;
            tariff = c.tariff;
        }

        public Builder hourQuotaBytes(long v) {
            hourQuotaBytes = v;
            return this;
        }

        public Builder dayQuotaBytes(long v) {
            dayQuotaBytes = v;
            return this;
        }

        public Builder hourBucket(Duration v) {
            hourBucket = v;
            return this;
        }

        public Builder dayBucket(Duration v) {
            dayBucket = v;
            return this;
        }

        public Builder tariff(Tariff v) {
            tariff = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public VolumeConfig build() {
            return new VolumeConfig(hourQuotaBytes, dayQuotaBytes, hourBucket, dayBucket, tariff);
        }
    }
}
