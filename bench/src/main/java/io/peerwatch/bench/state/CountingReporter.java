package io.peerwatch.bench.state;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * An in-process metric reporter for {@link StateScaleBench}: keeps the job's {@code recordsIn}
 * counters (one per input subtask) so the driver sees when the input has been read.
 */
public final class CountingReporter implements MetricReporter {

    private static final List<Counter> RECORDS_IN = new CopyOnWriteArrayList<>();

    /** Forgets the counters of an earlier run. */
    static void reset() {
        RECORDS_IN.clear();
    }

    /** The records read so far, over every subtask. */
    static long recordsIn() {
        return RECORDS_IN.stream().mapToLong(Counter::getCount).sum();
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (name.equals(io.peerwatch.job.operators.SplitDeadLetters.RECORDS_IN) && metric instanceof Counter c) {
            RECORDS_IN.add(c);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // the counters keep their last value; the next run starts with reset()
    }

    /** Creates the reporter ({@code metrics.reporter.<name>.factory.class}). */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CountingReporter();
        }
    }
}
