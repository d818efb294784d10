package io.peerwatch.flow;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureEngine;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Bidirectional flow table: groups decoded packets into flows by 5-tuple (IPv4 and IPv6; TCP,
 * UDP, ICMP echo by identifier, other IP protocols by address pair), orients each flow
 * ({@link Orientation}), counts packets, IP bytes, payload bytes and TCP flags per direction,
 * and drives a {@link SignatureEngine} over each flow's packets with the flow's own
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
 * <p>Steady state allocates nothing per packet: flow state is primitive arrays indexed by
 * slot, the key index is open addressing on primitive keys, scratches are pooled and only held
 * while the engine still wants the flow's packets, and payloads reach the engine through one
 * reused buffer. Allocation happens per flow (the final {@link Flow}) and when the arrays
 * grow.
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
    private static final int INITIAL_PAYLOAD_BUFFER = 1 << 16;
    private static final int NONE = -1;
    private static final int ICMP_TYPE_SHIFT = 8;
    private static final Orientation[] ORIENTATIONS = Orientation.values();
    private static final Direction[] DIRECTIONS = Direction.values();
    @SuppressWarnings("unchecked")
    private static final Optional<Direction>[] DIRECTION_OPTIONS = new Optional[] {
        Optional.of(Direction.CLIENT_TO_SERVER), Optional.of(Direction.SERVER_TO_CLIENT)};

    private final SignatureEngine engine;
    private final FlowListener listener;
    private final long idleNanos;
    private final long activeNanos;
    private final int maxFlows;
    private final FlowStore st;
    private final FlowIndex index;
    private int[] free;
    private int freeTop;
    private int highWater;
    private int live;
    private FlowScratch[] pool = new FlowScratch[INITIAL_CAPACITY];
    private int poolTop;
    private byte[] payloadArray = new byte[INITIAL_PAYLOAD_BUFFER];
    private ByteBuffer payload = ByteBuffer.wrap(payloadArray);
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
        DetectionConfig config = engine.config();
        this.engine = engine;
        this.listener = listener;
        this.idleNanos = config.flowIdleTimeout().toNanos();
        this.activeNanos = config.flowActiveTimeout().toNanos();
        this.maxFlows = config.maxFlows();
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
        int protocol = p.ipProtocol();
        boolean echo = p.isIcmpEcho();
        boolean ports = p.hasTransport() && (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP);
        int srcPort = ports ? p.srcPort() : echo ? p.icmpEchoId() : 0;
        int dstPort = ports ? p.dstPort() : echo ? p.icmpEchoId() : 0;
        // Consecutive packets often belong to the same flow (about half of them in the nDPI
        // corpus): try the last one before hashing and probing.
        int found = last == NONE ? NONE : matches(last, p, protocol, srcPort, dstPort);
        int h = 0;
        if (found == NONE) {
            h = hash(p.ipVersion(), protocol, p.srcHi(), p.srcLo(), srcPort, p.dstHi(), p.dstLo(), dstPort);
            found = find(p, protocol, srcPort, dstPort, h);
        }
        int f;
        int dir;
        if (found == NONE) {
            f = create(p, protocol, srcPort, dstPort, h, timestampNanos);
            dir = st.clientLo[f] == p.srcLo() && st.clientHi[f] == p.srcHi() && st.clientPort[f] == srcPort ? 0 : 1;
        } else {
            f = found >>> 1;
            dir = found & 1;
            st.touch(f);
        }
        last = f;
        packets++;
        int d = 2 * f + dir;
        lastDirection = DIRECTION_OPTIONS[dir];
        lastPacketIndex = st.packets[2 * f] + st.packets[2 * f + 1];
        st.packets[d]++;
        st.bytes[d] += p.ipLength();
        st.payloadBytes[d] += p.payloadLength();
        st.tcpFlags[d] |= p.tcpFlags();
        if (st.icmpTypeCode[d] < 0 && p.isIcmp()) {
            st.icmpTypeCode[d] = (p.icmpType() << ICMP_TYPE_SHIFT) | p.icmpCode();
        }
        if (timestampNanos > st.last[f]) {
            st.last[f] = timestampNanos;
        }
        FlowScratch s = st.scratch[f];
        if (s != null) {
            inspect(f, s, p, DIRECTIONS[dir]);
        }
    }

    private void inspect(int f, FlowScratch s, DecodedPacket p, Direction dir) {
        if (p.isIcmp()) {
            s.setIcmp(p.icmpType(), p.icmpCode());
        }
        int len = p.payloadLength();
        if (len > payloadArray.length) {
            payloadArray = new byte[Math.max(len, 2 * payloadArray.length)];
            payload = ByteBuffer.wrap(payloadArray);
        }
        p.buffer().get(p.payloadOffset(), payloadArray, 0, len);
        payload.limit(len).position(0);
        if (!engine.inspect(s, payload, dir)) {
            // The verdict is final: keep it and return the scratch to the pool now.
            st.verdict[f] = engine.result(s);
            st.scratch[f] = null;
            release(s);
        }
    }

    /**
     * Moves the table's clock to {@code timestampNanos} (if later) and ends flows that timed
     * out. {@link #accept} calls it; call it directly to expire flows when no packets arrive.
     */
    public void advanceTo(long timestampNanos) {
        if (timestampNanos > now) {
            now = timestampNanos;
        }
        while (st.lruHead != NONE && now - st.last[st.lruHead] > idleNanos) {
            idleTimeouts++;
            end(st.lruHead, EndReason.IDLE_TIMEOUT);
        }
        while (st.ageHead != NONE && now - st.first[st.ageHead] > activeNanos) {
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

    private int find(DecodedPacket p, int protocol, int srcPort, int dstPort, int h) {
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
            int m = matches(f, p, protocol, srcPort, dstPort);
            if (m != NONE) {
                return m;
            }
        }
    }

    /** {@code f << 1 | direction} when live slot {@code f} holds the packet's flow, else {@link #NONE}. */
    private int matches(int f, DecodedPacket p, int protocol, int srcPort, int dstPort) {
        if (st.protocol[f] != (byte) protocol || st.version[f] != (byte) p.ipVersion()) {
            return NONE;
        }
        long sLo = p.srcLo();
        long dLo = p.dstLo();
        if (st.clientLo[f] == sLo && st.serverLo[f] == dLo && st.clientHi[f] == p.srcHi() && st.serverHi[f] == p.dstHi()
                && st.clientPort[f] == srcPort && st.serverPort[f] == dstPort) {
            return f << 1;
        }
        if (st.clientLo[f] == dLo && st.serverLo[f] == sLo && st.clientHi[f] == p.dstHi() && st.serverHi[f] == p.srcHi()
                && st.clientPort[f] == dstPort && st.serverPort[f] == srcPort) {
            return (f << 1) | 1;
        }
        return NONE;
    }

    private int create(DecodedPacket p, int protocol, int srcPort, int dstPort, int h, long ts) {
        if (live == maxFlows) {
            evictions++;
            end(st.lruHead, EndReason.EVICTED);
        }
        int f = allocate();
        boolean ports = p.hasTransport() && (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP);
        Orientation o = Orientation.of(protocol, p.hasTransport() ? p.tcpFlags() : 0, p.isIcmpEcho(), ports, srcPort,
                dstPort);
        boolean swap = o.receiverIsClient(p.isIcmpEchoRequest());
        st.version[f] = (byte) p.ipVersion();
        st.protocol[f] = (byte) protocol;
        st.orientation[f] = (byte) o.ordinal();
        st.clientHi[f] = swap ? p.dstHi() : p.srcHi();
        st.clientLo[f] = swap ? p.dstLo() : p.srcLo();
        st.clientPort[f] = swap ? dstPort : srcPort;
        st.serverHi[f] = swap ? p.srcHi() : p.dstHi();
        st.serverLo[f] = swap ? p.srcLo() : p.dstLo();
        st.serverPort[f] = swap ? srcPort : dstPort;
        st.hash[f] = h;
        st.first[f] = ts;
        st.last[f] = ts;
        st.reset(f);
        index.insert(f, h);
        st.append(f);
        created++;
        if (++live > peak) {
            peak = live;
        }
        if (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.ICMP
                || protocol == IpProtocol.ICMPV6) {
            FlowScratch s = borrow();
            boolean withPorts = protocol == IpProtocol.TCP || protocol == IpProtocol.UDP;
            engine.begin(s, protocol, withPorts ? st.clientPort[f] : 0, withPorts ? st.serverPort[f] : 0);
            s.setMidStream(!o.sawStart(protocol));
            st.scratch[f] = s;
        }
        return f;
    }

    private void end(int f, EndReason reason) {
        FlowScratch s = st.scratch[f];
        Optional<Classification> verdict = s != null ? engine.result(s) : st.verdict(f);
        Flow record = record(f, reason, verdict);
        if (s != null) {
            release(s);
        }
        st.scratch[f] = null;
        st.verdict[f] = null;
        index.remove(f, st.hash[f], st.hash);
        st.unlink(f);
        if (last == f) {
            last = NONE;
        }
        free[freeTop++] = f;
        live--;
        listener.flowEnded(record);
    }

    private Flow record(int f, EndReason reason, Optional<Classification> verdict) {
        int v = st.version[f];
        FlowKey key = new FlowKey(st.protocol[f] & 0xff,
                DecodedPacket.address(v, st.clientHi[f], st.clientLo[f]), st.clientPort[f],
                DecodedPacket.address(v, st.serverHi[f], st.serverLo[f]), st.serverPort[f]);
        return new Flow(key, ORIENTATIONS[st.orientation[f]], st.first[f], st.last[f],
                counters(2 * f), counters(2 * f + 1), reason, verdict);
    }

    private Flow.Counters counters(int d) {
        int tc = Math.max(0, st.icmpTypeCode[d]);
        return new Flow.Counters(st.packets[d], st.bytes[d], st.payloadBytes[d], st.tcpFlags[d],
                tc >>> ICMP_TYPE_SHIFT, tc & 0xff);
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

    private FlowScratch borrow() {
        return poolTop > 0 ? pool[--poolTop] : new FlowScratch();
    }

    private void release(FlowScratch s) {
        if (poolTop == pool.length) {
            pool = java.util.Arrays.copyOf(pool, 2 * pool.length);
        }
        pool[poolTop++] = s;
    }

    /** Symmetric in the two endpoints, so both directions of a flow hash alike. */
    static int hash(int version, int protocol, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        long h = endpoint(aHi, aLo, aPort) + endpoint(bHi, bLo, bPort);
        h ^= ((long) protocol << 8 | version) * 0x9E3779B97F4A7C15L;
        h = mix(h);
        return (int) (h ^ (h >>> 32));
    }

    private static long endpoint(long hi, long lo, int port) {
        return mix(mix(hi ^ 0x632BE59BD9B4E019L) + lo * 0xC2B2AE3D27D4EB4FL + port);
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
