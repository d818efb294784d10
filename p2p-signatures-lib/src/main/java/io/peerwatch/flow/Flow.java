package io.peerwatch.flow;

import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finished bidirectional flow, as a {@link FlowTable} hands it to its {@link FlowListener}.
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

    /**
     * One direction's counters.
     *
     * @param packets packets sent
     * @param bytes IP bytes sent (headers included, as on the wire, as NetFlow counts them)
     * @param payloadBytes captured transport payload bytes sent
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

    /** Counters of one direction. */
    public Counters counters(Direction dir) {
        return dir == Direction.CLIENT_TO_SERVER ? clientToServer : serverToClient;
    }

    /** Packets in both directions. */
    public long packets() {
        return clientToServer.packets + serverToClient.packets;
    }

    /** IP bytes in both directions. */
    public long bytes() {
        return clientToServer.bytes + serverToClient.bytes;
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
