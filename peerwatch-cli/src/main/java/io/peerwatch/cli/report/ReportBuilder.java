package io.peerwatch.cli.report;

import io.peerwatch.job.JobConfig;
import io.peerwatch.notice.Alert;
import io.peerwatch.volume.BandwidthSpikeDetector;
import io.peerwatch.volume.LinkConfig;
import io.peerwatch.volume.VolumeBaseline;
import io.peerwatch.volume.VolumeKey;
import io.peerwatch.volume.VolumeReport;
import io.peerwatch.volume.VolumeRow;
import io.peerwatch.volume.VolumeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects what a run gave (alerts, the job's closed volume windows, the volume table) into
 * {@link ReportData}. The site's expected volume is the job's own baseline model replayed over
 * the site's windows in order ({@link BandwidthSpikeDetector#observe}), so the dashed line is what
 * the spike detector compared each window with. Not thread-safe.
 */
public final class ReportBuilder {

    private final JobConfig config;
    private final List<Alert> alerts = new ArrayList<>();
    private final List<VolumeWindow> siteWindows = new ArrayList<>();

    public ReportBuilder(JobConfig config) {
        this.config = config;
    }

    /** One alert of the run. */
    public void add(Alert a) {
        alerts.add(a);
    }

    /** One closed volume window of the run (only the site's are drawn; hosts come from the table). */
    public void add(VolumeWindow w) {
        if (VolumeWindow.SITE.equals(w.subject())) {
            siteWindows.add(w);
        }
    }

    /** The report, with the run's volume table for talkers and cost. */
    public ReportData build(String title, Instant generated, VolumeReport table) {
        return new ReportData(title, generated, alerts, bandwidth(), capacities(config.library().link()), talkers(table),
                costs(table));
    }

    private List<ReportData.BandwidthPoint> bandwidth() {
        BandwidthSpikeDetector spikes = config.bandwidthSpikeDetector();
        VolumeBaseline baseline = new VolumeBaseline();
        List<ReportData.BandwidthPoint> out = new ArrayList<>(siteWindows.size());
        for (VolumeWindow w : siteWindows.stream().sorted(Comparator.comparingLong(VolumeWindow::startMs)).toList()) {
            OptionalLong expected = baseline.warm(w.startMs(), spikes.config())
                    ? OptionalLong.of(Math.round(baseline.expected(w.startMs(), spikes.config()))) : OptionalLong.empty();
            spikes.observe(baseline, w); // learns the window as the job did
            out.add(new ReportData.BandwidthPoint(w.startMs(), w.windowMs(), w.bytesIn(), w.bytesOut(), expected));
        }
        return out;
    }

    private static List<ReportData.Capacity> capacities(LinkConfig link) {
        List<ReportData.Capacity> out = new ArrayList<>(2);
        if (link.capacityInBitsPerSecond() > 0) {
            out.add(new ReportData.Capacity("download capacity", link.capacityInBitsPerSecond()));
        }
        if (link.capacityOutBitsPerSecond() > 0) {
            out.add(new ReportData.Capacity("upload capacity", link.capacityOutBitsPerSecond()));
        }
        return out;
    }

    /** Hosts and users by bytes, each with the P2P protocols alerted for it. */
    private List<ReportData.Talker> talkers(VolumeReport table) {
        Map<String, Set<String>> p2p = new TreeMap<>();
        for (Alert a : alerts) {
            if (HtmlReport.isP2p(a.type())) {
                a.protocol().ifPresent(p -> p2p.computeIfAbsent(a.host().toString(), k -> new TreeSet<>()).add(p));
            }
        }
        List<ReportData.Talker> out = new ArrayList<>();
        for (VolumeRow r : table.rows()) {
            out.add(new ReportData.Talker(label(r.key()), r.bytesIn(), r.bytesOut(),
                    List.copyOf(p2p.getOrDefault(r.key().name(), Set.of()))));
        }
        return out;
    }

    private static List<ReportData.CostRow> costs(VolumeReport table) {
        return table.rows().stream().filter(r -> r.cost().signum() > 0)
                .map(r -> new ReportData.CostRow(label(r.key()), r.bytes(), r.cost(), Optional.of(r.projectedCost()), r.currency()))
                .toList();
    }

    /** "host 10.0.0.5", "user alice": the same name may be both. */
    private static String label(VolumeKey k) {
        return k.kind().label() + " " + k.name();
    }
}
