package io.peerwatch.job.operators;

import io.peerwatch.notice.Alert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Zeek-style notice suppression: one alert per (type, host, identifier) per the alert's own
 * {@code suppress_for_ms}. The first alert passes and opens a suppression interval (event
 * time, from its window start); repeats inside it are counted, not emitted; an event-time timer
 * at the end of the interval clears the state, so no key keeps state forever.
 */
public final class AlertSuppressionFunction extends KeyedProcessFunction<String, Alert, Alert> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> suppressedUntil;
    private transient ValueState<Long> suppressedCount;
    private transient Counter suppressed;

    /** The suppression key: alert type, host and identifier. */
    public static KeySelector<Alert, String> key() {
        return a -> a.type().name() + '|' + a.host() + '|' + a.identifier();
    }

    @Override
    public void open(OpenContext ctx) {
        suppressedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("suppressedUntil", Types.LONG));
        suppressedCount = getRuntimeContext().getState(new ValueStateDescriptor<>("suppressedCount", Types.LONG));
        suppressed = getRuntimeContext().getMetricGroup().counter("suppressedAlerts");
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        long start = alert.windowStartMs();
        Long until = suppressedUntil.value();
        if (until != null && start < until) {
            Long n = suppressedCount.value();
            suppressedCount.update(n == null ? 1 : n + 1);
            suppressed.inc();
            return;
        }
        out.collect(alert);
        long interval = alert.suppressForMs();
        if (interval > 0) {
            long end = start + interval;
            suppressedUntil.update(end);
            suppressedCount.clear();
            ctx.timerService().registerEventTimeTimer(end);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long until = suppressedUntil.value();
        if (until != null && until <= timestamp) {
            suppressedUntil.clear();
            suppressedCount.clear();
        }
    }
}
