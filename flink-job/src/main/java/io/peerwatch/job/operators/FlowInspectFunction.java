package io.peerwatch.job.operators;

import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.detect.ClassifiedFlowAlerts;
import io.peerwatch.flow.EndReason;
import io.peerwatch.flow.FlowKey;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.Orientation;
import io.peerwatch.job.JobConfig;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureEngine;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Deep packet inspection per flow, as the library's flow table does it for files: the first
 * packet fixes the orientation ({@link Orientation}), every payload goes through the
 * {@link SignatureEngine} with the flow's {@link FlowScratch} as keyed state until the engine
 * has its verdict, counters run for the whole flow, and when the flow has been idle for
 * {@code DetectionConfig#flowIdleTimeout()} (event time) it ends: its findings
 * ({@link ClassifiedFlowAlerts}) are emitted and its NetFlow-style records go to
 * {@link #FLOWS} for the flow detectors. All state is cleared then.
 *
 * <p>Differences from the file flow table: ICMP between two hosts is one flow (packet events
 * carry no echo identifier), and byte counters use the frame's wire length.
 */
public final class FlowInspectFunction extends KeyedProcessFunction<String, PacketEvent, Alert> {

    private static final long serialVersionUID = 1L;

    /** Flow records derived from packets, for the flow-window detectors. */
    public static final OutputTag<FlowRecord> FLOWS = new OutputTag<>("flows-from-packets", LibraryTypes.FLOW_RECORD);

    private final JobConfig config;
    private transient SignatureEngine engine;
    private transient ClassifiedFlowAlerts alerts;
    private transient long idleMs;
    private transient ValueState<PacketFlowState> state;

    public FlowInspectFunction(JobConfig config) {
        this.config = config;
    }

    /** The flow key: protocol and both endpoints, lower endpoint first, so both directions meet. */
    public static KeySelector<PacketEvent, String> key() {
        return p -> {
            int c = p.src().compareTo(p.dst());
            boolean srcLow = c < 0 || (c == 0 && p.srcPort() <= p.dstPort());
            return p.ipProtocol() + "|" + (srcLow
                    ? p.src() + "|" + p.srcPort() + "|" + p.dst() + "|" + p.dstPort()
                    : p.dst() + "|" + p.dstPort() + "|" + p.src() + "|" + p.srcPort());
        };
    }

    @Override
    public void open(OpenContext ctx) {
        engine = config.signatureEngine();
        alerts = config.classifiedFlowAlerts();
        idleMs = engine.config().flowIdleTimeout().toMillis();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("flow", TypeInformation.of(PacketFlowState.class)));
    }

    @Override
    public void processElement(PacketEvent p, Context ctx, Collector<Alert> out) throws Exception {
        PacketFlowState f = state.value();
        long ts = p.timestampMs();
        if (f == null) {
            f = begin(p, ts);
            ctx.timerService().registerEventTimeTimer(ts + idleMs);
        }
        boolean fromClient = p.direction().isEmpty()
                ? Arrays.equals(p.src().toBytes(), f.client) && p.srcPort() == f.clientPort
                : p.direction().get() == Direction.CLIENT_TO_SERVER;
        Direction dir = fromClient ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        f.count(dir, p.ipLength(), p.payloadLength(), p.tcpFlags(), p.icmpType(), p.icmpCode(), ts);
        if (f.inspecting) {
            ByteBuffer payload = p.payloadPrefix();
            if (p.isIcmp()) {
                f.scratch.setIcmp(p.icmpType(), p.icmpCode());
            }
            f.inspecting = engine.inspect(f.scratch, payload, dir);
        }
        state.update(f);
    }

    private PacketFlowState begin(PacketEvent p, long ts) {
        boolean ports = p.ipProtocol() == IpProtocol.TCP || p.ipProtocol() == IpProtocol.UDP;
        boolean echo = p.isIcmpEcho();
        Orientation o = p.direction().isPresent() ? Orientation.FIRST_PACKET
                : Orientation.of(p.ipProtocol(), p.tcpFlags(), echo, ports, p.srcPort(), p.dstPort());
        boolean swap = p.direction().map(d -> d == Direction.SERVER_TO_CLIENT)
                .orElseGet(() -> o.receiverIsClient(isEchoRequest(p)));
        PacketFlowState f = new PacketFlowState();
        f.protocol = p.ipProtocol();
        f.orientation = o;
        f.client = (swap ? p.dst() : p.src()).toBytes();
        f.clientPort = ports ? (swap ? p.dstPort() : p.srcPort()) : 0;
        f.server = (swap ? p.src() : p.dst()).toBytes();
        f.serverPort = ports ? (swap ? p.srcPort() : p.dstPort()) : 0;
        f.firstMs = ts;
        f.scratch = new FlowScratch();
        engine.begin(f.scratch, f.protocol, f.clientPort, f.serverPort);
        f.scratch.setMidStream(!o.sawStart(f.protocol) && p.direction().isEmpty());
        f.inspecting = true;
        return f;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        PacketFlowState f = state.value();
        if (f == null) {
            return;
        }
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (f.lastMs + idleMs > timestamp && !endOfInput) {
            ctx.timerService().registerEventTimeTimer(f.lastMs + idleMs);
            return;
        }
        Flow flow = f.toRecord(engine.result(f.scratch), EndReason.IDLE_TIMEOUT);
        for (Alert a : alerts.alerts(flow)) {
            out.collect(a);
        }
        for (FlowRecord s : flow.toFlowRecords()) {
            ctx.output(FLOWS, s);
        }
        state.clear();
    }

    private static boolean isEchoRequest(PacketEvent p) {
        return (p.ipProtocol() == IpProtocol.ICMP && p.icmpType() == 8)
                || (p.ipProtocol() == IpProtocol.ICMPV6 && p.icmpType() == 128);
    }

    /** Keyed state of one flow. Plain fields: Flink serialises it with Kryo at checkpoints. */
    public static final class PacketFlowState {
        int protocol;
        Orientation orientation;
        byte[] client;
        int clientPort;
        byte[] server;
        int serverPort;
        long firstMs;
        long lastMs;
        boolean inspecting;
        FlowScratch scratch;
        final long[] packets = new long[2];
        final long[] bytes = new long[2];
        final long[] payloadBytes = new long[2];
        final int[] tcpFlags = new int[2];
        final int[] firstIcmp = {-1, -1};

        void count(Direction d, int wireLength, int payloadLength, int flags, int icmpType, int icmpCode, long ts) {
            int i = d.ordinal();
            packets[i]++;
            bytes[i] += wireLength;
            payloadBytes[i] += payloadLength;
            tcpFlags[i] |= flags;
            if (firstIcmp[i] < 0) {
                firstIcmp[i] = (icmpType << 8) | icmpCode;
            }
            lastMs = Math.max(lastMs, ts);
        }

        Flow toRecord(java.util.Optional<io.peerwatch.signatures.Classification> c, EndReason reason) {
            FlowKey key = new FlowKey(protocol, IpAddress.of(client), clientPort, IpAddress.of(server), serverPort);
            return new Flow(key, orientation, firstMs * 1_000_000L, Math.max(lastMs, firstMs) * 1_000_000L,
                    counters(0), counters(1), reason, c);
        }

        private Flow.Counters counters(int i) {
            int icmp = Math.max(firstIcmp[i], 0);
            return new Flow.Counters(packets[i], bytes[i], payloadBytes[i], tcpFlags[i], icmp >> 8, icmp & 0xff);
        }
    }
}
