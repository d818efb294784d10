package io.peerwatch.job.operators;

import io.peerwatch.core.AlertType;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Zeek-style notice suppression: one alert per (type, host, identifier) per the alert's own
 * {@code suppress_for_ms}. The first alert passes and opens a suppression interval (event time,
 * from its window start); repeats inside it are counted, not emitted.
 *
 * <p>"First" is decided in event time, not in arrival order, so a replay or a restart publishes
 * the same alerts with the same ids whatever order the input partitions are read in: candidates
 * wait in state until the watermark reaches their timestamp, and those with the same timestamp
 * are taken in (window start, id) order. A candidate that arrives behind the watermark is decided
 * at once. Event-time timers flush the candidates and clear the interval at its end, so no key
 * keeps state forever.
 *
 * <p>Metrics: {@value #ALERTS} in the user group {@value #ALERT_TYPE_GROUP} = the alert type
 * (every alert this operator emits, i.e. every alert the job publishes; registered for every type,
 * so a type without alerts reads 0), and {@code suppressedAlerts}.
 */
public final class AlertSuppressionFunction extends KeyedProcessFunction<String, Alert, Alert> {

    private static final long serialVersionUID = 1L;

    /** The order in which candidates of one timestamp are decided: deterministic. */
    static final Comparator<Alert> ORDER = Comparator.comparingLong(Alert::windowStartMs).thenComparing(Alert::id);

    private transient ValueState<Long> suppressedUntil;
    private transient MapState<Long, List<Alert>> pending;
    private transient Counter suppressed;
    private transient EnumMap<AlertType, Counter> emitted;

    /** Metric group key whose value names the alert type. */
    public static final String ALERT_TYPE_GROUP = "alert_type";
    /** Counter of the alerts emitted, per type. */
    public static final String ALERTS = "alerts";

    /** The suppression key: alert type, host and identifier. */
    public static KeySelector<Alert, String> key() {
        return a -> a.type().name() + '|' + a.host() + '|' + a.identifier();
    }

    @Override
    public void open(OpenContext ctx) {
        suppressedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("suppressedUntil", Types.LONG));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
                new ListTypeInfo<>(LibraryTypes.ALERT)));
        suppressed = getRuntimeContext().getMetricGroup().counter("suppressedAlerts");
        emitted = new EnumMap<>(AlertType.class);
        for (AlertType t : AlertType.values()) {
            emitted.put(t, getRuntimeContext().getMetricGroup().addGroup(ALERT_TYPE_GROUP, t.name()).counter(ALERTS));
        }
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        Long ts = ctx.timestamp();
        if (ts == null || ts <= ctx.timerService().currentWatermark()) {
            decide(alert, ctx.timerService(), out);
            return;
        }
        List<Alert> at = pending.get(ts);
        List<Alert> list = at == null ? new ArrayList<>() : new ArrayList<>(at);
        list.add(alert);
        pending.put(ts, list);
        ctx.timerService().registerEventTimeTimer(ts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<Alert> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            List<Alert> sorted = new ArrayList<>(due);
            sorted.sort(ORDER);
            for (Alert a : sorted) {
                decide(a, ctx.timerService(), out);
            }
        }
        Long until = suppressedUntil.value();
        if (until != null && until <= timestamp) {
            suppressedUntil.clear();
        }
    }

    private void decide(Alert alert, org.apache.flink.streaming.api.TimerService timers, Collector<Alert> out)
            throws Exception {
        long start = alert.windowStartMs();
        Long until = suppressedUntil.value();
        if (until != null && start < until) {
            suppressed.inc();
            return;
        }
        out.collect(alert);
        emitted.get(alert.type()).inc();
        long interval = alert.suppressForMs();
        if (interval > 0) {
            long end = start + interval;
            suppressedUntil.update(end);
            timers.registerEventTimeTimer(end);
        }
    }
}
