package io.peerwatch.job.operators;

import io.peerwatch.job.JobConfig;
import io.peerwatch.notice.Alert;
import io.peerwatch.volume.Tariff;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Every alert carries an estimated cost (REQUIREMENTS: "Alerts carry an estimated cost with a
 * configurable tariff"): detectors that price their own volume (VOLUME_QUOTA) keep theirs; for
 * the others the alert's bytes are priced at the job's {@link Tariff}'s marginal (over-cap) price:
 * the free allowance is the site's, counted against the billing month in the volume table.
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
        return a.withCost(tariff.exactCost(a.bytes()), tariff.currency());
    }
}
