package io.peerwatch.volume;

import io.peerwatch.internal.StateBinary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * A subject's learned volume per window: an EWMA level and a time-of-day / day-of-week profile.
 *
 * <p><b>Model.</b> For a window {@code w} in hour-of-day {@code h} and day-of-week {@code d} (in
 * {@link BaselineConfig#zone()}), with observed bytes {@code x}:
 * <ul>
 * <li>level {@code L}: {@code L += levelAlpha * (x - L)} every window (recent behaviour);
 * <li>hour profile {@code P[h]}: the EWMA of {@code x / D[d]} over the windows of hour {@code h}
 *     ({@code profileAlpha}); unlearned until the hour has been seen once;
 * <li>day factor {@code D[d]}: the EWMA of {@code x / P[h]} over the windows of day {@code d}
 *     ({@code dayAlpha}), starting at 1 and kept within [{@link #MIN_DAY_FACTOR}, {@link #MAX_DAY_FACTOR}];
 * <li>expected {@code E = max(L, P[h] * D[d])} (the level alone while the hour is unlearned): a
 *     spike must stand out against both what the subject did lately and what it usually does at
 *     this time of the week, so a morning ramp that happens every day and a busy stretch that has
 *     lasted a while are both expected.
 * </ul>
 * Windows without traffic are zeros: a gap of {@code k} windows is learned as {@code k} empty
 * windows (at most a week of them; a longer gap starts the learning again). A spike is learned
 * winsorised, as {@code spikeFactor * E}, so that one burst does not become the new normal at
 * once. The baseline is warm once it has learned {@link BaselineConfig#warmUp()} of event time.
 *
 * <p><b>State.</b> Two longs, a double, 24 + 7 floats and a count: {@link #STATE_BYTES} bytes in
 * its binary form per subject (see BENCHMARKS.md for the measured heap size). Not thread-safe.
 */
public final class VolumeBaseline {

    /** Version of the binary form {@link #writeTo} writes. */
    public static final int FORMAT_VERSION = 1;
    /** Bytes of the binary form: version, first and last window, level, 24 hour slots, 7 day factors, windows. */
    public static final int STATE_BYTES = 1 + 8 + 8 + 8 + 24 * 4 + 7 * 4 + 8;
    /** Smallest day-of-week factor: a quiet day still expects a tenth of a usual one. */
    public static final float MIN_DAY_FACTOR = 0.1f;
    /** Largest day-of-week factor. */
    public static final float MAX_DAY_FACTOR = 10f;
    private static final String WHAT = "VolumeBaseline";
    private static final int HOURS = 24;
    private static final int DAYS = 7;
    private static final long WEEK_MS = 7L * 24 * 3_600_000;

    private long firstStartMs = Long.MIN_VALUE;
    private long lastStartMs = Long.MIN_VALUE;
    private double level;
    private final float[] hours = new float[HOURS];
    private final float[] days = new float[DAYS];
    private long windows;

    /** An empty baseline: nothing learned. */
    public VolumeBaseline() {
        Arrays.fill(hours, Float.NaN);
        Arrays.fill(days, 1f);
    }

    /** Whether nothing has been learned. */
    public boolean isEmpty() {
        return windows == 0;
    }

    /** Start of the last window learned ({@link Long#MIN_VALUE} when empty). */
    public long lastStartMs() {
        return lastStartMs;
    }

    /** Windows learned (empty windows of gaps included). */
    public long windows() {
        return windows;
    }

    /** The level (bytes per window). */
    public double level() {
        return level;
    }

    /** Whether {@link BaselineConfig#warmUp()} of event time has been learned before the window starting at {@code startMs}. */
    public boolean warm(long startMs, BaselineConfig c) {
        return windows > 0 && startMs - firstStartMs >= c.warmUp().toMillis();
    }

    /** Expected bytes in the window starting at {@code startMs} (call before {@link #learn} of that window). */
    public double expected(long startMs, BaselineConfig c) {
        ZonedDateTime t = Instant.ofEpochMilli(startMs).atZone(ZoneId.of(c.zone()));
        float p = hours[t.getHour()];
        if (Float.isNaN(p)) {
            return level;
        }
        return Math.max(level, (double) p * days[t.getDayOfWeek().getValue() - 1]);
    }

    /**
     * Learns the window starting at {@code startMs} with {@code bytes}, after zeros for the
     * windows missed since the last one. Windows older than the last learned are ignored.
     */
    public void learn(long startMs, long bytes, BaselineConfig c) {
        long w = c.window().toMillis();
        if (windows > 0 && startMs <= lastStartMs) {
            return;
        }
        ZoneId zone = ZoneId.of(c.zone());
        if (windows > 0) {
            long gap = (startMs - lastStartMs) / w - 1;
            if (startMs - lastStartMs > WEEK_MS) {
                reset();
            } else {
                for (long i = 1; i <= gap; i++) {
                    update(lastStartMs + i * w, 0, zone, c);
                }
            }
        }
        if (windows == 0) {
            firstStartMs = startMs;
        }
        update(startMs, bytes, zone, c);
    }

    private void reset() {
        Arrays.fill(hours, Float.NaN);
        Arrays.fill(days, 1f);
        level = 0;
        windows = 0;
    }

    private void update(long startMs, double x, ZoneId zone, BaselineConfig c) {
        ZonedDateTime t = Instant.ofEpochMilli(startMs).atZone(zone);
        int h = t.getHour();
        int d = t.getDayOfWeek().getValue() - 1;
        double dayFactor = days[d];
        double p = hours[h];
        if (!Float.isNaN(hours[h]) && p > 0) {
            double ratio = Math.min(MAX_DAY_FACTOR, Math.max(MIN_DAY_FACTOR, x / p));
            days[d] = (float) (dayFactor + c.dayAlpha() * (ratio - dayFactor));
        }
        double deseasoned = x / dayFactor;
        hours[h] = Float.isNaN(hours[h]) ? (float) deseasoned : (float) (p + c.profileAlpha() * (deseasoned - p));
        level = windows == 0 ? x : level + c.levelAlpha() * (x - level);
        lastStartMs = startMs;
        windows++;
    }

    /** Writes the binary form ({@link #STATE_BYTES} bytes). */
    public void writeTo(DataOutput out) throws IOException {
        StateBinary.writeVersion(out, FORMAT_VERSION);
        out.writeLong(firstStartMs);
        out.writeLong(lastStartMs);
        out.writeDouble(level);
        for (float f : hours) {
            out.writeFloat(f);
        }
        for (float f : days) {
            out.writeFloat(f);
        }
        out.writeLong(windows);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static VolumeBaseline readFrom(DataInput in) throws IOException {
        StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
        VolumeBaseline b = new VolumeBaseline();
        b.firstStartMs = in.readLong();
        b.lastStartMs = in.readLong();
        b.level = in.readDouble();
        for (int i = 0; i < HOURS; i++) {
            b.hours[i] = in.readFloat();
        }
        for (int i = 0; i < DAYS; i++) {
            b.days[i] = in.readFloat();
        }
        b.windows = in.readLong();
        if (b.windows < 0) {
            throw new java.io.StreamCorruptedException(WHAT + ": negative window count");
        }
        return b;
    }
}
