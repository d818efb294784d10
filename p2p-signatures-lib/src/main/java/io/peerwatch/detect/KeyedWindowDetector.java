package io.peerwatch.detect;

import io.peerwatch.notice.Alert;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A detector that judges one key (a host and a domain, a host pair, a host) over one tumbling
 * event-time window of observations: the same SumStats shape as {@link FlowWindowDetector}, for
 * inputs other than flow records (DNS messages, ICMP echoes, ended packet flows). The streaming
 * job keys a stream by {@link #keyOf}, windows it by {@link #window()} and folds it with
 * {@link #observe}; {@code classify} and tests drive it through {@link WindowRunner}.
 *
 * <pre>{@code
 * for (String key : d.keysOf(obs)) {              // none: not for this detector
 *     W w = windows.computeIfAbsent(key, k -> d.newWindow());
 *     d.observe(w, key, obs);
 * }
 * // when the window closes:
 * d.evaluate(w, key, windowStart, windowEnd).ifPresent(alerts::add);
 * }</pre>
 *
 * @param <I> the observation type
 * @param <W> the mutable per-key, per-window accumulator
 */
public interface KeyedWindowDetector<I, W> {

    /** Window length this detector's thresholds are meant for. */
    Duration window();

    /** The key an observation belongs to; empty when the detector does not use it. */
    Optional<String> keyOf(I observation);

    /**
     * Every key an observation belongs to, each once: by default {@link #keyOf}'s. A detector that
     * judges an observation from more than one key's window (a connection between two hosts, judged
     * from either end) lists them all; the caller adds the observation to each key's window with
     * {@link #observe(Object, String, Object)}.
     */
    default List<String> keysOf(I observation) {
        return keyOf(observation).map(List::of).orElse(List.of());
    }

    /** The observation's event time, epoch milliseconds. */
    long timeOf(I observation);

    /** A fresh accumulator. */
    W newWindow();

    /** Adds one observation of the key to its window. */
    void observe(W w, I observation);

    /**
     * Adds one observation to the window of {@code key}, one of {@link #keysOf}; by default
     * {@link #observe(Object, Object)}, for detectors whose observations have one key.
     */
    default void observe(W w, String key, I observation) {
        observe(w, observation);
    }

    /** Merges {@code other} into {@code into} (both of the same key). */
    void merge(W into, W other);

    /** The verdict at the end of the window. */
    Optional<Alert> evaluate(W w, String key, long windowStartMs, long windowEndMs);
}
