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
    public static final int FORMAT_VERSION = 2;
    private static final String WHAT = "VolumeMeter";

    private final SlidingCounter hour;
    private final SlidingCounter day;
    private IpAddress lastClient;
    private String user;
    private long lastMs = Long.MIN_VALUE;
    /** The billing month being counted (start, epoch ms; MIN_VALUE before the first request), its bytes and first request. */
    private long monthStartMs = Long.MIN_VALUE;
    private long monthBytes;
    private long monthFirstMs;

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
        out.writeLong(monthStartMs);
        out.writeLong(monthBytes);
        out.writeLong(monthFirstMs);
    }

    /**
     * Reads a meter written by {@link #writeTo} (any version up to {@link #FORMAT_VERSION}; a
     * version-1 meter starts its billing month at its next request).
     *
     * @throws IOException when the input ends early or is not such a meter
     */
    public static VolumeMeter readFrom(DataInput in) throws IOException {
        int version = StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
        VolumeMeter m = new VolumeMeter(SlidingCounter.readFrom(in), SlidingCounter.readFrom(in));
        m.lastClient = StateBinary.readAddress(in, WHAT);
        m.user = StateBinary.readString(in, WHAT);
        m.lastMs = in.readLong();
        if (version >= 2) {
            m.monthStartMs = in.readLong();
            m.monthBytes = in.readLong();
            m.monthFirstMs = in.readLong();
        }
        return m;
    }

    void add(long timeMs, long bytes, IpAddress client, String userName, Tariff tariff) {
        hour.add(timeMs, bytes);
        day.add(timeMs, bytes);
        long month = tariff.billingMonth(timeMs).startMs();
        if (month > monthStartMs) {
            monthStartMs = month;
            monthBytes = 0;
            monthFirstMs = timeMs;
        }
        if (month == monthStartMs) {
            monthBytes = io.peerwatch.core.Counters.add(monthBytes, bytes);
            monthFirstMs = Math.min(monthFirstMs, timeMs);
        }
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

    /** Cost so far in the billing month of {@code nowMs} and projected to its end (marginal price: the allowance is the site's). */
    public Tariff.CostEstimate month(long nowMs, Tariff tariff) {
        boolean current = tariff.billingMonth(nowMs).startMs() == monthStartMs;
        return tariff.month(current ? monthBytes : 0, current ? monthFirstMs : nowMs, nowMs, false);
    }

    /** End of the billing month being counted under {@code tariff} (the job keeps the state until then). */
    public long monthEndMs(Tariff tariff) {
        return monthStartMs == Long.MIN_VALUE ? Long.MIN_VALUE : tariff.billingMonth(monthStartMs).endMs();
    }

    String user() {
        return user;
    }
}
