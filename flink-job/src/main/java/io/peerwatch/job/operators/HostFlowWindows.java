package io.peerwatch.job.operators;

import java.util.ArrayList;
import java.util.List;

/**
 * The open flow windows of one host, of every flow-window detector: the keyed state of
 * {@link FlowWindows.Windows}. Each entry is one detector's accumulator over one event-time window
 * {@code [start, end)}; a host usually has one or two windows per detector open (the current one
 * and, while late records may still come, the previous one). Not thread-safe: one per key.
 */
public final class HostFlowWindows {

    /** One detector's accumulator over one window of the host. */
    public static final class Open {
        private final FlowWindows.Kind kind;
        private final long start;
        private final long end;
        private final Object accumulator;

        /**
         * @param accumulator the detector's window ({@link FlowWindows.Kind#accumulatorType()})
         */
        public Open(FlowWindows.Kind kind, long start, long end, Object accumulator) {
            if (kind == null || accumulator == null) {
                throw new IllegalArgumentException("kind and accumulator must not be null");
            }
            if (end <= start) {
                throw new IllegalArgumentException("window ends (" + end + ") before it starts (" + start + ")");
            }
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.accumulator = accumulator;
        }

        public FlowWindows.Kind kind() {
            return kind;
        }

        /** Window start, epoch milliseconds (inclusive). */
        public long start() {
            return start;
        }

        /** Window end, epoch milliseconds (exclusive). */
        public long end() {
            return end;
        }

        public Object accumulator() {
            return accumulator;
        }
    }

    private final ArrayList<Open> open = new ArrayList<>(4);

    /** The accumulator of {@code kind}'s window starting at {@code start}; null when it is not open. */
    public Object find(FlowWindows.Kind kind, long start) {
        for (int i = 0, n = open.size(); i < n; i++) {
            Open o = open.get(i);
            if (o.kind == kind && o.start == start) {
                return o.accumulator;
            }
        }
        return null;
    }

    /** Adds an open window (the caller checked that none of its kind and start is open). */
    public void add(Open o) {
        open.add(o);
    }

    /**
     * Removes and returns the windows whose last millisecond ({@code end - 1}) is at or before
     * {@code time}, by kind, then start.
     */
    public List<Open> closeUpTo(long time) {
        List<Open> closed = new ArrayList<>(2);
        for (int i = 0; i < open.size(); ) {
            Open o = open.get(i);
            if (o.end - 1 <= time) {
                closed.add(o);
                open.remove(i);
            } else {
                i++;
            }
        }
        closed.sort((a, b) -> a.kind != b.kind ? a.kind.compareTo(b.kind) : Long.compare(a.start, b.start));
        return closed;
    }

    /** The open windows, in the order they were opened. */
    public List<Open> open() {
        return java.util.Collections.unmodifiableList(open);
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }
}
