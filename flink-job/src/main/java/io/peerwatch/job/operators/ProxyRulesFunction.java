package io.peerwatch.job.operators;

import io.peerwatch.detect.proxy.ProxyRules;
import io.peerwatch.job.JobConfig;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per-request proxy rules ({@link ProxyRules}): non-standard and long CONNECTs, large media,
 * blacklisted hosts, watch-words. Blacklist files are re-read when they change on disk, checked
 * at most every {@link #BLACKLIST_CHECK_INTERVAL_MS} ms, so lists update without a restart.
 */
public final class ProxyRulesFunction extends ProcessFunction<ProxyRecord, Alert> {

    private static final long serialVersionUID = 1L;
    /** How often (processing time) blacklist files are checked for changes. */
    public static final long BLACKLIST_CHECK_INTERVAL_MS = 30_000;

    private final JobConfig config;
    private transient ProxyRules rules;
    private transient long nextCheck;

    public ProxyRulesFunction(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        rules = config.proxyRules();
        nextCheck = System.currentTimeMillis() + BLACKLIST_CHECK_INTERVAL_MS;
    }

    @Override
    public void processElement(ProxyRecord r, Context ctx, Collector<Alert> out) {
        long now = System.currentTimeMillis();
        if (now >= nextCheck) {
            nextCheck = now + BLACKLIST_CHECK_INTERVAL_MS;
            rules.reloadBlacklistsIfChanged();
        }
        for (Alert a : rules.inspect(r)) {
            out.collect(a);
        }
    }
}
