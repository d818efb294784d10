package io.peerwatch.volume;

import io.peerwatch.core.Counters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-window volume series of hosts, proxy addresses, users and the site, in event time, rolled
 * up to any multiple of the window (minutes, hours, days): what a report draws (site bandwidth over
 * time, a host's day). Fed with closed {@link VolumeWindow}s. Not thread-safe.
 *
 * <pre>{@code
 * VolumeSeries s = new VolumeSeries();
 * windows.forEach(s::add);
 * List<VolumeSeries.Point> hours = s.points(VolumeWindow.SITE, Duration.ofHours(1));
 * }</pre>
 */
public final class VolumeSeries {

    /**
     * One period of a series.
     *
     * @param startMs start of the period (aligned to the epoch, UTC)
     * @param lengthMs its length
     * @param bytesIn bytes to the subject (for the site: from outside)
     * @param bytesOut bytes from the subject (for the site: sent, inside or out)
     * @param externalBytes bytes that crossed the edge
     * @param p2pBytes bytes on P2P-table ports
     */
    public record Point(long startMs, long lengthMs, long bytesIn, long bytesOut, long externalBytes, long p2pBytes) {
        /** Bytes in and out. */
        public long bytes() {
            return bytesIn + bytesOut;
        }

        /** Average rate over the period, bits per second. */
        public double bitsPerSecond() {
            return bytes() * 8000.0 / lengthMs;
        }
    }

    private final Map<String, TreeMap<Long, long[]>> series = new HashMap<>();
    private long windowMs;

    /** Adds a closed window of any subject; windows of one series must share a length. */
    public void add(VolumeWindow w) {
        if (windowMs == 0) {
            windowMs = w.windowMs();
        } else if (windowMs != w.windowMs()) {
            throw new IllegalArgumentException("windows of " + w.windowMs() + " ms in a series of " + windowMs + " ms");
        }
        long[] p = series.computeIfAbsent(w.subject(), k -> new TreeMap<>()).computeIfAbsent(w.startMs(), k -> new long[4]);
        p[0] = Counters.add(p[0], w.bytesIn());
        p[1] = Counters.add(p[1], w.bytesOut());
        p[2] = Counters.add(p[2], w.externalBytes());
        p[3] = Counters.add(p[3], w.p2pBytes());
    }

    /** The subjects with a series ({@link VolumeKey#text()} forms and {@link VolumeWindow#SITE}). */
    public Set<String> subjects() {
        return series.keySet();
    }

    /** The window length of the series (0 when empty). */
    public long windowMs() {
        return windowMs;
    }

    /**
     * A subject's series in periods of {@code period} (a multiple of the window), oldest first;
     * periods without traffic are left out.
     */
    public List<Point> points(String subject, Duration period) {
        long len = period.toMillis();
        if (windowMs > 0 && (len < windowMs || len % windowMs != 0)) {
            throw new IllegalArgumentException("period " + period + " is not a multiple of the " + windowMs + " ms window");
        }
        TreeMap<Long, long[]> rolled = new TreeMap<>();
        series.getOrDefault(subject, new TreeMap<>()).forEach((start, v) -> {
            long[] p = rolled.computeIfAbsent(VolumeWindow.windowStart(start, len), k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                p[i] = Counters.add(p[i], v[i]);
            }
        });
        List<Point> out = new ArrayList<>(rolled.size());
        rolled.forEach((start, p) -> out.add(new Point(start, len, p[0], p[1], p[2], p[3])));
        return out;
    }

    /** Lines for people: the site's bytes per day (UTC) and each day's busiest hour. */
    public String siteSummary() {
        if (!series.containsKey(VolumeWindow.SITE) || windowMs == 0 || Duration.ofHours(1).toMillis() % windowMs != 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        List<Point> hours = points(VolumeWindow.SITE, Duration.ofHours(1));
        for (Point d : points(VolumeWindow.SITE, Duration.ofDays(1))) {
            Point peak = hours.stream().filter(h -> h.startMs() >= d.startMs() && h.startMs() < d.startMs() + d.lengthMs())
                    .max(java.util.Comparator.comparingLong(Point::bytes)).orElseThrow();
            sb.append(String.format(Locale.ROOT, "site %s: %.1f MB (external %.1f MB, P2P ports %.1f MB); busiest hour %s "
                    + "%.1f MB, %s average%n", Instant.ofEpochMilli(d.startMs()).toString().substring(0, 10),
                    Tariff.megabytes(d.bytes()), Tariff.megabytes(d.externalBytes()), Tariff.megabytes(d.p2pBytes()),
                    Instant.ofEpochMilli(peak.startMs()).toString().substring(11, 16), Tariff.megabytes(peak.bytes()),
                    LinkSaturationDetector.rate(peak.bitsPerSecond())));
        }
        return sb.toString();
    }
}
