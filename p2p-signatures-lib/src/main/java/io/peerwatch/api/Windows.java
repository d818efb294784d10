package io.peerwatch.api;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.FlowWindowDetector;
import io.peerwatch.notice.Alert;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Batch tumbling windows for the flow detectors, aligned as Flink's
 * {@code TumblingEventTimeWindows} aligns them (a window starts at a multiple of its length since
 * the epoch), so an embedding program cuts the same windows as the job.
 */
final class Windows {

    private static final Comparator<Alert> ORDER = Comparator.comparingLong(Alert::eventTimeMs)
            .thenComparing(Alert::type).thenComparing(Alert::host).thenComparing(Alert::id);

    private Windows() {
    }

    /** Observes every record in its window (event time: the record's end) and judges every window. */
    static <W> void run(FlowWindowDetector<W> d, List<FlowRecord> records, List<Alert> out) {
        long size = d.window().toMillis();
        Map<Long, Map<IpAddress, W>> windows = new TreeMap<>();
        for (FlowRecord f : records) {
            long start = Math.floorDiv(f.endMs(), size) * size;
            for (IpAddress h : d.hostsOf(f)) {
                W w = windows.computeIfAbsent(start, k -> new HashMap<>()).computeIfAbsent(h, k -> d.newWindow());
                d.observe(w, h, f);
            }
        }
        windows.forEach((start, hosts) -> hosts.forEach(
                (h, w) -> d.evaluate(w, h, start, start + size).ifPresent(out::add)));
    }

    /** Alerts as findings, in event-time order (ties: type, host, id) so output is the same on every run. */
    static List<Finding> ordered(List<Alert> alerts) {
        return alerts.stream().sorted(ORDER).map(Finding::of).toList();
    }
}
