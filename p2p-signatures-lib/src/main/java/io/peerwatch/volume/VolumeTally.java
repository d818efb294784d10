package io.peerwatch.volume;

import io.peerwatch.core.Counters;
import io.peerwatch.proxy.ProxyRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Totals per user and per address over a whole input (e.g. the files of
 * {@code peerwatch analyze --proxy-log}), turned into a {@link VolumeReport}. Not thread-safe.
 */
public final class VolumeTally {
    private final Map<VolumeKey, long[]> totals = new HashMap<>();
    private long firstMs = Long.MAX_VALUE;
    private long lastMs = Long.MIN_VALUE;

    /** Counts a proxy request for its address and (when authenticated) its user. */
    public void add(ProxyRecord e) {
        for (VolumeKey k : VolumeKey.of(e)) {
            add(k, e.timestampMs(), e.totalBytes());
        }
    }

    /** Counts one request of {@code bytes} for a key. */
    public void add(VolumeKey key, long timeMs, long bytes) {
        long[] t = totals.computeIfAbsent(key, k -> new long[2]);
        t[0] = Counters.add(t[0], bytes);
        t[1]++;
        firstMs = Math.min(firstMs, timeMs);
        lastMs = Math.max(lastMs, timeMs);
    }

    /** The span from the first to the last request counted (zero when empty). */
    public Duration span() {
        return lastMs < firstMs ? Duration.ZERO : Duration.ofMillis(lastMs - firstMs);
    }

    /** A report priced with {@code tariff} over {@link #span()}. */
    public VolumeReport report(Tariff tariff) {
        Duration span = span();
        List<VolumeRow> rows = new ArrayList<>();
        totals.forEach((k, t) -> rows.add(new VolumeRow(k, t[0], t[1], tariff.cost(t[0], span), tariff.currency())));
        return new VolumeReport(rows, span, tariff);
    }
}
