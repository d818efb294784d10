package io.peerwatch.flow;

import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.IpPacket;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.util.Optional;

/**
 * The state of one bidirectional flow while it is tracked: IP version and protocol, the oriented
 * endpoints ({@link Orientation}), first and last packet time, per-direction counters (packets,
 * IP bytes, payload bytes, TCP flags, first ICMP type and code), the signature engine's
 * {@link FlowScratch} while the engine still wants the flow's packets, and the engine's verdict
 * once it wants no more. {@link FlowTracker} starts, feeds and ends it; {@link FlowTable} holds
 * one per live flow, the streaming job one per key in Flink keyed state.
 *
 * <p>{@link #writeTo} and {@link #readFrom} carry a flow across a checkpoint or a state backend
 * that stores bytes: restored and fed the rest of its packets, a flow ends exactly as it would
 * have without the round trip, except for what {@link FlowScratch#attachment()} says a restored
 * scratch loses (evidence from a Gnutella flow's compressed stream).
 *
 * <p>Mutable and not thread-safe, like the flow it describes.
 */
public final class FlowState {

    /** Version of the {@link #writeTo} format. */
    private static final int FORMAT = 1;
    private static final int NO_ENGINE_STATE = 0;
    private static final int INSPECTING = 1;
    private static final int CLASSIFIED = 2;
    private static final int ICMP_TYPE_SHIFT = 8;
    private static final int NO_ICMP = -1;
    /** Direction index of the client's packets ({@link Direction#CLIENT_TO_SERVER}). */
    static final int FROM_CLIENT = 0;
    /** Direction index of the server's packets. */
    static final int FROM_SERVER = 1;
    /** What {@link #match} returns for a packet of another flow. */
    static final int OTHER_FLOW = -1;
    @SuppressWarnings("unchecked")
    private static final Optional<Direction>[] DIRECTION_OPTIONS = new Optional[] {
        Optional.of(Direction.CLIENT_TO_SERVER), Optional.of(Direction.SERVER_TO_CLIENT)};

    /** One direction's counters. */
    static final class Side {
        long packets;
        long bytes;
        long payloadBytes;
        int tcpFlags;
        /** First ICMP type*256+code, or {@link #NO_ICMP} before the first ICMP message. */
        int icmpTypeCode = NO_ICMP;

        void reset() {
            packets = 0;
            bytes = 0;
            payloadBytes = 0;
            tcpFlags = 0;
            icmpTypeCode = NO_ICMP;
        }

        Flow.Counters counters() {
            int tc = Math.max(0, icmpTypeCode);
            return new Flow.Counters(packets, bytes, payloadBytes, tcpFlags, tc >>> ICMP_TYPE_SHIFT, tc & 0xff);
        }

        void writeTo(DataOutput out) throws IOException {
            out.writeLong(packets);
            out.writeLong(bytes);
            out.writeLong(payloadBytes);
            out.writeInt(tcpFlags);
            out.writeInt(icmpTypeCode);
        }

        void readFrom(DataInput in) throws IOException {
            packets = in.readLong();
            bytes = in.readLong();
            payloadBytes = in.readLong();
            tcpFlags = in.readInt();
            icmpTypeCode = in.readInt();
            if (packets < 0 || bytes < 0 || payloadBytes < 0 || icmpTypeCode < NO_ICMP) {
                throw new InvalidObjectException("negative flow counter");
            }
        }
    }

    int ipVersion;
    int ipProtocol;
    Orientation orientation = Orientation.FIRST_PACKET;
    long clientHi;
    long clientLo;
    int clientPort;
    long serverHi;
    long serverLo;
    int serverPort;
    long firstNanos;
    long lastNanos;
    final Side fromClient = new Side();
    final Side fromServer = new Side();
    /** The engine's per-flow state while it wants packets; null before, after, or without an engine. */
    FlowScratch scratch;
    /** The engine's verdict once it wanted no more packets; empty until then. */
    Optional<Classification> verdict = Optional.empty();

    /** A blank state; {@link FlowTracker} fills it from a flow's first packet. */
    FlowState() {
    }

    /** Makes this the state of a new flow (counters zero, no engine state). */
    void reset(int version, int protocol, Orientation o, long cHi, long cLo, int cPort, long sHi, long sLo, int sPort,
            long timestampNanos) {
        ipVersion = version;
        ipProtocol = protocol;
        orientation = o;
        clientHi = cHi;
        clientLo = cLo;
        clientPort = cPort;
        serverHi = sHi;
        serverLo = sLo;
        serverPort = sPort;
        firstNanos = timestampNanos;
        lastNanos = timestampNanos;
        fromClient.reset();
        fromServer.reset();
        scratch = null;
        verdict = Optional.empty();
    }

    /**
     * {@link #FROM_CLIENT} or {@link #FROM_SERVER} when a packet with these key fields belongs
     * to this flow, else {@link #OTHER_FLOW}.
     */
    int match(int version, int protocol, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        if (ipProtocol != protocol || ipVersion != version) {
            return OTHER_FLOW;
        }
        if (clientLo == sLo && serverLo == dLo && clientHi == sHi && serverHi == dHi && clientPort == sPort
                && serverPort == dPort) {
            return FROM_CLIENT;
        }
        if (clientLo == dLo && serverLo == sLo && clientHi == dHi && serverHi == sHi && clientPort == dPort
                && serverPort == sPort) {
            return FROM_SERVER;
        }
        return OTHER_FLOW;
    }

    /** {@link #match} for a packet. */
    int match(IpPacket p) {
        return match(p.ipVersion(), p.ipProtocol(), p.srcHi(), p.srcLo(), CanonicalFlowKey.srcPort(p), p.dstHi(),
                p.dstLo(), CanonicalFlowKey.dstPort(p));
    }

    /**
     * Counts one packet of the flow sent in direction {@code dir} ({@link #FROM_CLIENT} or
     * {@link #FROM_SERVER}). In one method with the caller's per-packet work in mind: C1, which
     * compiles {@code classify}'s short runs, inlines only tiny methods.
     */
    void count(int dir, IpPacket p, long timestampNanos) {
        Side side = dir == FROM_CLIENT ? fromClient : fromServer;
        side.packets++;
        side.bytes += p.ipLength();
        side.payloadBytes += p.wirePayloadLength();
        side.tcpFlags |= p.tcpFlags();
        if (side.icmpTypeCode == NO_ICMP && p.isIcmp()) {
            side.icmpTypeCode = (p.icmpType() << ICMP_TYPE_SHIFT) | p.icmpCode();
        }
        if (timestampNanos > lastNanos) {
            lastNanos = timestampNanos;
        }
    }

    /**
     * Direction of a packet relative to this flow's client; empty when the packet belongs to
     * another flow. Allocates nothing.
     */
    public Optional<Direction> direction(IpPacket p) {
        int d = match(p);
        return d == OTHER_FLOW ? Optional.empty() : DIRECTION_OPTIONS[d];
    }

    /** The flow's oriented 5-tuple (allocates). */
    public FlowKey key() {
        return new FlowKey(ipProtocol, DecodedPacket.address(ipVersion, clientHi, clientLo), clientPort,
                DecodedPacket.address(ipVersion, serverHi, serverLo), serverPort);
    }

    /** The flow's direction-free key (allocates). */
    public CanonicalFlowKey canonicalKey() {
        return CanonicalFlowKey.of(key());
    }

    /** How the client was chosen. */
    public Orientation orientation() {
        return orientation;
    }

    /** First packet time, nanoseconds since the epoch. */
    public long firstNanos() {
        return firstNanos;
    }

    /** Latest packet time, nanoseconds since the epoch. */
    public long lastNanos() {
        return lastNanos;
    }

    /** Packets counted in both directions. */
    public long packets() {
        return fromClient.packets + fromServer.packets;
    }

    /** Counters of one direction so far (allocates). */
    public Flow.Counters counters(Direction dir) {
        return (dir == Direction.CLIENT_TO_SERVER ? fromClient : fromServer).counters();
    }

    /** True while the signature engine still wants this flow's packets. */
    public boolean inspecting() {
        return scratch != null;
    }

    /** The finished flow with its verdict (allocates; the state is left as it is). */
    Flow toFlow(EndReason reason, Optional<Classification> classification) {
        return new Flow(key(), orientation, firstNanos, lastNanos, fromClient.counters(), fromServer.counters(), reason,
                classification);
    }

    /**
     * Writes this state in a compact binary form, format version first: key, orientation
     * (by name), times, counters, then either the engine's scratch ({@link FlowScratch#writeTo},
     * whose limits apply) or the verdict ({@link Classification#writeTo}).
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeByte(ipVersion);
        out.writeByte(ipProtocol);
        out.writeUTF(orientation.name());
        out.writeLong(clientHi);
        out.writeLong(clientLo);
        out.writeShort(clientPort);
        out.writeLong(serverHi);
        out.writeLong(serverLo);
        out.writeShort(serverPort);
        out.writeLong(firstNanos);
        out.writeLong(lastNanos);
        fromClient.writeTo(out);
        fromServer.writeTo(out);
        if (scratch != null) {
            out.writeByte(INSPECTING);
            scratch.writeTo(out);
        } else if (verdict.isPresent()) {
            out.writeByte(CLASSIFIED);
            verdict.get().writeTo(out);
        } else {
            out.writeByte(NO_ENGINE_STATE);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote into a new state. Continue it with a {@link FlowTracker}
     * whose engine has the same signature registry as the one that wrote it.
     *
     * @throws IOException on an unknown format version or corrupt input
     */
    public static FlowState readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new InvalidObjectException("flow state format " + format + " is not supported (" + FORMAT + ")");
        }
        FlowState s = new FlowState();
        s.ipVersion = readIpVersion(in);
        s.ipProtocol = in.readUnsignedByte();
        String orientation = in.readUTF();
        try {
            s.orientation = Orientation.valueOf(orientation);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("unknown orientation " + orientation);
        }
        s.clientHi = in.readLong();
        s.clientLo = in.readLong();
        s.clientPort = in.readUnsignedShort();
        s.serverHi = in.readLong();
        s.serverLo = in.readLong();
        s.serverPort = in.readUnsignedShort();
        s.firstNanos = in.readLong();
        s.lastNanos = in.readLong();
        if (s.lastNanos < s.firstNanos) {
            throw new InvalidObjectException("flow ends before it starts: " + s.firstNanos + " > " + s.lastNanos);
        }
        s.fromClient.readFrom(in);
        s.fromServer.readFrom(in);
        int engine = in.readUnsignedByte();
        switch (engine) {
            case INSPECTING -> s.scratch = FlowScratch.readFrom(in);
            case CLASSIFIED -> s.verdict = Optional.of(Classification.readFrom(in));
            case NO_ENGINE_STATE -> { }
            default -> throw new InvalidObjectException("bad engine state marker " + engine);
        }
        return s;
    }

    static int readIpVersion(DataInput in) throws IOException {
        int v = in.readUnsignedByte();
        if (v != 4 && v != 6) {
            throw new InvalidObjectException("IP version must be 4 or 6: " + v);
        }
        return v;
    }

    /** {@code "tcp 10.0.0.1:40000 <-> 10.0.0.2:80 TCP_SYN, 7 packets"}. */
    @Override
    public String toString() {
        return key() + " " + orientation + ", " + packets() + " packets" + (scratch != null ? ", inspecting" : "");
    }
}
