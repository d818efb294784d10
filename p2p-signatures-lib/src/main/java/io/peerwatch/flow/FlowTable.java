package io.peerwatch.flow;

import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureEngine;
import java.util.Optional;

/**
 * Bidirectional flow table: groups decoded packets into flows by their
 * {@link CanonicalFlowKey} (IPv4 and IPv6; TCP, UDP, ICMP echo by identifier, other IP protocols
 * by address pair) and tracks each with the library's one {@link FlowTracker}: orientation
 * ({@link Orientation}), per-direction counters of packets, IP bytes, payload bytes and TCP
 * flags, and the {@link SignatureEngine} driven over each flow's packets with the flow's own
 * {@link FlowScratch}. Flows leave through a {@link FlowListener}, with their verdict, when
 * idle longer than {@link DetectionConfig#flowIdleTimeout()}, older than
 * {@link DetectionConfig#flowActiveTimeout()}, evicted as least recently seen when
 * {@link DetectionConfig#maxFlows()} flows are held, or at {@link #flush()}.
 *
 * <p>Time is packet time: timeouts are checked against the newest timestamp seen, in the order
 * flows were last touched, so with out-of-order timestamps a flow may outlive its timeout by
 * the disorder. Non-first IP
 * fragments carry no ports and are skipped (counted in {@link FlowTableStats#laterFragments()}).
 *
 * <p>Steady state allocates nothing per packet: each slot keeps its {@link FlowState} object for
 * the flows that follow, the key index is open addressing on primitive hashes, scratches are
 * pooled and only held while the engine still wants the flow's packets, and payloads reach the
 * engine through the tracker's reused buffer. Allocation happens per flow (the final
 * {@link Flow}) and when the slots grow.
 *
 * <pre>{@code
 * SignatureEngine engine = new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults());
 * FlowTable table = new FlowTable(engine, flow -> System.out.println(flow.key() + " " + flow.classification()));
 * while (reader.next()) {
 *     if (decoder.decode(reader.packet(), pkt)) table.accept(pkt, reader.packet().timestampNanos());
 * }
 * table.flush();
 * }</pre>
 *
 * Not thread-safe: one table per thread.
 */
public final class FlowTable {
    private static final int INITIAL_CAPACITY = 1024;
    private static final int NONE = -1;
    @SuppressWarnings("unchecked")
    private static final Optional<Direction>[] DIRECTION_OPTIONS = new Optional[] {
        Optional.of(Direction.CLIENT_TO_SERVER), Optional.of(Direction.SERVER_TO_CLIENT)};

    private final FlowTracker tracker;
    private final FlowListener listener;
    private final int maxFlows;
    private final FlowStore st;
    private final FlowIndex index;
    private int[] free;
    private int freeTop;
    private int highWater;
    private int live;
    private long now = Long.MIN_VALUE;
    /** Slot of the flow of the previous packet, or {@link #NONE} (cleared when that flow ends). */
    private int last = NONE;
    private long packets;
    private long created;
    private long idleTimeouts;
    private long activeTimeouts;
    private long evictions;
    private long endOfInput;
    private long laterFragments;
    private int peak;
    private Optional<Direction> lastDirection = Optional.empty();
    private long lastPacketIndex = NONE;

    /**
     * A table whose limits come from {@code engine.config()}.
     *
     * @param engine classifies each flow's packets
     * @param listener receives every flow when it leaves the table
     */
    public FlowTable(SignatureEngine engine, FlowListener listener) {
        if (engine == null || listener == null) {
            throw new IllegalArgumentException("engine and listener must not be null");
        }
        this.tracker = new FlowTracker(engine);
        this.listener = listener;
        this.maxFlows = engine.config().maxFlows();
        int capacity = Math.min(maxFlows, INITIAL_CAPACITY);
        this.st = new FlowStore(capacity);
        this.index = new FlowIndex(capacity);
        this.free = new int[capacity];
    }

    /**
     * Adds one decoded packet: finds or creates its flow, updates counters and feeds the
     * engine. Flows that timed out by {@code timestampNanos} leave the table first.
     *
     * @param p a packet {@link io.peerwatch.packet.PacketDecoder#decode} accepted (others are ignored)
     * @param timestampNanos capture time, nanoseconds since the epoch
     */
    public void accept(DecodedPacket p, long timestampNanos) {
        lastDirection = Optional.empty();
        lastPacketIndex = NONE;
        if (!p.isDecoded()) {
            return;
        }
        if (p.isLaterFragment()) {
            laterFragments++;
            return;
        }
        advanceTo(timestampNanos);
        int version = p.ipVersion();
        int protocol = p.ipProtocol();
        boolean echo = p.isIcmpEcho();
        int srcPort = CanonicalFlowKey.srcPort(p, echo);
        int dstPort = CanonicalFlowKey.dstPort(p, echo);
        long sHi = p.srcHi();
        long sLo = p.srcLo();
        long dHi = p.dstHi();
        long dLo = p.dstLo();
        // Consecutive packets often belong to the same flow (about half of them in the nDPI
        // corpus): try the last one before hashing and probing.
        int dir = last == NONE ? FlowState.OTHER_FLOW
                : st.flows[last].match(version, protocol, sHi, sLo, srcPort, dHi, dLo, dstPort);
        int f = last;
        if (dir == FlowState.OTHER_FLOW) {
            int h = CanonicalFlowKey.hash(version, protocol, sHi, sLo, srcPort, dHi, dLo, dstPort);
            int found = find(version, protocol, sHi, sLo, srcPort, dHi, dLo, dstPort, h);
            if (found == NONE) {
                f = create(p, srcPort, dstPort, h, timestampNanos);
                dir = st.flows[f].match(version, protocol, sHi, sLo, srcPort, dHi, dLo, dstPort);
            } else {
                f = found >>> 1;
                dir = found & 1;
                st.touch(f);
            }
        } else {
            st.touch(f);
        }
        last = f;
        packets++;
        FlowState s = st.flows[f];
        lastDirection = DIRECTION_OPTIONS[dir];
        lastPacketIndex = s.packets();
        tracker.add(s, p, timestampNanos, dir);
    }

    /**
     * Moves the table's clock to {@code timestampNanos} (if later) and ends flows that timed
     * out. {@link #accept} calls it; call it directly to expire flows when no packets arrive.
     */
    public void advanceTo(long timestampNanos) {
        if (timestampNanos > now) {
            now = timestampNanos;
        }
        while (st.lruHead != NONE && tracker.idleExpired(st.flows[st.lruHead], now)) {
            idleTimeouts++;
            end(st.lruHead, EndReason.IDLE_TIMEOUT);
        }
        while (st.ageHead != NONE && tracker.activeExpired(st.flows[st.ageHead], now)) {
            activeTimeouts++;
            end(st.ageHead, EndReason.ACTIVE_TIMEOUT);
        }
    }

    /** Ends every flow (oldest first) with {@link EndReason#END_OF_INPUT}. */
    public void flush() {
        while (st.ageHead != NONE) {
            endOfInput++;
            end(st.ageHead, EndReason.END_OF_INPUT);
        }
    }

    /**
     * Direction of the packet the last {@link #accept} call took, relative to its flow's client
     * ({@link Orientation}); empty when that call ignored the packet (not decoded, later
     * fragment). Lets a sensor label packets the way the table oriented their flow.
     */
    public Optional<Direction> lastDirection() {
        return lastDirection;
    }

    /**
     * 0-based index, in its flow (both directions counted), of the packet the last
     * {@link #accept} call took; -1 when that call ignored the packet.
     */
    public long lastPacketIndex() {
        return lastPacketIndex;
    }

    /** Flows currently held. */
    public int size() {
        return live;
    }

    /** Counters since the table was made. */
    public FlowTableStats stats() {
        return new FlowTableStats(packets, created, idleTimeouts, activeTimeouts, evictions, endOfInput,
                laterFragments, peak);
    }

    /** {@code slot << 1 | direction} of the live flow with these key fields, or {@link #NONE}. */
    private int find(int version, int protocol, long sHi, long sLo, int srcPort, long dHi, long dLo, int dstPort,
            int h) {
        int[] entries = index.entries;
        int mask = index.mask;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int e = entries[i];
            if (e == 0) {
                return NONE;
            }
            int f = e - 1;
            if (st.hash[f] != h) {
                continue;
            }
            int dir = st.flows[f].match(version, protocol, sHi, sLo, srcPort, dHi, dLo, dstPort);
            if (dir != FlowState.OTHER_FLOW) {
                return (f << 1) | dir;
            }
        }
    }

    private int create(DecodedPacket p, int srcPort, int dstPort, int h, long ts) {
        if (live == maxFlows) {
            evictions++;
            end(st.lruHead, EndReason.EVICTED);
        }
        int f = allocate();
        tracker.start(st.state(f), p, ts, srcPort, dstPort);
        st.hash[f] = h;
        index.insert(f, h);
        st.append(f);
        created++;
        if (++live > peak) {
            peak = live;
        }
        return f;
    }

    private void end(int f, EndReason reason) {
        Flow record = tracker.end(st.flows[f], reason);
        index.remove(f, st.hash[f], st.hash);
        st.unlink(f);
        if (last == f) {
            last = NONE;
        }
        free[freeTop++] = f;
        live--;
        listener.flowEnded(record);
    }

    private int allocate() {
        if (freeTop > 0) {
            return free[--freeTop];
        }
        if (highWater == st.capacity) {
            int grown = (int) Math.min(maxFlows, 2L * st.capacity);
            st.grow(grown);
            index.resize(grown, st.hash);
            free = java.util.Arrays.copyOf(free, grown);
        }
        return highWater++;
    }
}
