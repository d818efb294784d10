package io.peerwatch.job.operators;

import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.JobConfig;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.FlowRecord;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The per-host window of {@link PortActivityDetector}: flows are folded into the library's
 * accumulator as they arrive; at the end of the window the library decides.
 */
public final class PortActivityWindow {

    private PortActivityWindow() {
    }

    /** Folds flow records into the detector's per-host accumulator. */
    public static final class Aggregate
            implements AggregateFunction<FlowRecord, PortActivityDetector.Window, PortActivityDetector.Window> {
        private static final long serialVersionUID = 1L;
        private final JobConfig config;
        private transient PortActivityDetector detector;

        public Aggregate(JobConfig config) {
            this.config = config;
        }

        private PortActivityDetector detector() {
            if (detector == null) {
                detector = config.portActivityDetector();
            }
            return detector;
        }

        @Override
        public PortActivityDetector.Window createAccumulator() {
            return new PortActivityDetector.Window();
        }

        @Override
        public PortActivityDetector.Window add(FlowRecord r, PortActivityDetector.Window acc) {
            detector().observe(acc, AvroMapper.toSummary(r));
            return acc;
        }

        @Override
        public PortActivityDetector.Window getResult(PortActivityDetector.Window acc) {
            return acc;
        }

        @Override
        public PortActivityDetector.Window merge(PortActivityDetector.Window a, PortActivityDetector.Window b) {
            a.merge(b, detector().config().maxTrackedPeers());
            return a;
        }
    }

    /** Asks the detector for a verdict when the window closes. */
    public static final class Emit extends ProcessWindowFunction<PortActivityDetector.Window, Alert, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final JobConfig config;
        private transient PortActivityDetector detector;

        public Emit(JobConfig config) {
            this.config = config;
        }

        @Override
        public void process(String host, Context ctx, Iterable<PortActivityDetector.Window> windows, Collector<Alert> out) {
            if (detector == null) {
                detector = config.portActivityDetector();
            }
            TimeWindow w = ctx.window();
            for (PortActivityDetector.Window acc : windows) {
                detector.evaluate(acc, IpAddress.parse(host), w.getStart(), w.getEnd())
                        .map(AvroMapper::toAvro)
                        .ifPresent(out::collect);
            }
        }
    }
}
