package io.peerwatch.job.operators;

import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.volume.VolumeDetector;
import io.peerwatch.volume.VolumeKey;
import io.peerwatch.volume.VolumeMeter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * VOLUME_QUOTA per user and per address ({@link VolumeDetector}): each request feeds the
 * key's sliding hour and day; the quota is checked once per minute of event time (a timer at
 * the end of the minute), so a heavy user produces at most one candidate alert a minute before
 * suppression. A key idle for a day loses its state once its billing month has ended too (the
 * month-to-date bytes behind the alert's cost so far and projected).
 *
 * <p>Input: (volume key text, request) pairs from {@link #keys}.
 */
public final class VolumeFunction extends KeyedProcessFunction<String, Tuple2<String, ProxyRecord>, Alert> {

    private static final long serialVersionUID = 1L;
    private static final long MINUTE_MS = 60_000;
    private static final long DAY_MS = 86_400_000;

    private final JobConfig config;
    private transient VolumeDetector detector;
    private transient ValueState<VolumeMeter> meter;
    private transient ValueState<String> keyText;

    public VolumeFunction(JobConfig config) {
        this.config = config;
    }

    /** The (key, request) pairs of one request: its address and, when authenticated, its user. */
    public static void keys(ProxyRecord r, Collector<Tuple2<String, ProxyRecord>> out) {
        for (VolumeKey k : VolumeKey.of(r)) {
            out.collect(Tuple2.of(k.text(), r));
        }
    }

    @Override
    public void open(OpenContext ctx) {
        detector = config.volumeDetector();
        meter = getRuntimeContext().getState(new ValueStateDescriptor<>("volumeMeter", LibraryTypes.VOLUME_METER));
        keyText = getRuntimeContext().getState(new ValueStateDescriptor<>("volumeKey", Types.STRING));
    }

    @Override
    public void processElement(Tuple2<String, ProxyRecord> in, Context ctx, Collector<Alert> out) throws Exception {
        ProxyRecord e = in.f1;
        VolumeMeter m = meter.value();
        if (m == null) {
            m = detector.newMeter();
            keyText.update(in.f0);
        }
        detector.observe(m, e);
        meter.update(m);
        long ts = e.timestampMs();
        ctx.timerService().registerEventTimeTimer(minuteEnd(ts));
    }

    private static long minuteEnd(long ts) {
        return ts - Math.floorMod(ts, MINUTE_MS) + MINUTE_MS;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        VolumeMeter m = meter.value();
        if (m == null) {
            return;
        }
        long keepUntil = Math.max(m.lastMs() + DAY_MS, m.monthEndMs(detector.config().tariff()));
        if (timestamp >= keepUntil) {
            meter.clear();
            keyText.clear();
            return;
        }
        detector.evaluate(m, VolumeKey.parse(keyText.value()), timestamp).ifPresent(out::collect);
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // End of input: the minutes' timers fire in order; the last active minute's check clears
            // the key (clearing earlier would skip the checks of the minutes after it).
            if (timestamp >= minuteEnd(m.lastMs())) {
                meter.clear();
                keyText.clear();
            }
            return;
        }
        // Keep checking while the key is active; the check a day after its last request, or at the
        // end of its billing month if later, clears it.
        ctx.timerService().registerEventTimeTimer(timestamp < m.lastMs() + DAY_MS ? m.lastMs() + DAY_MS : keepUntil);
    }
}
