package io.peerwatch.volume;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Per-user and per-address volume and cost, largest first: the table a network team reads.
 *
 * <pre>{@code
 * VolumeTally tally = new VolumeTally();
 * entries.forEach(tally::add);
 * System.out.print(tally.report(Tariff.defaults()).toTable(20));
 * }</pre>
 */
public final class VolumeReport {

    /** Longest subject name printed in a table; longer names are cut. */
    public static final int MAX_NAME = 40;

    private static final Comparator<VolumeRow> LARGEST_FIRST = Comparator.comparingLong(VolumeRow::bytes).reversed()
            .thenComparing(r -> r.key().kind()).thenComparing(r -> r.key().name());

    private final List<VolumeRow> rows;
    private final Duration span;
    private final Tariff tariff;

    public VolumeReport(List<VolumeRow> rows, Duration span, Tariff tariff) {
        if (rows == null || span == null || tariff == null) {
            throw new IllegalArgumentException("rows, span and tariff must not be null");
        }
        this.rows = rows.stream().sorted(LARGEST_FIRST).toList();
        this.span = span;
        this.tariff = tariff;
    }

    /** All rows, largest first (ties: users before addresses, then by name). */
    public List<VolumeRow> rows() {
        return rows;
    }

    /** The {@code n} largest rows of one kind. */
    public List<VolumeRow> top(VolumeKey.Kind kind, int n) {
        return rows.stream().filter(r -> r.key().kind() == kind).limit(n).toList();
    }

    /** The {@code n} largest rows of any kind. */
    public List<VolumeRow> top(int n) {
        return rows.stream().limit(n).toList();
    }

    /** The time span the volumes were counted over. */
    public Duration span() {
        return span;
    }

    public Tariff tariff() {
        return tariff;
    }

    /**
     * A plain-text table: users first, then addresses, each with at most {@code topN} rows.
     * Names are stripped of control characters and cut at {@link #MAX_NAME}.
     */
    public String toTable(int topN) {
        StringBuilder sb = new StringBuilder();
        String cost = "cost " + tariff.currency();
        sb.append(String.format(Locale.ROOT, "%-7s %-" + MAX_NAME + "s %10s %15s %12s %12s%n",
                "kind", "subject", "requests", "bytes", "MB", cost));
        for (VolumeKey.Kind k : VolumeKey.Kind.values()) {
            for (VolumeRow r : top(k, topN)) {
                sb.append(String.format(Locale.ROOT, "%-7s %-" + MAX_NAME + "s %10d %15d %12.2f %12.2f%n",
                        k == VolumeKey.Kind.USER ? "user" : "ip", printable(r.key().name()), r.requests(), r.bytes(),
                        Tariff.megabytes(r.bytes()), r.cost()));
            }
        }
        sb.append(String.format(Locale.ROOT, "span %s; tariff %s %.4f per MB (MB = 10^6 bytes) over %.1f MB free per %s%n",
                io.peerwatch.config.ValueType.DURATION.format(Duration.ofSeconds(span.toSeconds())), tariff.currency(),
                tariff.pricePerMb(), tariff.freeMb(), io.peerwatch.config.ValueType.DURATION.format(tariff.period())));
        return sb.toString();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_NAME));
        s.codePoints().limit(MAX_NAME).forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return sb.toString();
    }
}
