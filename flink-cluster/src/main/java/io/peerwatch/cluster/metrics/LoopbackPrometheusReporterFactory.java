package io.peerwatch.cluster.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates {@link LoopbackPrometheusReporter}s; configured with
 * {@code metrics.reporter.<name>.factory.class: io.peerwatch.cluster.metrics.LoopbackPrometheusReporterFactory}.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new LoopbackPrometheusReporter();
    }
}
