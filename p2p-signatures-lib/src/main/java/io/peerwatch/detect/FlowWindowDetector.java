package io.peerwatch.detect;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.notice.Alert;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A payload-free detector that judges one host over one window of flow records (Zeek's
 * SumStats: the detector observes, the caller owns the windows). The Flink job and offline
 * analysis drive every implementation the same way:
 *
 * <pre>{@code
 * for (IpAddress host : d.hostsOf(flow)) {
 *     W w = windows.computeIfAbsent(host, h -> d.newWindow());
 *     d.observe(w, host, flow);
 * }
 * // when the window closes:
 * d.evaluate(w, host, windowStart, windowEnd).ifPresent(alerts::add);
 * }</pre>
 *
 * @param <W> the mutable per-host, per-window accumulator
 */
public interface FlowWindowDetector<W> {

    /** Window length this detector's thresholds are meant for. */
    Duration window();

    /** A fresh accumulator. */
    W newWindow();

    /** The hosts whose windows a flow record belongs to (one or two). */
    List<IpAddress> hostsOf(FlowRecord f);

    /** Adds one flow record to a host's window; true when it counted. */
    boolean observe(W w, IpAddress host, FlowRecord f);

    /** Merges {@code other} into {@code into} (both of the same host). */
    void merge(W into, W other);

    /** The verdict at the end of the window. */
    Optional<Alert> evaluate(W w, IpAddress host, long windowStartMs, long windowEndMs);
}
