package io.peerwatch.job.operators;

import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.volume.BandwidthSpikeDetector;
import io.peerwatch.volume.BaselineConfig;
import io.peerwatch.volume.LinkConfig;
import io.peerwatch.volume.LinkSaturationDetector;
import io.peerwatch.volume.LinkTrend;
import io.peerwatch.volume.VolumeBaseline;
import io.peerwatch.volume.VolumeKey;
import io.peerwatch.volume.VolumeSample;
import io.peerwatch.volume.VolumeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Volume per event-time window ({@code volume.baseline.window}) and the detectors over it: a
 * thin keyed operator around the library's {@link VolumeWindow}, {@link VolumeBaseline},
 * {@link BandwidthSpikeDetector} and {@link LinkSaturationDetector}.
 *
 * <p>Open windows wait in keyed map state for an event-time timer at their end; when a window
 * closes the key's baseline judges and learns it and the window goes to {@link #WINDOWS} (the
 * per-window series of hosts and the site). The baseline (and the link's trend) is kept until
 * {@link #IDLE} after the key's last window (a longer gap restarts the learning anyway), then a
 * timer clears it; at the end of the input every state is cleared.
 *
 * @param <I> the input: samples of one subject ({@link Subjects}) or flow hosts' windows for the site ({@link Site})
 */
public abstract class VolumeWindowFunction<I> extends KeyedProcessFunction<String, I, Alert> {

    private static final long serialVersionUID = 1L;
    /** Closed windows: every subject's and the site's, for the series and the tables. */
    public static final OutputTag<VolumeWindow> WINDOWS = new OutputTag<>("volume-windows", LibraryTypes.VOLUME_WINDOW);
    /** A key without a window for this long loses its baseline (a week: the baseline's longest gap, plus a window). */
    public static final Duration IDLE = Duration.ofDays(7);

    protected final JobConfig config;
    protected transient BaselineConfig baselineConfig;
    protected transient BandwidthSpikeDetector spikes;
    private transient MapState<Long, VolumeWindow> open;
    private transient ValueState<VolumeBaseline> baseline;
    private transient ValueState<Long> cleanupAt;

    protected VolumeWindowFunction(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        spikes = config.bandwidthSpikeDetector();
        baselineConfig = spikes.config();
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("openVolumeWindows", Types.LONG, LibraryTypes.VOLUME_WINDOW));
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("volumeBaseline", LibraryTypes.VOLUME_BASELINE));
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("volumeCleanupAt", Types.LONG));
    }

    /** Adds an input to its open window (creating it). */
    protected final void add(String subject, long timeMs, I in, Context ctx) throws Exception {
        long w = baselineConfig.window().toMillis();
        long start = VolumeWindow.windowStart(timeMs, w);
        VolumeWindow win = open.get(start);
        if (win == null) {
            win = new VolumeWindow(subject, start, w, baselineConfig.topEntries());
            ctx.timerService().registerEventTimeTimer(start + w - 1);
        }
        addTo(win, in);
        open.put(start, win);
    }

    /** Counts an input into a window. */
    protected abstract void addTo(VolumeWindow w, I in);

    /** Judges a closed window besides the baseline (the site's link). */
    protected void closed(VolumeWindow w, Collector<Alert> out) throws Exception {
    }

    /** Clears state besides the open windows and the baseline. */
    protected void clearMore() {
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long cleanup = cleanupAt.value();
        List<Long> due = new ArrayList<>();
        for (Map.Entry<Long, VolumeWindow> e : open.entries()) {
            if (e.getValue().endMs() - 1 <= timestamp) {
                due.add(e.getKey());
            }
        }
        due.sort(null);
        for (Long start : due) {
            VolumeWindow w = open.get(start);
            open.remove(start);
            VolumeBaseline b = baseline.value();
            if (b == null) {
                b = new VolumeBaseline();
            }
            spikes.observe(b, w).ifPresent(out::collect);
            baseline.update(b);
            closed(w, out);
            ctx.output(WINDOWS, w);
            long next = w.endMs() - 1 + IDLE.toMillis();
            if (cleanup == null || next > cleanup) {
                if (cleanup != null) {
                    ctx.timerService().deleteEventTimeTimer(cleanup);
                }
                cleanup = next;
                cleanupAt.update(next);
                ctx.timerService().registerEventTimeTimer(next);
            }
        }
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (cleanup != null && (timestamp >= cleanup || endOfInput && open.isEmpty())) {
            baseline.clear();
            cleanupAt.clear();
            clearMore();
            if (timestamp < cleanup) {
                ctx.timerService().deleteEventTimeTimer(cleanup);
            }
        }
    }

    /** Per subject: samples of flow hosts, proxy addresses and users, keyed by {@link VolumeKey#text()}. */
    public static final class Subjects extends VolumeWindowFunction<VolumeSample> {
        private static final long serialVersionUID = 1L;

        public Subjects(JobConfig config) {
            super(config);
        }

        @Override
        public void processElement(VolumeSample s, Context ctx, Collector<Alert> out) throws Exception {
            add(s.key().text(), s.timeMs(), s, ctx);
        }

        @Override
        protected void addTo(VolumeWindow w, VolumeSample s) {
            w.add(s);
        }
    }

    /**
     * The site: the flow hosts' closed windows (one key, {@link VolumeWindow#SITE}), summed per
     * window; BANDWIDTH_SPIKE against the site's baseline and LINK_SATURATION_RISK against the link.
     */
    public static final class Site extends VolumeWindowFunction<VolumeWindow> {
        private static final long serialVersionUID = 1L;
        private transient LinkSaturationDetector link;
        private transient LinkConfig linkConfig;
        private transient ValueState<LinkTrend> trend;

        public Site(JobConfig config) {
            super(config);
        }

        /** Whether a window is a flow host's (the site is made of those). */
        public static boolean isHost(VolumeWindow w) {
            return w.subject().startsWith(VolumeKey.Kind.HOST.prefix());
        }

        @Override
        public void open(OpenContext ctx) {
            super.open(ctx);
            link = config.linkSaturationDetector();
            linkConfig = link.config();
            trend = getRuntimeContext().getState(new ValueStateDescriptor<>("linkTrend", LibraryTypes.LINK_TREND));
        }

        @Override
        public void processElement(VolumeWindow h, Context ctx, Collector<Alert> out) throws Exception {
            add(VolumeWindow.SITE, h.startMs(), h, ctx);
        }

        @Override
        protected void addTo(VolumeWindow site, VolumeWindow h) {
            site.addHost(h, linkConfig.p2pUserMinBytes());
        }

        @Override
        protected void closed(VolumeWindow w, Collector<Alert> out) throws Exception {
            if (!linkConfig.watched()) {
                return;
            }
            LinkTrend t = trend.value();
            if (t == null) {
                t = link.newTrend();
            }
            link.observe(t, w).ifPresent(out::collect);
            trend.update(t);
        }

        @Override
        protected void clearMore() {
            trend.clear();
        }
    }
}
