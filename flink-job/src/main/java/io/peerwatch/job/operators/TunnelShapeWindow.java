package io.peerwatch.job.operators;

import io.peerwatch.detect.proxy.TunnelDetector;
import io.peerwatch.detect.proxy.TunnelWindow;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** HTTP-tunnel shapes per (subject, destination) and window: the library's {@link TunnelDetector}. */
public final class TunnelShapeWindow {

    /** Flink type of the window accumulator. */
    public static final TypeInformation<TunnelWindow> ACCUMULATOR = LibraryTypes.TUNNEL_WINDOW;

    private TunnelShapeWindow() {
    }

    /** Keys a request by {@link TunnelDetector#keyOf} (user or address, and destination). */
    public static KeySelector<ProxyRecord, String> key() {
        return TunnelDetector::keyOf;
    }

    /** Folds requests into the window's {@link TunnelWindow}. */
    public static final class Aggregate implements AggregateFunction<ProxyRecord, TunnelWindow, TunnelWindow> {
        private static final long serialVersionUID = 1L;
        private final JobConfig config;
        private transient TunnelDetector detector;

        public Aggregate(JobConfig config) {
            this.config = config;
        }

        private TunnelDetector detector() {
            if (detector == null) {
                detector = config.tunnelDetector();
            }
            return detector;
        }

        @Override
        public TunnelWindow createAccumulator() {
            return new TunnelWindow();
        }

        @Override
        public TunnelWindow add(ProxyRecord r, TunnelWindow w) {
            detector().observe(w, r);
            return w;
        }

        @Override
        public TunnelWindow getResult(TunnelWindow w) {
            return w;
        }

        @Override
        public TunnelWindow merge(TunnelWindow a, TunnelWindow b) {
            a.merge(b, detector().config());
            return a;
        }
    }

    /** Asks the detector for a verdict when the window closes. */
    public static final class Emit extends ProcessWindowFunction<TunnelWindow, Alert, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final JobConfig config;
        private transient TunnelDetector detector;

        public Emit(JobConfig config) {
            this.config = config;
        }

        @Override
        public void process(String key, Context ctx, Iterable<TunnelWindow> windows, Collector<Alert> out) {
            if (detector == null) {
                detector = config.tunnelDetector();
            }
            for (TunnelWindow w : windows) {
                detector.evaluate(w, ctx.window().getStart(), ctx.window().getEnd())
                        .ifPresent(out::collect);
            }
        }
    }
}
