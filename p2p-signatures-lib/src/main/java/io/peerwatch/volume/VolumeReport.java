package io.peerwatch.volume;

import io.peerwatch.config.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Per-host, per-user and per-address volume and cost, largest first, with the site's total:
 * the table a network team reads ({@code analyze} prints it for every input).
 *
 * <pre>{@code
 * VolumeTally tally = new VolumeTally();
 * windows.forEach(tally::add);
 * System.out.print(tally.report(Tariff.defaults()).toTable(20));
 * }</pre>
 */
public final class VolumeReport {

    /** Longest subject name printed in a table; longer names are cut. */
    public static final int MAX_NAME = 40;

    /**
     * The site's total over the input.
     *
     * @param bytes bytes the site moved (each internal byte once)
     * @param externalBytes bytes that crossed the edge
     * @param internalBytes bytes between internal hosts
     * @param packets packets
     * @param records input records
     * @param month cost so far in the billing month and projected, with the free allowance
     */
    public record Site(long bytes, long externalBytes, long internalBytes, long packets, long records, Tariff.CostEstimate month) {
    }

    private static final Comparator<VolumeRow> LARGEST_FIRST = Comparator.comparingLong(VolumeRow::bytes).reversed()
            .thenComparing(r -> r.key().kind()).thenComparing(r -> r.key().name());

    private final List<VolumeRow> rows;
    private final Site site;
    private final Duration span;
    private final Tariff tariff;
    private final Folded folded;

    /**
     * Subjects a bounded tally folded together ({@link VolumeTally}): none when the input had fewer
     * subjects than the bound.
     *
     * @param subjects subjects folded (one seen again after its folding counts again)
     * @param bytes their bytes
     * @param records their records or windows
     * @param maxSubjects the bound that made the tally fold
     */
    public record Folded(long subjects, long bytes, long records, int maxSubjects) {
        /** Nothing folded. */
        public static final Folded NONE = new Folded(0, 0, 0, 0);
    }

    public VolumeReport(List<VolumeRow> rows, Site site, Duration span, Tariff tariff) {
        this(rows, site, span, tariff, Folded.NONE);
    }

    /**
     * A report whose tally folded its smaller subjects together ({@link VolumeTally}).
     *
     * @param rows the subjects kept one by one
     * @param site the site's totals
     * @param span the input's span
     * @param tariff the tariff
     * @param folded what was folded
     */
    public VolumeReport(List<VolumeRow> rows, Site site, Duration span, Tariff tariff, Folded folded) {
        if (rows == null || site == null || span == null || tariff == null || folded == null) {
            throw new IllegalArgumentException("rows, site, span, tariff and folded must not be null");
        }
        this.rows = rows.stream().sorted(LARGEST_FIRST).toList();
        this.site = site;
        this.span = span;
        this.tariff = tariff;
        this.folded = folded;
    }

    /** The subjects folded together to bound memory ({@link Folded#NONE} when none were). */
    public Folded folded() {
        return folded;
    }

    /** All rows, largest first (ties: users, addresses, hosts, then by name). */
    public List<VolumeRow> rows() {
        return rows;
    }

    /** The site's total. */
    public Site site() {
        return site;
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
     * A plain-text table: users, proxy addresses, then flow hosts, each with at most {@code topN}
     * rows, then the site. Names are stripped of control characters and cut at {@link #MAX_NAME}.
     */
    public String toTable(int topN) {
        StringBuilder sb = new StringBuilder();
        String cur = tariff.currency();
        String row = "%-7s %-" + MAX_NAME + "s %10s %15s %10s %10s %10s %10s %12s %14s%n";
        sb.append(String.format(Locale.ROOT, row, "kind", "subject", "requests", "bytes", "in MB", "out MB", "int MB", "ext MB",
                "cost " + cur, "projected " + cur));
        for (VolumeKey.Kind k : VolumeKey.Kind.values()) {
            for (VolumeRow r : top(k, topN)) {
                sb.append(String.format(Locale.ROOT, row, k.label(), printable(r.key().name()), r.requests(), r.bytes(),
                        mb(r.bytesIn()), mb(r.bytesOut()), mb(r.internalBytes()), mb(r.externalBytes()), money(r.cost()),
                        money(r.projectedCost())));
            }
        }
        if (folded.subjects() > 0) {
            sb.append(String.format(Locale.ROOT, row, "others", "(" + folded.subjects() + " smaller, folded)", folded.records(),
                    folded.bytes(), "", "", "", "", "", ""));
        }
        sb.append(String.format(Locale.ROOT, row, "site", "(each byte once)", site.records(), site.bytes(), "", "",
                mb(site.internalBytes()), mb(site.externalBytes()), money(site.month().costSoFar()),
                money(site.month().projectedCost())));
        sb.append(String.format(Locale.ROOT, "span %s; tariff %s %.4f per MB (MB = 10^6 bytes); %.1f MB free per billing month "
                + "from day %d (%s), month from %s; hosts, users and addresses at the marginal price, the site with the "
                + "allowance; projected: run rate so far to the month's end%n",
                ValueType.DURATION.format(Duration.ofSeconds(span.toSeconds())), cur, tariff.pricePerMb(), tariff.freeMb(),
                tariff.billingDay(), tariff.zone(), Instant.ofEpochMilli(site.month().month().startMs())));
        if (folded.subjects() > 0) {
            sb.append(String.format(Locale.ROOT, "more than %d subjects: the smaller ones were folded into \"others\" to bound "
                    + "memory (analyze.max-volume-subjects); the site's figures are exact%n", folded.maxSubjects()));
        }
        return sb.toString();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f", Tariff.megabytes(bytes));
    }

    private static String money(java.math.BigDecimal v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_NAME));
        s.codePoints().limit(MAX_NAME).forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return sb.toString();
    }
}
