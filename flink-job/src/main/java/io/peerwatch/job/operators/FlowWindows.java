package io.peerwatch.job.operators;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.FlowWindowDetector;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pBehaviourDetector;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Per-host event-time windows over flow records for every payload-free detector of the library
 * ({@link FlowWindowDetector}), in one keyed operator: {@link Hosts} sends a record once to each
 * host it belongs to, with the set of detectors that count it there; keyed by host,
 * {@link Windows} folds it into each of those detectors' accumulators of the host's tumbling
 * window (each detector over its own window length) and asks each detector for its verdict when
 * its window closes. The operators hold no detection logic.
 *
 * <p>Windows behave as Flink's {@code TumblingEventTimeWindows} with an event-time trigger and no
 * allowed lateness, which this replaces (one keyBy and one state lookup per record instead of one
 * per detector): a record belongs to the window {@code [start, start + length)} holding its
 * timestamp (the flow's end); a record whose window's last millisecond is at or behind the
 * watermark is dropped (counted as {@code lateFlowRecordsDropped}); a window fires when the
 * watermark reaches its last millisecond, and the alert carries that millisecond as its
 * timestamp.
 */
public final class FlowWindows {

    private FlowWindows() {
    }

    /** The flow-window detectors of the job. */
    public enum Kind {
        /** P2P_PORT_ACTIVITY ({@link PortActivityDetector}). */
        PORT_ACTIVITY(LibraryTypes.PORT_ACTIVITY_WINDOW),
        /** P2P_BEHAVIOUR ({@link P2pBehaviourDetector}). */
        P2P_BEHAVIOUR(LibraryTypes.P2P_BEHAVIOUR_WINDOW),
        /** INTERNAL_SCAN ({@link InternalScanDetector}). */
        INTERNAL_SCAN(LibraryTypes.INTERNAL_SCAN_WINDOW);

        private final TypeInformation<?> accumulator;

        Kind(TypeInformation<?> accumulator) {
            this.accumulator = accumulator;
        }

        /** Flink type of the accumulator (the detector's window, written by its library binary form). */
        @SuppressWarnings("unchecked")
        public TypeInformation<Object> accumulatorType() {
            return (TypeInformation<Object>) accumulator;
        }

        /** This kind's bit in the set of detectors {@link Hosts} sends a record with. */
        public int bit() {
            return 1 << ordinal();
        }
    }

    /** The hosts of a flow record, each with the detectors that count the record there ({@link Kind#bit()}s). */
    public static TypeInformation<Tuple3<IpAddress, Byte, FlowRecord>> hostFlowType() {
        return Types.TUPLE(LibraryTypes.IP_ADDRESS, Types.BYTE, LibraryTypes.FLOW_RECORD);
    }

    /** The detectors of every kind, built on the task manager from the serializable config. */
    @SuppressWarnings("unchecked")
    private static FlowWindowDetector<Object>[] detectors(JobConfig config) {
        Kind[] kinds = Kind.values();
        FlowWindowDetector<Object>[] out = new FlowWindowDetector[kinds.length];
        for (Kind k : kinds) {
            out[k.ordinal()] = config.flowDetector(k);
        }
        return out;
    }

    /**
     * Emits (host, detectors, record) once for every host some detector attributes the record to
     * ({@link FlowWindowDetector#hostsOf}), the detectors as a bit set of {@link Kind#bit()}.
     */
    public static final class Hosts implements FlatMapFunction<FlowRecord, Tuple3<IpAddress, Byte, FlowRecord>> {
        private static final long serialVersionUID = 1L;
        private static final Kind[] KINDS = Kind.values();
        private final JobConfig config;
        private transient FlowWindowDetector<Object>[] detectors;
        private transient IpAddress[] hosts;
        private transient int[] masks;

        public Hosts(JobConfig config) {
            this.config = config;
        }

        @Override
        public void flatMap(FlowRecord r, Collector<Tuple3<IpAddress, Byte, FlowRecord>> out) {
            if (detectors == null) {
                detectors = detectors(config);
                hosts = new IpAddress[2 * KINDS.length];
                masks = new int[2 * KINDS.length];
            }
            int n = 0;
            for (Kind k : KINDS) {
                for (IpAddress h : detectors[k.ordinal()].hostsOf(r)) {
                    int i = 0;
                    while (i < n && !hosts[i].equals(h)) {
                        i++;
                    }
                    if (i == n) {
                        if (n == hosts.length) {
                            hosts = java.util.Arrays.copyOf(hosts, 2 * n);
                            masks = java.util.Arrays.copyOf(masks, 2 * n);
                        }
                        hosts[n] = h;
                        masks[n++] = 0;
                    }
                    masks[i] |= k.bit();
                }
            }
            for (int i = 0; i < n; i++) {
                out.collect(Tuple3.of(hosts[i], (byte) masks[i], r));
                hosts[i] = null;
            }
        }
    }

    /**
     * Keyed by host: each detector's accumulator per window of the host in one piece of keyed
     * state ({@link HostFlowWindows}), one event-time timer per window end; when the watermark
     * reaches a window's last millisecond, each detector whose window ends there gives its
     * verdict (by kind, then window start) and the window is dropped.
     */
    public static final class Windows extends KeyedProcessFunction<IpAddress, Tuple3<IpAddress, Byte, FlowRecord>, Alert> {
        private static final long serialVersionUID = 1L;
        private static final Kind[] KINDS = Kind.values();
        /** Tumbling windows aligned to the epoch, as Flink's {@code TumblingEventTimeWindows.of(size)}. */
        private static final long WINDOW_OFFSET = 0;

        private final JobConfig config;
        private transient FlowWindowDetector<Object>[] detectors;
        private transient long[] lengths;
        private transient ValueState<HostFlowWindows> state;
        private transient Counter late;

        public Windows(JobConfig config) {
            this.config = config;
        }

        @Override
        public void open(OpenContext ctx) {
            detectors = detectors(config);
            lengths = new long[KINDS.length];
            for (Kind k : KINDS) {
                lengths[k.ordinal()] = detectors[k.ordinal()].window().toMillis();
            }
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("flow-windows", LibraryTypes.HOST_FLOW_WINDOWS));
            late = getRuntimeContext().getMetricGroup().counter("lateFlowRecordsDropped");
        }

        @Override
        public void processElement(Tuple3<IpAddress, Byte, FlowRecord> in, Context ctx, Collector<Alert> out)
                throws Exception {
            Long ts = ctx.timestamp();
            if (ts == null) {
                throw new IllegalStateException("flow record without a timestamp: the flow-window operator needs event time");
            }
            long watermark = ctx.timerService().currentWatermark();
            int kinds = in.f1;
            HostFlowWindows windows = null;
            for (Kind k : KINDS) {
                if ((kinds & k.bit()) == 0) {
                    continue;
                }
                long length = lengths[k.ordinal()];
                long start = TimeWindow.getWindowStartWithOffset(ts, WINDOW_OFFSET, length);
                long end = start + length;
                if (end - 1 <= watermark) {
                    late.inc();
                    continue;
                }
                if (windows == null) {
                    windows = state.value();
                    if (windows == null) {
                        windows = new HostFlowWindows();
                    }
                }
                FlowWindowDetector<Object> d = detectors[k.ordinal()];
                Object acc = windows.find(k, start);
                if (acc == null) {
                    acc = d.newWindow();
                    windows.add(new HostFlowWindows.Open(k, start, end, acc));
                    ctx.timerService().registerEventTimeTimer(end - 1);
                }
                d.observe(acc, in.f0, in.f2);
            }
            if (windows != null) {
                state.update(windows);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
            HostFlowWindows windows = state.value();
            if (windows == null) {
                return;
            }
            IpAddress host = ctx.getCurrentKey();
            for (HostFlowWindows.Open w : windows.closeUpTo(timestamp)) {
                detectors[w.kind().ordinal()].evaluate(w.accumulator(), host, w.start(), w.end()).ifPresent(out::collect);
            }
            if (windows.isEmpty()) {
                state.clear();
            } else {
                state.update(windows);
            }
        }
    }
}
