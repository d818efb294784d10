package io.peerwatch.volume;

import io.peerwatch.core.Counters;
import io.peerwatch.proxy.ProxyRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Totals per flow host, proxy address and proxy user over a whole input, and for the site,
 * turned into a {@link VolumeReport} with cost so far and projected for the billing month
 * ({@link Tariff#month}). Fed with the job's per-window volumes ({@link #add(VolumeWindow)}) or
 * with samples. The site is what the flow hosts moved (each byte once, {@link VolumeWindow#addHost});
 * with proxy records only, what the proxy addresses moved. Not thread-safe.
 *
 * <p>Memory is bounded: at most {@code maxSubjects} subjects are kept one by one. When a new
 * subject would pass that, the smaller half (by bytes) is folded into one remainder
 * ({@link VolumeReport#folded()}), so a flood of spoofed addresses costs bounded memory while the
 * big talkers stay exact. The site's totals are always exact. A subject folded earlier and seen
 * again starts from zero, so below the bound's smallest talkers the figures are a lower bound.
 *
 * <pre>{@code
 * VolumeTally tally = new VolumeTally();
 * windows.forEach(tally::add);
 * System.out.print(tally.report(Tariff.defaults()).toTable(20));
 * }</pre>
 */
public final class VolumeTally {

    /** Running totals of one subject; times are of windows or samples. */
    private static final class Totals {
        long in;
        long out;
        long internal;
        long external;
        long packets;
        long records;
        /** Bytes per quarter hour (every time zone's midnight is on one), for the billing month's share. */
        final Map<Long, Long> bytesPerQuarter = new HashMap<>();

        void add(long timeMs, long bytesIn, long bytesOut, long internalBytes, long externalBytes, long packetCount,
                long recordCount) {
            addCounts(bytesIn, bytesOut, internalBytes, externalBytes, packetCount, recordCount);
            bytesPerQuarter.merge(Math.floorDiv(timeMs, QUARTER_MS), bytesIn + bytesOut, Counters::add);
        }

        /** Adds another subject's totals (folding). */
        void addAll(Totals o) {
            addCounts(o.in, o.out, o.internal, o.external, o.packets, o.records);
            o.bytesPerQuarter.forEach((q, b) -> bytesPerQuarter.merge(q, b, Counters::add));
        }

        private void addCounts(long bytesIn, long bytesOut, long internalBytes, long externalBytes, long packetCount,
                long recordCount) {
            in = Counters.add(in, bytesIn);
            out = Counters.add(out, bytesOut);
            internal = Counters.add(internal, internalBytes);
            external = Counters.add(external, externalBytes);
            packets = Counters.add(packets, packetCount);
            records = Counters.add(records, recordCount);
        }

        long bytes() {
            return Counters.add(in, out);
        }

        /** Bytes from {@code startMs} (a billing month's start, on a quarter hour). */
        long bytesSince(long startMs) {
            long first = Math.floorDiv(startMs, QUARTER_MS);
            return bytesPerQuarter.entrySet().stream().filter(e -> e.getKey() >= first).mapToLong(Map.Entry::getValue).sum();
        }
    }

    private static final long QUARTER_MS = 900_000L;
    /** Subjects kept one by one unless configured otherwise. */
    public static final int DEFAULT_MAX_SUBJECTS = 100_000;

    private final int maxSubjects;
    private final Map<VolumeKey, Totals> totals = new HashMap<>();
    private final Totals folded = new Totals();
    private long foldedSubjects;
    private final Totals siteFromHosts = new Totals();
    private final Totals siteFromProxy = new Totals();
    private long firstMs = Long.MAX_VALUE;
    private long lastMs = Long.MIN_VALUE;

    /** A tally that keeps {@link #DEFAULT_MAX_SUBJECTS} subjects one by one. */
    public VolumeTally() {
        this(DEFAULT_MAX_SUBJECTS);
    }

    /**
     * A tally that keeps at most {@code maxSubjects} subjects one by one (see the class comment).
     *
     * @throws IllegalArgumentException if {@code maxSubjects} is below 2
     */
    public VolumeTally(int maxSubjects) {
        if (maxSubjects < 2) {
            throw new IllegalArgumentException("maxSubjects must be at least 2, not " + maxSubjects);
        }
        this.maxSubjects = maxSubjects;
    }

    /** Counts a proxy request for its address and (when authenticated) its user. */
    public void add(ProxyRecord e) {
        VolumeSample.of(e).forEach(this::add);
    }

    /** Counts one sample. */
    public void add(VolumeSample s) {
        long internal = s.external() ? 0 : s.bytes();
        totalsOf(s.key()).add(s.timeMs(), s.bytesIn(), s.bytesOut(), internal,
                s.bytes() - internal, s.packetsIn() + s.packetsOut(), 1);
        site(s.key()).ifPresent(t -> t.add(s.timeMs(), s.external() ? s.bytesIn() : 0, s.bytesOut(),
                s.external() ? 0 : s.bytesOut(), s.external() ? s.bytes() : 0, s.packetsIn() + s.packetsOut(), 1));
        seen(s.timeMs(), s.timeMs());
    }

    /** Counts a subject's window; site windows ({@link VolumeWindow#SITE}) are ignored (the site is summed here). */
    public void add(VolumeWindow w) {
        if (VolumeWindow.SITE.equals(w.subject())) {
            return;
        }
        VolumeKey k = VolumeKey.parse(w.subject());
        totalsOf(k).add(w.startMs(), w.bytesIn(), w.bytesOut(), w.internalBytes(),
                w.externalBytes(), w.packetsIn() + w.packetsOut(), w.records());
        site(k).ifPresent(t -> t.add(w.startMs(), w.inExternal(), w.bytesOut(), w.outInternal(), w.externalBytes(),
                w.packetsIn() + w.packetsOut(), w.records()));
        seen(w.startMs(), w.endMs());
    }

    private Totals totalsOf(VolumeKey k) {
        Totals t = totals.get(k);
        if (t == null) {
            if (totals.size() >= maxSubjects) {
                fold();
            }
            t = new Totals();
            totals.put(k, t);
        }
        return t;
    }

    /** Folds the smaller half of the subjects (by bytes; ties in key order) into the remainder. */
    private void fold() {
        List<Map.Entry<VolumeKey, Totals>> bySize = new ArrayList<>(totals.entrySet());
        bySize.sort(Map.Entry.<VolumeKey, Totals>comparingByValue(java.util.Comparator.comparingLong(Totals::bytes))
                .thenComparing(e -> e.getKey().toString()));
        for (Map.Entry<VolumeKey, Totals> e : bySize.subList(0, totals.size() - maxSubjects / 2)) {
            folded.addAll(e.getValue());
            totals.remove(e.getKey());
            foldedSubjects++;
        }
    }

    private java.util.Optional<Totals> site(VolumeKey k) {
        return switch (k.kind()) {
            case HOST -> java.util.Optional.of(siteFromHosts);
            case ADDRESS -> java.util.Optional.of(siteFromProxy);
            case USER -> java.util.Optional.empty();
        };
    }

    private void seen(long from, long to) {
        firstMs = Math.min(firstMs, from);
        lastMs = Math.max(lastMs, to);
    }

    /** The span from the first to the last time counted (zero when empty). */
    public Duration span() {
        return lastMs < firstMs ? Duration.ZERO : Duration.ofMillis(lastMs - firstMs);
    }

    /**
     * A report priced with {@code tariff}: each subject's cost so far in the billing month of the
     * input's end (marginal price) and projected from the run rate since the month or the input
     * began; the site's the same with the free allowance.
     */
    public VolumeReport report(Tariff tariff) {
        List<VolumeRow> rows = new ArrayList<>();
        // Nothing counted (a demo stopped before its first volume window closed, an input without
        // records): priced at the epoch, all zero; the empty bounds would overflow the calendar.
        boolean empty = lastMs < firstMs;
        long now = empty ? 0 : lastMs;
        long firstMs = empty ? 0 : this.firstMs;
        long monthStart = tariff.billingMonth(now).startMs();
        totals.forEach((k, t) -> {
            Tariff.CostEstimate c = tariff.month(t.bytesSince(monthStart), firstMs, now, false);
            rows.add(new VolumeRow(k, t.in, t.out, t.internal, t.external, t.packets, t.records, c.costSoFar(),
                    c.projectedCost(), tariff.currency()));
        });
        Totals s = siteFromHosts.records > 0 ? siteFromHosts : siteFromProxy;
        VolumeReport.Site site = new VolumeReport.Site(s.in + s.out, s.external, s.internal, s.packets, s.records,
                tariff.month(s.bytesSince(monthStart), firstMs, now, true));
        VolumeReport.Folded f = new VolumeReport.Folded(foldedSubjects, folded.bytes(), folded.records, maxSubjects);
        return new VolumeReport(rows, site, span(), tariff, f);
    }
}
