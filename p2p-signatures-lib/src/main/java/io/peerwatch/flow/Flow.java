package io.peerwatch.flow;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finished bidirectional flow, as {@link FlowTracker#end} makes it: what a {@link FlowTable}
 * hands its {@link FlowListener} and what the streaming job's packet operator turns into alerts
 * and flow records.
 *
 * @param key oriented 5-tuple
 * @param orientation how the client was chosen
 * @param firstNanos first packet, nanoseconds since the epoch
 * @param lastNanos last packet, nanoseconds since the epoch, never before {@code firstNanos}
 * @param clientToServer counters of the client's packets
 * @param serverToClient counters of the server's packets
 * @param endReason why the flow left the table
 * @param classification the signature engine's verdict, empty when no signature matched
 */
public record Flow(
        FlowKey key,
        Orientation orientation,
        long firstNanos,
        long lastNanos,
        Counters clientToServer,
        Counters serverToClient,
        EndReason endReason,
        Optional<Classification> classification) {

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final int ICMP_TYPE_SHIFT = 8;
    /** Version of the {@link #writeTo} format. */
    private static final int FORMAT = 1;
    private static final int MAX_ADDRESS_BYTES = 16;

    /**
     * One direction's counters.
     *
     * @param packets packets sent
     * @param bytes IP bytes sent (headers included, as on the wire, as NetFlow counts them)
     * @param payloadBytes transport payload bytes sent, as the IP headers declare them (also where
     *     a capture's snap length or a sensor's payload prefix kept fewer)
     * @param tcpFlags OR of the TCP flags sent ({@link io.peerwatch.packet.TcpFlags})
     * @param firstIcmpType type of the first ICMP message sent (0 when none or not ICMP)
     * @param firstIcmpCode code of the first ICMP message sent (0 when none or not ICMP)
     */
    public record Counters(long packets, long bytes, long payloadBytes, int tcpFlags, int firstIcmpType,
            int firstIcmpCode) {
        public Counters {
            if (packets < 0 || bytes < 0 || payloadBytes < 0) {
                throw new IllegalArgumentException("negative counter: " + packets + "/" + bytes + "/" + payloadBytes);
            }
        }

        void writeTo(DataOutput out) throws IOException {
            out.writeLong(packets);
            out.writeLong(bytes);
            out.writeLong(payloadBytes);
            out.writeInt(tcpFlags);
            out.writeShort(firstIcmpType);
            out.writeShort(firstIcmpCode);
        }

        static Counters readFrom(DataInput in) throws IOException {
            return new Counters(in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readUnsignedShort(),
                    in.readUnsignedShort());
        }
    }

    public Flow {
        if (key == null || orientation == null || clientToServer == null || serverToClient == null
                || endReason == null || classification == null) {
            throw new IllegalArgumentException("flow record fields must not be null");
        }
        if (lastNanos < firstNanos) {
            throw new IllegalArgumentException("flow ends (" + lastNanos + ") before it starts (" + firstNanos + ")");
        }
    }

    /**
     * Writes this flow in a compact binary form, format version first (enum constants by name).
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeByte(key.ipProtocol());
        writeAddress(out, key.client());
        out.writeShort(key.clientPort());
        writeAddress(out, key.server());
        out.writeShort(key.serverPort());
        out.writeUTF(orientation.name());
        out.writeLong(firstNanos);
        out.writeLong(lastNanos);
        clientToServer.writeTo(out);
        serverToClient.writeTo(out);
        out.writeUTF(endReason.name());
        out.writeBoolean(classification.isPresent());
        if (classification.isPresent()) {
            classification.get().writeTo(out);
        }
    }

    private static void writeAddress(DataOutput out, IpAddress a) throws IOException {
        out.writeByte(a.length());
        out.write(a.toBytes());
    }

    /**
     * Reads what {@link #writeTo} wrote.
     *
     * @throws IOException on an unknown format version or corrupt input
     */
    public static Flow readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new InvalidObjectException("flow format " + format + " is not supported (" + FORMAT + ")");
        }
        try {
            int protocol = in.readUnsignedByte();
            IpAddress client = readAddress(in);
            int clientPort = in.readUnsignedShort();
            IpAddress server = readAddress(in);
            int serverPort = in.readUnsignedShort();
            FlowKey key = new FlowKey(protocol, client, clientPort, server, serverPort);
            Orientation orientation = Orientation.valueOf(in.readUTF());
            long first = in.readLong();
            long last = in.readLong();
            Counters c2s = Counters.readFrom(in);
            Counters s2c = Counters.readFrom(in);
            EndReason reason = EndReason.valueOf(in.readUTF());
            Optional<Classification> c = in.readBoolean() ? Optional.of(Classification.readFrom(in)) : Optional.empty();
            return new Flow(key, orientation, first, last, c2s, s2c, reason, c);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("bad flow: " + e.getMessage());
        }
    }

    private static IpAddress readAddress(DataInput in) throws IOException {
        int n = in.readUnsignedByte();
        if (n > MAX_ADDRESS_BYTES) {
            throw new InvalidObjectException("address of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return IpAddress.of(b);
    }

    /** Counters of one direction. */
    public Counters counters(Direction dir) {
        return dir == Direction.CLIENT_TO_SERVER ? clientToServer : serverToClient;
    }

    /** Packets in both directions. */
    public long packets() {
        return io.peerwatch.core.Counters.add(clientToServer.packets, serverToClient.packets);
    }

    /** IP bytes in both directions. */
    public long bytes() {
        return io.peerwatch.core.Counters.add(clientToServer.bytes, serverToClient.bytes);
    }

    /** Last minus first packet time, nanoseconds. */
    public long durationNanos() {
        return lastNanos - firstNanos;
    }

    /**
     * The flow as NetFlow would export it: one unidirectional {@link FlowRecord} per direction
     * that carried packets (client to server first), source kind {@link FlowSourceKind#PACKETS},
     * times in milliseconds. ICMP records put {@code type * 256 + code} of the direction's first
     * message in the destination port, as NetFlow does.
     */
    public List<FlowRecord> toFlowRecords() {
        List<FlowRecord> out = new ArrayList<>(2);
        for (Direction dir : Direction.values()) {
            Counters c = counters(dir);
            if (c.packets == 0) {
                continue;
            }
            boolean c2s = dir == Direction.CLIENT_TO_SERVER;
            boolean icmp = key.ipProtocol() == IpProtocol.ICMP || key.ipProtocol() == IpProtocol.ICMPV6;
            int srcPort = icmp ? 0 : c2s ? key.clientPort() : key.serverPort();
            int dstPort = icmp ? (c.firstIcmpType << ICMP_TYPE_SHIFT) | c.firstIcmpCode
                    : c2s ? key.serverPort() : key.clientPort();
            out.add(FlowRecord.builder()
                    .time(Math.floorDiv(firstNanos, NANOS_PER_MILLI), Math.floorDiv(lastNanos, NANOS_PER_MILLI))
                    .src(c2s ? key.client() : key.server(), srcPort)
                    .dst(c2s ? key.server() : key.client(), dstPort)
                    .ipProtocol(key.ipProtocol())
                    .tcpFlags(c.tcpFlags)
                    .counters(c.packets, c.bytes)
                    .sourceKind(FlowSourceKind.PACKETS)
                    .build());
        }
        return out;
    }
}
