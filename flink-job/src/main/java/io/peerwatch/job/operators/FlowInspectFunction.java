package io.peerwatch.job.operators;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.detect.ClassifiedFlowAlerts;
import io.peerwatch.flow.CanonicalFlowKey;
import io.peerwatch.flow.EndReason;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowState;
import io.peerwatch.flow.FlowTracker;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Packet flows in the job, tracked by the library's one flow tracker ({@link FlowTracker}, the
 * same code as {@code classify} and the packet sensor): keyed by the flow's
 * {@link CanonicalFlowKey} (ICMP echo flows by identifier), each flow's {@link FlowState}
 * (orientation, counters, signature engine scratch or verdict) is the keyed state. A flow ends
 * when it has been idle for {@link JobConfig#flowIdleTimeout()} or is older than
 * {@link JobConfig#flowActiveTimeout()} (event time; a later packet of the same key starts a new
 * flow), or when the input ends; then its findings ({@link ClassifiedFlowAlerts}) are emitted,
 * its NetFlow-style records go to {@link #FLOWS} for the flow detectors, the flow itself to
 * {@link #ENDED_FLOWS}, and the key's state is cleared.
 *
 * <p>Each live key has an event-time timer at the first millisecond after the flow's earlier
 * deadline ({@link FlowTracker#deadlineNanos}); when it fires and the flow has seen packets since,
 * it moves on to the new deadline. A packet that arrives after its flow's deadline but before the
 * timer fired (the watermark lags behind event time) ends the flow itself, so the split into flows
 * does not depend on watermark timing: the flows are the ones {@code classify}'s flow table makes
 * of the same packets. Neither do the results' times: a flow ended by such a packet is kept
 * ({@code ended}) until its own timer, and its alerts, records and ended flow go out then, with
 * that timer's time, as they would have had the timer come first. (Emitting them with the late
 * packet's time put them into a later window, or made them late, depending on how the input was
 * paced.) When the input ends, a live flow ends at the key's first timer to fire, which may be
 * earlier than its own deadline. The orientation is the job's own
 * (from the first packet it sees of a flow); a sensor's {@link PacketEvent#direction()} is not
 * used.
 *
 * <p>Event time has millisecond resolution, and in batch mode ({@code analyze}) Flink sorts a
 * key's records by that time with a sort that is not stable: the handshake packets of one
 * millisecond (SYN, SYN-ACK, a TLS ClientHello and the server's answer) could reach the tracker in
 * any order, and the flow's orientation and verdict then changed from run to run. So while a flow
 * is new or its signature engine still inspects it, a key's packets of one millisecond are held
 * ({@code pending}) and applied in capture order (nanoseconds; a SYN before its SYN-ACK at the
 * same instant) once a packet of a later millisecond or a timer comes; decided flows take their
 * packets at once.
 */
public final class FlowInspectFunction extends KeyedProcessFunction<CanonicalFlowKey, PacketEvent, Alert> {

    private static final long serialVersionUID = 1L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** Flow records derived from packets, for the flow-window detectors. */
    public static final OutputTag<FlowRecord> FLOWS = new OutputTag<>("flows-from-packets", LibraryTypes.FLOW_RECORD);
    /** Every ended packet flow with its verdict. */
    public static final OutputTag<Flow> ENDED_FLOWS = new OutputTag<>("ended-packet-flows", LibraryTypes.FLOW);

    private final JobConfig config;
    private transient FlowTracker tracker;
    private transient ClassifiedFlowAlerts alerts;
    private transient ValueState<FlowState> state;
    /** Flows ended by a packet after their deadline, by the timer (ms) at which they go out. */
    private transient MapState<Long, Flow> ended;
    /** Packets of one millisecond held for capture order (see the class comment), and that millisecond. */
    private transient ListState<PacketEvent> pending;
    private transient ValueState<Long> pendingAt;

    /** Capture order: time, then a SYN before a SYN-ACK before the rest at the same instant. */
    private static final Comparator<PacketEvent> CAPTURE_ORDER = Comparator.comparingLong(PacketEvent::timestampNanos)
            .thenComparingInt(FlowInspectFunction::handshakeRank);

    public FlowInspectFunction(JobConfig config) {
        this.config = config;
    }

    /** The key: the packet's flow, the same for both directions ({@link CanonicalFlowKey}). */
    public static KeySelector<PacketEvent, CanonicalFlowKey> key() {
        return CanonicalFlowKey::of;
    }

    @Override
    public void open(OpenContext ctx) {
        tracker = new FlowTracker(config.signatureEngine());
        alerts = config.classifiedFlowAlerts();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("flow", LibraryTypes.FLOW_STATE));
        ended = getRuntimeContext().getMapState(new MapStateDescriptor<>("ended-flows", Types.LONG, LibraryTypes.FLOW));
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-packets", LibraryTypes.PACKET_EVENT));
        pendingAt = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-at", Types.LONG));
    }

    @Override
    public void processElement(PacketEvent p, Context ctx, Collector<Alert> out) throws Exception {
        long ms = p.timestampMs();
        Long at = pendingAt.value();
        FlowState f = state.value();
        if (at != null && at != ms) {
            // a key without a flow had a timer of its own for the held millisecond: no longer needed
            long flushTimer = at + 1;
            if (f == null && !ended.contains(flushTimer)) {
                ctx.timerService().deleteEventTimeTimer(flushTimer);
            }
            flushPending(ctx);
            at = null;
            f = state.value();
        }
        if (at == null && f != null && !f.inspecting()) {
            apply(p, ctx);
            return;
        }
        pending.add(p);
        if (at == null) {
            pendingAt.update(ms);
            if (f == null) {
                // a live flow's own timer flushes the held packets; a new key needs one
                ctx.timerService().registerEventTimeTimer(ms + 1);
            }
        }
    }

    /** Applies the held packets in capture order. */
    private void flushPending(Context ctx) throws Exception {
        List<PacketEvent> held = new ArrayList<>();
        for (PacketEvent p : pending.get()) {
            held.add(p);
        }
        pending.clear();
        pendingAt.clear();
        held.sort(CAPTURE_ORDER);
        for (PacketEvent p : held) {
            apply(p, ctx);
        }
    }

    private static int handshakeRank(PacketEvent p) {
        int syn = p.tcpFlags() & 0x12;
        return syn == 0x02 ? 0 : syn == 0x12 ? 1 : 2;
    }

    /** One packet into its flow, in capture order. */
    private void apply(PacketEvent p, Context ctx) throws Exception {
        long ts = p.timestampNanos();
        FlowState f = state.value();
        if (f == null) {
            f = tracker.start(p, ts);
            ctx.timerService().registerEventTimeTimer(timerFor(f));
        } else {
            Optional<EndReason> expired = tracker.expiry(f, ts);
            if (expired.isPresent()) {
                // The ended flow goes out at its own timer (see the class comment), the new flow gets its own.
                long due = timerFor(f);
                ended.put(due, tracker.end(f, expired.get()));
                ctx.timerService().registerEventTimeTimer(due);
                f = tracker.start(p, ts);
                ctx.timerService().registerEventTimeTimer(timerFor(f));
            } else {
                tracker.add(f, p, ts);
            }
        }
        state.update(f);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (pendingAt.value() != null) {
            flushPending(ctx); // held packets come before anything this timer decides
        }
        Flow endedEarlier = ended.get(timestamp);
        if (endedEarlier != null) {
            ended.remove(timestamp);
            if (ended.isEmpty()) {
                ended.clear(); // an empty map would stay as an entry of the key's state
            }
            emit(endedEarlier, ctx, out);
        }
        FlowState f = state.value();
        if (f == null) {
            return;
        }
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        long clock = timestamp >= Long.MAX_VALUE / NANOS_PER_MILLI ? Long.MAX_VALUE : timestamp * NANOS_PER_MILLI;
        Optional<EndReason> expired = tracker.expiry(f, clock);
        if (expired.isEmpty() && !endOfInput) {
            ctx.timerService().registerEventTimeTimer(timerFor(f));
            return;
        }
        emit(tracker.end(f, endOfInput ? EndReason.END_OF_INPUT : expired.get()), ctx, out);
        state.clear();
    }

    /** The first millisecond at which the flow's deadline has passed. */
    private long timerFor(FlowState f) {
        return Math.floorDiv(tracker.deadlineNanos(f), NANOS_PER_MILLI) + 1;
    }

    private void emit(Flow flow, Context ctx, Collector<Alert> out) {
        for (Alert a : alerts.alerts(flow)) {
            out.collect(a);
        }
        for (FlowRecord r : flow.toFlowRecords()) {
            ctx.output(FLOWS, r);
        }
        ctx.output(ENDED_FLOWS, flow);
    }
}
