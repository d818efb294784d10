package io.peerwatch.volume;

import io.peerwatch.core.IpAddress;
import io.peerwatch.internal.StateBinary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Per-subject state of {@link VolumeDetector}: a sliding hour and a sliding day of bytes and
 * requests, and the latest client address (the host an alert is attributed to). About
 * {@code 16 x (60 + 96)} bytes with the default buckets. Not thread-safe; one per key. Kept as
 * state in the binary form of {@link #writeTo} / {@link #readFrom}; a meter read back keeps the
 * bucket widths it was written with.
 */
public final class VolumeMeter {
    /** Version of the binary form {@link #writeTo} writes; {@link #readFrom} reads 1 to this. */
    public static final int FORMAT_VERSION = 1;
    private static final String WHAT = "VolumeMeter";

    private final SlidingCounter hour;
    private final SlidingCounter day;
    private IpAddress lastClient;
    private String user;
    private long lastMs = Long.MIN_VALUE;

    VolumeMeter(VolumeConfig c) {
        hour = new SlidingCounter(c.hourBucket().toMillis(), (int) (VolumeConfig.HOUR.toMillis() / c.hourBucket().toMillis()));
        day = new SlidingCounter(c.dayBucket().toMillis(), (int) (VolumeConfig.DAY.toMillis() / c.dayBucket().toMillis()));
    }

    private VolumeMeter(SlidingCounter hour, SlidingCounter day) {
        this.hour = hour;
        this.day = day;
    }

    /**
     * Writes this meter's binary form: {@link #FORMAT_VERSION} first, then both counters, the
     * latest client and user (JDK {@link DataOutput} only, so any framework can keep it as state).
     */
    public void writeTo(DataOutput out) throws IOException {
        StateBinary.writeVersion(out, FORMAT_VERSION);
        hour.writeTo(out);
        day.writeTo(out);
        StateBinary.writeAddress(out, lastClient);
        StateBinary.writeString(out, user);
        out.writeLong(lastMs);
    }

    /**
     * Reads a meter written by {@link #writeTo} (any version up to {@link #FORMAT_VERSION}).
     *
     * @throws IOException when the input ends early or is not such a meter
     */
    public static VolumeMeter readFrom(DataInput in) throws IOException {
        StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
        VolumeMeter m = new VolumeMeter(SlidingCounter.readFrom(in), SlidingCounter.readFrom(in));
        m.lastClient = StateBinary.readAddress(in, WHAT);
        m.user = StateBinary.readString(in, WHAT);
        m.lastMs = in.readLong();
        return m;
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
