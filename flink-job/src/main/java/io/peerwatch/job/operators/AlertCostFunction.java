package io.peerwatch.job.operators;

import io.peerwatch.job.JobConfig;
import io.peerwatch.notice.Alert;
import io.peerwatch.volume.Tariff;
import java.time.Duration;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Every alert carries an estimated cost (REQUIREMENTS: "Alerts carry an estimated cost with a
 * configurable tariff"): detectors that price their own volume (VOLUME_QUOTA) keep theirs; for
 * the others the alert's bytes are priced over its window with the job's {@link Tariff}.
 */
public final class AlertCostFunction implements MapFunction<Alert, Alert> {

    private static final long serialVersionUID = 1L;

    private final JobConfig config;
    private transient Tariff tariff;

    public AlertCostFunction(JobConfig config) {
        this.config = config;
    }

    @Override
    public Alert map(Alert a) {
        if (a.estimatedCost().signum() > 0 || a.bytes() <= 0) {
            return a;
        }
        if (tariff == null) {
            tariff = config.tariff();
        }
        long span = Math.max(0, a.windowEndMs() - a.windowStartMs());
        return a.withCost(tariff.exactCost(a.bytes(), Duration.ofMillis(span)), tariff.currency());
    }
}
