package io.peerwatch.job.operators;

import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.FlowWindowDetector;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pBehaviourDetector;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.notice.Alert;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Per-host event-time windows over flow records for every payload-free detector of the library
 * ({@link FlowWindowDetector}): {@link Hosts} fans a record out to the hosts it belongs to,
 * {@link Aggregate} folds records into the detector's accumulator, {@link Emit} asks for the
 * verdict when the window closes. The operators hold no detection logic.
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

        /** Operator name and uid stem. */
        public String operatorName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The detector of one kind, built on the task manager from the serializable config. */
    private static final class DetectorRef implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final Kind kind;
        private final JobConfig config;
        private transient FlowWindowDetector<Object> detector;

        DetectorRef(Kind kind, JobConfig config) {
            this.kind = kind;
            this.config = config;
        }

        FlowWindowDetector<Object> get() {
            if (detector == null) {
                detector = config.flowDetector(kind);
            }
            return detector;
        }
    }

    /** Emits (host, record) for every host the detector attributes the record to. */
    public static final class Hosts implements FlatMapFunction<FlowRecord, Tuple2<String, FlowRecord>> {
        private static final long serialVersionUID = 1L;
        private final DetectorRef detector;

        public Hosts(Kind kind, JobConfig config) {
            detector = new DetectorRef(kind, config);
        }

        @Override
        public void flatMap(FlowRecord r, Collector<Tuple2<String, FlowRecord>> out) {
            for (IpAddress h : detector.get().hostsOf(r)) {
                out.collect(Tuple2.of(h.toString(), r));
            }
        }
    }

    /** Folds a host's records into the detector's accumulator. */
    public static final class Aggregate implements AggregateFunction<Tuple2<String, FlowRecord>, Object, Object> {
        private static final long serialVersionUID = 1L;
        private final DetectorRef detector;

        public Aggregate(Kind kind, JobConfig config) {
            detector = new DetectorRef(kind, config);
        }

        @Override
        public Object createAccumulator() {
            return detector.get().newWindow();
        }

        @Override
        public Object add(Tuple2<String, FlowRecord> in, Object acc) {
            detector.get().observe(acc, IpAddress.parse(in.f0), in.f1);
            return acc;
        }

        @Override
        public Object getResult(Object acc) {
            return acc;
        }

        @Override
        public Object merge(Object a, Object b) {
            detector.get().merge(a, b);
            return a;
        }
    }

    /** Asks the detector for its verdict when the window closes. */
    public static final class Emit extends ProcessWindowFunction<Object, Alert, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final DetectorRef detector;

        public Emit(Kind kind, JobConfig config) {
            detector = new DetectorRef(kind, config);
        }

        @Override
        public void process(String host, Context ctx, Iterable<Object> windows, Collector<Alert> out) {
            TimeWindow w = ctx.window();
            for (Object acc : windows) {
                detector.get().evaluate(acc, IpAddress.parse(host), w.getStart(), w.getEnd())
                        .ifPresent(out::collect);
            }
        }
    }
}
