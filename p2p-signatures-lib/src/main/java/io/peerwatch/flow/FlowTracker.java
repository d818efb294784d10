package io.peerwatch.flow;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.IpPacket;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureEngine;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one per-flow tracking logic of PeerWatch, shared by {@link FlowTable} ({@code classify},
 * the packet sensor) and the streaming job's packet operator (which keeps each flow's
 * {@link FlowState} in Flink keyed state): a flow's first packet fixes its orientation
 * ({@link Orientation}) and key ({@link CanonicalFlowKey}); every packet is counted per direction
 * and, while the {@link SignatureEngine} wants it, inspected with the flow's
 * {@link FlowScratch} (a TCP flow whose handshake was not seen is marked mid-stream); a flow
 * ends idle after {@link DetectionConfig#flowIdleTimeout()} without packets or active after
 * {@link DetectionConfig#flowActiveTimeout()} from its first packet (checked by the caller's
 * clock, idle first), and ending yields the immutable {@link Flow} with its verdict.
 *
 * <pre>{@code
 * FlowTracker tracker = new FlowTracker(engine);
 * FlowState flow = tracker.start(firstPacket, t0);      // counts and inspects the first packet
 * tracker.add(flow, nextPacket, t1);                    // same flow, either direction
 * Optional<EndReason> why = tracker.expiry(flow, now);  // by the caller's clock
 * if (why.isPresent()) {
 *     Flow ended = tracker.end(flow, why.get());        // key, counters, verdict
 * }
 * }</pre>
 *
 * <p>Per packet nothing is allocated: payloads reach the engine through one reused buffer, and
 * scratches are pooled while no flow holds them. Not thread-safe: one tracker per thread (or
 * per Flink operator instance).
 */
public final class FlowTracker {
    private static final int INITIAL_POOL = 64;
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Optional<EndReason> IDLE = Optional.of(EndReason.IDLE_TIMEOUT);
    private static final Optional<EndReason> ACTIVE = Optional.of(EndReason.ACTIVE_TIMEOUT);

    private final SignatureEngine engine;
    private final long idleNanos;
    private final long activeNanos;
    private final io.peerwatch.packet.PayloadBuffer payload = new io.peerwatch.packet.PayloadBuffer();
    private FlowScratch[] pool = new FlowScratch[INITIAL_POOL];
    private int poolTop;

    /**
     * A tracker whose timeouts come from {@code engine.config()}.
     *
     * @param engine classifies each flow's packets
     */
    public FlowTracker(SignatureEngine engine) {
        if (engine == null) {
            throw new IllegalArgumentException("engine must not be null");
        }
        DetectionConfig config = engine.config();
        this.engine = engine;
        this.idleNanos = config.flowIdleTimeout().toNanos();
        this.activeNanos = config.flowActiveTimeout().toNanos();
    }

    /** The engine flows are classified with. */
    public SignatureEngine engine() {
        return engine;
    }

    /**
     * Starts a new flow from its first packet and counts and inspects that packet.
     *
     * @param p the flow's first packet (not a non-first IP fragment)
     * @param timestampNanos its capture time, nanoseconds since the epoch
     */
    public FlowState start(IpPacket p, long timestampNanos) {
        FlowState s = new FlowState();
        start(s, p, timestampNanos, CanonicalFlowKey.srcPort(p), CanonicalFlowKey.dstPort(p));
        add(s, p, timestampNanos, s.match(p));
        return s;
    }

    /**
     * Makes {@code s} the state of the flow {@code p} starts (orientation, key, engine state)
     * without counting {@code p}; {@code srcPort} and {@code dstPort} are the packet's key ports
     * ({@link CanonicalFlowKey}).
     */
    void start(FlowState s, IpPacket p, long timestampNanos, int srcPort, int dstPort) {
        int protocol = p.ipProtocol();
        boolean ports = protocol == IpProtocol.TCP || protocol == IpProtocol.UDP;
        Orientation o = Orientation.of(protocol, p.tcpFlags(), p.isIcmpEcho(), ports, srcPort, dstPort);
        if (o.receiverIsClient(p.isIcmpEchoRequest())) {
            s.reset(p.ipVersion(), protocol, o, p.dstHi(), p.dstLo(), dstPort, p.srcHi(), p.srcLo(), srcPort,
                    timestampNanos);
        } else {
            s.reset(p.ipVersion(), protocol, o, p.srcHi(), p.srcLo(), srcPort, p.dstHi(), p.dstLo(), dstPort,
                    timestampNanos);
        }
        if (ports || protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6) {
            FlowScratch scratch = borrow();
            engine.begin(scratch, protocol, ports ? s.clientPort : 0, ports ? s.serverPort : 0);
            scratch.setMidStream(!o.sawStart(protocol));
            s.scratch = scratch;
        }
    }

    /**
     * Counts one packet of {@code s}'s flow and, while the engine wants them, inspects it.
     *
     * @param timestampNanos the packet's capture time, nanoseconds since the epoch
     * @return the packet's direction relative to the flow's client
     * @throws IllegalArgumentException when {@code p} belongs to another flow
     */
    public Direction add(FlowState s, IpPacket p, long timestampNanos) {
        int dir = s.match(p);
        if (dir == FlowState.OTHER_FLOW) {
            throw new IllegalArgumentException("packet " + p + " is not of flow " + s);
        }
        add(s, p, timestampNanos, dir);
        return DIRECTIONS[dir];
    }

    /** {@link #add(FlowState, IpPacket, long)} with the direction known ({@link FlowState#match}). */
    void add(FlowState s, IpPacket p, long timestampNanos, int dir) {
        s.count(dir, p, timestampNanos);
        FlowScratch scratch = s.scratch;
        if (scratch != null) {
            inspect(s, scratch, p, DIRECTIONS[dir]);
        }
    }

    private void inspect(FlowState s, FlowScratch scratch, IpPacket p, Direction dir) {
        if (p.isIcmp()) {
            scratch.setIcmp(p.icmpType(), p.icmpCode());
        }
        if (!engine.inspect(scratch, payload.copyOf(p), dir)) {
            // The verdict is final: keep it and give the scratch back now.
            s.verdict = engine.result(scratch);
            s.scratch = null;
            release(scratch);
        }
    }

    /** True when the flow has had no packet for longer than the idle timeout at clock time {@code nowNanos}. */
    public boolean idleExpired(FlowState s, long nowNanos) {
        return nowNanos - s.lastNanos > idleNanos;
    }

    /** True when the flow started longer than the active timeout before clock time {@code nowNanos}. */
    public boolean activeExpired(FlowState s, long nowNanos) {
        return nowNanos - s.firstNanos > activeNanos;
    }

    /**
     * Why the flow has ended by clock time {@code nowNanos} (idle before active), or empty while
     * it is live. Allocates nothing.
     */
    public Optional<EndReason> expiry(FlowState s, long nowNanos) {
        return idleExpired(s, nowNanos) ? IDLE : activeExpired(s, nowNanos) ? ACTIVE : Optional.empty();
    }

    /**
     * The clock time after which the flow has expired unless another packet arrives: the
     * earlier of its idle and active deadlines. A caller that keeps no clock of its own (a Flink
     * timer) checks {@link #expiry} once the clock is past this.
     */
    public long deadlineNanos(FlowState s) {
        return Math.min(saturatedAdd(s.lastNanos, idleNanos), saturatedAdd(s.firstNanos, activeNanos));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * Ends the flow: its record with the engine's verdict (the decided one, else the best pending
     * match, see {@link SignatureEngine#result}), as the deciding signature confirms it with the
     * flow's byte counts ({@link SignatureEngine#atFlowEnd}). The flow's scratch goes back to the
     * pool; the state must not be fed again.
     */
    public Flow end(FlowState s, EndReason reason) {
        FlowScratch scratch = s.scratch;
        Optional<Classification> verdict = scratch != null ? engine.result(scratch) : s.verdict;
        // the deciding signature reviews its verdict with the whole flow's byte counts
        Optional<Classification> reviewed = verdict.map(c -> engine.atFlowEnd(c, s.fromClient.payloadBytes,
                s.fromServer.payloadBytes));
        Flow flow = s.toFlow(reason, reviewed);
        if (scratch != null) {
            s.scratch = null;
            release(scratch);
        }
        s.verdict = Optional.empty();
        return flow;
    }

    private FlowScratch borrow() {
        return poolTop > 0 ? pool[--poolTop] : new FlowScratch();
    }

    private void release(FlowScratch s) {
        if (poolTop == pool.length) {
            pool = Arrays.copyOf(pool, 2 * pool.length);
        }
        pool[poolTop++] = s;
    }
}
