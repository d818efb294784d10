package io.peerwatch.flow;

import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.IpPacket;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.ByteBuffer;

/**
 * The key of a bidirectional flow before it is oriented: IP version, protocol and the two
 * endpoints in a fixed order (the lower address, then port, first), so both directions of a
 * flow have the same key. This is the one definition of "which flow does a packet belong to":
 * {@link FlowTable} finds flows by it, the streaming job keys its per-flow state by it and the
 * packet sensor partitions Kafka records by it ({@link #toBytes()}).
 *
 * <p>Ports are TCP/UDP ports; ICMP and ICMPv6 echo requests and replies use the echo identifier
 * as both ports (as Linux conntrack does), so two pings between the same hosts are two flows;
 * other ICMP messages and other IP protocols have ports 0. Non-first IP fragments carry no ports
 * and belong to no flow (callers skip them).
 *
 * <p>{@link #hashCode()} is computed from the key's values only (no identity, no
 * {@code String.hashCode}), the same in every JVM, as Flink requires of keys. Immutable.
 */
public final class CanonicalFlowKey {

    /** Version of the {@link #writeTo} format. */
    private static final int FORMAT = 1;
    private static final int V4_BYTES = 4;
    private static final int V6_BYTES = 16;
    private static final int PORT_BYTES = 2;

    private final int ipVersion;
    private final int ipProtocol;
    private final long lowHi;
    private final long lowLo;
    private final int lowPort;
    private final long highHi;
    private final long highLo;
    private final int highPort;
    private final int hash;

    private CanonicalFlowKey(int ipVersion, int ipProtocol, long aHi, long aLo, int aPort, long bHi, long bLo,
            int bPort) {
        boolean aFirst = compare(aHi, aLo, aPort, bHi, bLo, bPort) <= 0;
        this.ipVersion = ipVersion;
        this.ipProtocol = ipProtocol;
        this.lowHi = aFirst ? aHi : bHi;
        this.lowLo = aFirst ? aLo : bLo;
        this.lowPort = aFirst ? aPort : bPort;
        this.highHi = aFirst ? bHi : aHi;
        this.highLo = aFirst ? bLo : aLo;
        this.highPort = aFirst ? bPort : aPort;
        this.hash = hash(ipVersion, ipProtocol, aHi, aLo, aPort, bHi, bLo, bPort);
    }

    /** The key of the flow {@code p} belongs to (not meaningful for non-first IP fragments). */
    public static CanonicalFlowKey of(IpPacket p) {
        return new CanonicalFlowKey(p.ipVersion(), p.ipProtocol(), p.srcHi(), p.srcLo(), srcPort(p), p.dstHi(),
                p.dstLo(), dstPort(p));
    }

    /** The key of a flow's oriented key. */
    public static CanonicalFlowKey of(FlowKey k) {
        int v = k.client().isV4() ? 4 : 6;
        return new CanonicalFlowKey(v, k.ipProtocol(), k.client().highBits(), k.client().lowBits(), k.clientPort(),
                k.server().highBits(), k.server().lowBits(), k.serverPort());
    }

    /** The source port a packet contributes to its flow key: TCP/UDP port, ICMP echo identifier, else 0. */
    static int srcPort(IpPacket p) {
        return srcPort(p, p.isIcmpEcho());
    }

    /** The destination port a packet contributes to its flow key (see {@link #srcPort}). */
    static int dstPort(IpPacket p) {
        return dstPort(p, p.isIcmpEcho());
    }

    /** {@link #srcPort(IpPacket)} with {@code p.isIcmpEcho()} known (the flow table asks once per packet). */
    static int srcPort(IpPacket p, boolean echo) {
        return echo ? p.icmpEchoId() : p.srcPort();
    }

    /** {@link #dstPort(IpPacket)} with {@code p.isIcmpEcho()} known. */
    static int dstPort(IpPacket p, boolean echo) {
        return echo ? p.icmpEchoId() : p.dstPort();
    }

    /** 4 or 6. */
    public int ipVersion() {
        return ipVersion;
    }

    /** IANA protocol number. */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** The lower endpoint's address. */
    public IpAddress lowAddress() {
        return DecodedPacket.address(ipVersion, lowHi, lowLo);
    }

    /** The lower endpoint's port (see the class comment for ICMP). */
    public int lowPort() {
        return lowPort;
    }

    /** The higher endpoint's address. */
    public IpAddress highAddress() {
        return DecodedPacket.address(ipVersion, highHi, highLo);
    }

    /** The higher endpoint's port. */
    public int highPort() {
        return highPort;
    }

    /**
     * The key as bytes, the same for both directions: protocol (1 byte), then per endpoint, lower
     * first, its address (4 or 16 bytes) and port (2 bytes, big-endian). What the packet sensor
     * uses as the Kafka record key, so a flow's packets share one partition.
     */
    public byte[] toBytes() {
        int addr = ipVersion == 4 ? V4_BYTES : V6_BYTES;
        ByteBuffer b = ByteBuffer.allocate(1 + 2 * (addr + PORT_BYTES));
        b.put((byte) ipProtocol);
        putAddress(b, lowHi, lowLo);
        b.putShort((short) lowPort);
        putAddress(b, highHi, highLo);
        b.putShort((short) highPort);
        return b.array();
    }

    private void putAddress(ByteBuffer b, long hi, long lo) {
        if (ipVersion == 4) {
            b.putInt((int) lo);
        } else {
            b.putLong(hi).putLong(lo);
        }
    }

    /** Writes the key in a compact binary form, format version first. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeByte(ipVersion);
        out.writeByte(ipProtocol);
        out.writeLong(lowHi);
        out.writeLong(lowLo);
        out.writeShort(lowPort);
        out.writeLong(highHi);
        out.writeLong(highLo);
        out.writeShort(highPort);
    }

    /**
     * Reads what {@link #writeTo} wrote.
     *
     * @throws IOException on an unknown format version or IP version
     */
    public static CanonicalFlowKey readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new InvalidObjectException("flow key format " + format + " is not supported (" + FORMAT + ")");
        }
        int version = FlowState.readIpVersion(in);
        int protocol = in.readUnsignedByte();
        return new CanonicalFlowKey(version, protocol, in.readLong(), in.readLong(), in.readUnsignedShort(),
                in.readLong(), in.readLong(), in.readUnsignedShort());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalFlowKey k && hash == k.hash && lowLo == k.lowLo && highLo == k.highLo
                && lowPort == k.lowPort && highPort == k.highPort && ipProtocol == k.ipProtocol
                && ipVersion == k.ipVersion && lowHi == k.lowHi && highHi == k.highHi;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code "udp 10.0.0.1:53 <-> 10.0.0.2:40000"}, lower endpoint first; IPv6 in brackets. */
    @Override
    public String toString() {
        return IpProtocol.name(ipProtocol) + " " + endpoint(lowAddress(), lowPort) + " <-> "
                + endpoint(highAddress(), highPort);
    }

    private static String endpoint(IpAddress a, int port) {
        return (a.isV4() ? a.toString() : "[" + a + "]") + ":" + port;
    }

    private static int compare(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        int c = Long.compareUnsigned(aHi, bHi);
        if (c == 0) {
            c = Long.compareUnsigned(aLo, bLo);
        }
        return c != 0 ? c : Integer.compare(aPort, bPort);
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
