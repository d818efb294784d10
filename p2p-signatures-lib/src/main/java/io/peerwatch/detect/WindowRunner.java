package io.peerwatch.detect;

import io.peerwatch.notice.Alert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tumbling event-time windows for one {@link KeyedWindowDetector} outside Flink, aligned the
 * way Flink's {@code TumblingEventTimeWindows} aligns them (a window starts at a multiple of its
 * length since the epoch), so {@code classify}, offline tests and the job cut the same windows.
 * A window is evaluated once the clock ({@link #advanceTo}) reaches its end, and at {@link #flush()}.
 * Not thread-safe.
 *
 * @param <I> the observation type
 * @param <W> the detector's accumulator
 */
public final class WindowRunner<I, W> {

    private final KeyedWindowDetector<I, W> detector;
    private final long size;
    private final Consumer<Alert> sink;
    private final Closed<W> closed;
    /** Open windows by start time, then key. */
    private final Map<Long, Map<String, W>> open = new HashMap<>();
    private long clock = Long.MIN_VALUE;
    /** End of the earliest open window ({@link Long#MAX_VALUE} when none): most clock moves end nothing. */
    private long nextEnd = Long.MAX_VALUE;

    /**
     * @param detector the detector
     * @param sink receives every alert when its window closes
     */
    public WindowRunner(KeyedWindowDetector<I, W> detector, Consumer<Alert> sink) {
        this(detector, sink, (key, w, start, end) -> { });
    }

    /**
     * @param detector the detector
     * @param sink receives every alert when its window closes
     * @param closed sees every window as it closes, after its evaluation
     */
    public WindowRunner(KeyedWindowDetector<I, W> detector, Consumer<Alert> sink, Closed<W> closed) {
        this.detector = detector;
        this.size = detector.window().toMillis();
        this.sink = sink;
        this.closed = closed;
    }

    /** Receives each window as it closes. */
    @FunctionalInterface
    public interface Closed<W> {
        /** The window of {@code key} from {@code startMs} to {@code endMs} (exclusive) has closed. */
        void closed(String key, W window, long startMs, long endMs);
    }

    /** The detector. */
    public KeyedWindowDetector<I, W> detector() {
        return detector;
    }

    /** Start of the window holding {@code timeMs}. */
    public long windowStart(long timeMs) {
        return timeMs - Math.floorMod(timeMs, size);
    }

    /** End (exclusive) of the window holding {@code timeMs}. */
    public long windowEnd(long timeMs) {
        return windowStart(timeMs) + size;
    }

    /**
     * Adds an observation to the window of each of its keys ({@link KeyedWindowDetector#keysOf};
     * ignored when the detector gives it none). The clock does not move:
     * the caller moves it with {@link #advanceTo} (observations may arrive out of time order, as
     * ended flows do).
     */
    public void observe(I observation) {
        List<String> keys = detector.keysOf(observation);
        if (keys.isEmpty()) {
            return;
        }
        long t = detector.timeOf(observation);
        long start = windowStart(t);
        nextEnd = Math.min(nextEnd, start + size);
        Map<String, W> windows = open.computeIfAbsent(start, s -> new HashMap<>());
        for (String key : keys) {
            detector.observe(windows.computeIfAbsent(key, k -> detector.newWindow()), key, observation);
        }
    }

    /** Moves the clock (if later) and evaluates every window that ended by then. */
    public void advanceTo(long timeMs) {
        if (timeMs <= clock) {
            return;
        }
        clock = timeMs;
        if (clock < nextEnd) {
            return; // called per packet: no window ends most of the time
        }
        List<Long> ended = new ArrayList<>();
        long next = Long.MAX_VALUE;
        for (Long start : open.keySet()) {
            if (start + size <= clock) {
                ended.add(start);
            } else {
                next = Math.min(next, start + size);
            }
        }
        nextEnd = next;
        ended.sort(null);
        ended.forEach(this::close);
    }

    /** Evaluates every open window. */
    public void flush() {
        List<Long> starts = new ArrayList<>(open.keySet());
        starts.sort(null);
        starts.forEach(this::close);
        nextEnd = Long.MAX_VALUE;
    }

    private void close(long start) {
        Map<String, W> windows = open.remove(start);
        List<String> keys = new ArrayList<>(windows.keySet());
        keys.sort(null); // deterministic order of alerts
        for (Iterator<String> it = keys.iterator(); it.hasNext();) {
            String key = it.next();
            detector.evaluate(windows.get(key), key, start, start + size).ifPresent(sink);
            closed.closed(key, windows.get(key), start, start + size);
        }
    }
}
