package io.peerwatch.volume;

import io.peerwatch.core.IpAddress;

/**
 * Per-subject state of {@link VolumeDetector}: a sliding hour and a sliding day of bytes and
 * requests, and the latest client address (the host an alert is attributed to). About
 * {@code 16 x (60 + 96)} bytes with the default buckets. Not thread-safe; one per key.
 */
public final class VolumeMeter {
    private final SlidingCounter hour;
    private final SlidingCounter day;
    private IpAddress lastClient;
    private String user;
    private long lastMs = Long.MIN_VALUE;

    VolumeMeter(VolumeConfig c) {
        hour = new SlidingCounter(c.hourBucket().toMillis(), (int) (VolumeConfig.HOUR.toMillis() / c.hourBucket().toMillis()));
        day = new SlidingCounter(c.dayBucket().toMillis(), (int) (VolumeConfig.DAY.toMillis() / c.dayBucket().toMillis()));
    }

    void add(long timeMs, long bytes, IpAddress client, String userName) {
        hour.add(timeMs, bytes);
        day.add(timeMs, bytes);
        if (timeMs >= lastMs) {
            lastMs = timeMs;
            lastClient = client;
            if (userName != null) {
                user = userName;
            }
        }
    }

    /** The sliding hour ending at the bucket of {@code nowMs}. */
    public SlidingCounter hour() {
        return hour;
    }

    /** The sliding day ending at the bucket of {@code nowMs}. */
    public SlidingCounter day() {
        return day;
    }

    /** Client address of the newest request, or null before the first. */
    public IpAddress lastClient() {
        return lastClient;
    }

    /** Time of the newest request. */
    public long lastMs() {
        return lastMs;
    }

    String user() {
        return user;
    }
}
