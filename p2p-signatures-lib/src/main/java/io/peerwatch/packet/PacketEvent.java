package io.peerwatch.packet;

import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Direction;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One captured packet reduced to what detection needs, detached from its frame: the headers and
 * the first bytes of the transport payload. A sensor sends these to the job (topic
 * {@code peerwatch.packets}); the job's packet operator tracks flows over them the way the flow
 * table tracks {@link DecodedPacket}s (both are an {@link IpPacket} to the one flow tracker).
 * Immutable; build with {@link #of} (from a decoded frame) or {@link #builder}.
 *
 * <pre>{@code
 * if (decoder.decode(view.linkType(), view.buffer(), view.offset(), view.capturedLength(), view.originalLength(), p)) {
 *     PacketEvent e = PacketEvent.of(p, view.timestampNanos(), view.originalLength(), 4096).build();
 * }
 * }</pre>
 */
public final class PacketEvent implements IpPacket {
    /** {@link #icmpEchoId()} of packets that are not ICMP echo requests or replies. */
    private static final int NO_ECHO_ID = -1;
    private static final int MAX_PORT = 0xffff;
    private static final int MAX_PROTOCOL = 0xff;
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMPV6_ECHO_REQUEST = 128;
    private static final int ICMPV6_ECHO_REPLY = 129;

    private final long timestampNanos;
    private final IpAddress src;
    private final IpAddress dst;
    /** The addresses in {@link IpPacket}'s two-long form, computed once. */
    private final long srcHi;
    private final long srcLo;
    private final long dstHi;
    private final long dstLo;
    private final int srcPort;
    private final int dstPort;
    private final int ipProtocol;
    private final Direction direction;
    private final int tcpFlags;
    private final int icmpType;
    private final int icmpCode;
    private final int icmpEchoId;
    private final int wireLength;
    private final int ipLength;
    private final int payloadLength;
    private final byte[] payloadPrefix;
    private final long packetIndex;
    private final String sensor;

    private PacketEvent(Builder b) {
        if (b.src == null || b.dst == null) {
            throw new IllegalArgumentException("packet addresses must not be null");
        }
        if (b.src.length() != b.dst.length()) {
            throw new IllegalArgumentException("source and destination address families differ: " + b.src + " / " + b.dst);
        }
        if (b.srcPort < 0 || b.srcPort > MAX_PORT || b.dstPort < 0 || b.dstPort > MAX_PORT) {
            throw new IllegalArgumentException("port out of 0..65535: " + b.srcPort + " / " + b.dstPort);
        }
        if (b.ipProtocol < 0 || b.ipProtocol > MAX_PROTOCOL) {
            throw new IllegalArgumentException("IP protocol out of 0..255: " + b.ipProtocol);
        }
        if (b.icmpEchoId < NO_ECHO_ID || b.icmpEchoId > MAX_PORT) {
            throw new IllegalArgumentException("ICMP echo identifier out of 0..65535: " + b.icmpEchoId);
        }
        if (b.icmpEchoId != NO_ECHO_ID && !isEchoType(b.ipProtocol, b.icmpType)) {
            throw new IllegalArgumentException("ICMP echo identifier on a packet that is not an echo request or reply: "
                    + "protocol " + b.ipProtocol + ", type " + b.icmpType);
        }
        if (b.wireLength < 0 || b.ipLength < 0 || b.payloadLength < 0) {
            throw new IllegalArgumentException("negative length: wire " + b.wireLength + ", IP " + b.ipLength
                    + ", payload " + b.payloadLength);
        }
        if (b.payloadPrefix.length > b.payloadLength) {
            throw new IllegalArgumentException("payload prefix (" + b.payloadPrefix.length
                    + " bytes) longer than the payload (" + b.payloadLength + ")");
        }
        if (b.packetIndex < 0) {
            throw new IllegalArgumentException("negative packet index: " + b.packetIndex);
        }
        timestampNanos = b.timestampNanos;
        src = b.src;
        dst = b.dst;
        srcHi = src.highBits();
        srcLo = src.lowBits();
        dstHi = dst.highBits();
        dstLo = dst.lowBits();
        srcPort = b.srcPort;
        dstPort = b.dstPort;
        ipProtocol = b.ipProtocol;
        direction = b.direction;
        tcpFlags = b.tcpFlags;
        icmpType = b.icmpType;
        icmpCode = b.icmpCode;
        icmpEchoId = b.icmpEchoId;
        wireLength = b.wireLength;
        ipLength = b.ipLength;
        payloadLength = b.payloadLength;
        payloadPrefix = b.payloadPrefix;
        packetIndex = b.packetIndex;
        sensor = b.sensor;
    }

    private static boolean isEchoType(int protocol, int type) {
        return protocol == IpProtocol.ICMP ? type == ICMP_ECHO_REQUEST || type == ICMP_ECHO_REPLY
                : protocol == IpProtocol.ICMPV6 && (type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY);
    }

    /** A builder with every field zero or absent. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding one decoded packet's headers and up to {@code maxPrefix} payload bytes
     * (direction, packet index and sensor unset).
     *
     * @param p a packet {@link PacketDecoder#decode} accepted
     * @param timestampNanos capture time, nanoseconds since the epoch
     * @param wireLength the frame's original length on the wire
     * @param maxPrefix payload bytes to keep, at least 0
     */
    public static Builder of(DecodedPacket p, long timestampNanos, int wireLength, int maxPrefix) {
        if (!p.isDecoded()) {
            throw new IllegalArgumentException("packet was not decoded: " + p);
        }
        boolean transport = p.hasTransport();
        boolean ports = transport && !p.isIcmp();
        int prefix = Math.min(Math.max(0, maxPrefix), p.payloadLength());
        byte[] payload = new byte[prefix];
        p.buffer().get(p.payloadOffset(), payload, 0, prefix);
        Builder b = builder()
                .timestampNanos(timestampNanos)
                .addresses(p.srcAddress(), p.dstAddress())
                .ports(ports ? p.srcPort() : 0, ports ? p.dstPort() : 0)
                .ipProtocol(p.ipProtocol())
                .tcpFlags(transport && p.ipProtocol() == IpProtocol.TCP ? p.tcpFlags() : 0)
                .icmp(transport && p.isIcmp() ? p.icmpType() : 0, transport && p.isIcmp() ? p.icmpCode() : 0,
                        transport && p.isIcmpEcho() ? p.icmpEchoId() : NO_ECHO_ID)
                .lengths(wireLength, p.ipLength(), p.wirePayloadLength());
        b.payloadPrefix = payload;
        return b;
    }

    /** Capture time, nanoseconds since the epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Capture time, milliseconds since the epoch (rounded down). */
    public long timestampMs() {
        return Math.floorDiv(timestampNanos, 1_000_000L);
    }

    public IpAddress src() {
        return src;
    }

    public IpAddress dst() {
        return dst;
    }

    /** 4 or 6. */
    @Override
    public int ipVersion() {
        return src.isV4() ? 4 : 6;
    }

    @Override
    public long srcHi() {
        return srcHi;
    }

    @Override
    public long srcLo() {
        return srcLo;
    }

    @Override
    public long dstHi() {
        return dstHi;
    }

    @Override
    public long dstLo() {
        return dstLo;
    }


    /** TCP/UDP source port; 0 for other protocols. */
    public int srcPort() {
        return srcPort;
    }

    /** TCP/UDP destination port; 0 for other protocols. */
    public int dstPort() {
        return dstPort;
    }

    /** IANA protocol number ({@link IpProtocol}). */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** Direction relative to the flow's client, as the sensor's flow table saw it; empty when unknown. */
    public Optional<Direction> direction() {
        return Optional.ofNullable(direction);
    }

    /** TCP flags of this packet; 0 when not TCP. */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** True for ICMP and ICMPv6. */
    public boolean isIcmp() {
        return ipProtocol == IpProtocol.ICMP || ipProtocol == IpProtocol.ICMPV6;
    }

    /** ICMP type; 0 when not ICMP. */
    public int icmpType() {
        return icmpType;
    }

    /** ICMP code; 0 when not ICMP. */
    public int icmpCode() {
        return icmpCode;
    }

    /** True for an ICMP/ICMPv6 echo request or reply (the event carries its identifier). */
    @Override
    public boolean isIcmpEcho() {
        return icmpEchoId != NO_ECHO_ID;
    }

    @Override
    public boolean isIcmpEchoRequest() {
        return isIcmpEcho() && icmpType == (ipProtocol == IpProtocol.ICMP ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST);
    }

    /** The echo identifier of an ICMP/ICMPv6 echo request or reply ({@link #isIcmpEcho()}); -1 for other packets. */
    @Override
    public int icmpEchoId() {
        return icmpEchoId;
    }

    /** Length of the frame on the wire, bytes. */
    public int wireLength() {
        return wireLength;
    }

    /** Length of the IP packet (headers included), bytes: what flow byte counters add up. */
    public int ipLength() {
        return ipLength;
    }

    /** Length of the whole transport payload, bytes ({@link #payloadPrefix()} may be shorter). */
    public int payloadLength() {
        return payloadLength;
    }

    /** The first payload bytes the sensor kept, as a read-only buffer. */
    public ByteBuffer payloadPrefix() {
        return ByteBuffer.wrap(payloadPrefix).asReadOnlyBuffer();
    }

    /** Number of payload bytes kept. */
    public int payloadPrefixLength() {
        return payloadPrefix.length;
    }

    /** The whole transport payload's length, {@link #payloadLength()}. */
    @Override
    public int wirePayloadLength() {
        return payloadLength;
    }

    /** The kept prefix's length, {@link #payloadPrefixLength()}. */
    @Override
    public int availablePayloadLength() {
        return payloadPrefix.length;
    }

    /** Copies the kept prefix. */
    @Override
    public void copyPayload(byte[] dst) {
        System.arraycopy(payloadPrefix, 0, dst, 0, payloadPrefix.length);
    }

    /** 0-based index of this packet in its flow, as the sensor counted it (0 when unknown). */
    public long packetIndex() {
        return packetIndex;
    }

    /** The capturing sensor or file, when known. */
    public Optional<String> sensor() {
        return Optional.ofNullable(sensor);
    }

    /** A builder holding this event's fields. */
    public Builder toBuilder() {
        Builder b = builder()
                .timestampNanos(timestampNanos)
                .addresses(src, dst)
                .ports(srcPort, dstPort)
                .ipProtocol(ipProtocol)
                .tcpFlags(tcpFlags)
                .icmp(icmpType, icmpCode, icmpEchoId)
                .lengths(wireLength, ipLength, payloadLength)
                .packetIndex(packetIndex)
                .sensor(sensor);
        b.payloadPrefix = payloadPrefix;
        b.direction = direction;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketEvent e && timestampNanos == e.timestampNanos && srcPort == e.srcPort
                && dstPort == e.dstPort && ipProtocol == e.ipProtocol && direction == e.direction
                && tcpFlags == e.tcpFlags && icmpType == e.icmpType && icmpCode == e.icmpCode
                && icmpEchoId == e.icmpEchoId && wireLength == e.wireLength && ipLength == e.ipLength
                && payloadLength == e.payloadLength && packetIndex == e.packetIndex && src.equals(e.src)
                && dst.equals(e.dst) && Arrays.equals(payloadPrefix, e.payloadPrefix) && Objects.equals(sensor, e.sensor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampNanos, src, dst, srcPort, dstPort, ipProtocol) * 31 + Arrays.hashCode(payloadPrefix);
    }

    @Override
    public String toString() {
        return IpProtocol.name(ipProtocol) + " " + src + ":" + srcPort + " -> " + dst + ":" + dstPort + " @"
                + timestampNanos + " (" + payloadLength + " payload bytes)";
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private long timestampNanos;
        private IpAddress src;
        private IpAddress dst;
        private int srcPort;
        private int dstPort;
        private int ipProtocol;
        private Direction direction;
        private int tcpFlags;
        private int icmpType;
        private int icmpCode;
        private int icmpEchoId = NO_ECHO_ID;
        private int wireLength;
        private int ipLength;
        private int payloadLength;
        private byte[] payloadPrefix = new byte[0];
        private long packetIndex;
        private String sensor;

        private Builder() {
        }

        public Builder timestampNanos(long v) {
            timestampNanos = v;
            return this;
        }

        public Builder addresses(IpAddress source, IpAddress destination) {
            src = source;
            dst = destination;
            return this;
        }

        public Builder ports(int source, int destination) {
            srcPort = source;
            dstPort = destination;
            return this;
        }

        public Builder ipProtocol(int v) {
            ipProtocol = v;
            return this;
        }

        /** Direction relative to the flow's client; null when unknown. */
        public Builder direction(Direction v) {
            direction = v;
            return this;
        }

        public Builder tcpFlags(int v) {
            tcpFlags = v;
            return this;
        }

        /** ICMP type and code, and the echo identifier (-1 when not an echo request or reply). */
        public Builder icmp(int type, int code, int echoId) {
            icmpType = type;
            icmpCode = code;
            icmpEchoId = echoId;
            return this;
        }

        /** Frame length on the wire, IP packet length and full transport payload length. */
        public Builder lengths(int wire, int ip, int payload) {
            wireLength = wire;
            ipLength = ip;
            payloadLength = payload;
            return this;
        }

        /** The kept payload bytes (copied). */
        public Builder payloadPrefix(byte[] v) {
            payloadPrefix = v.clone();
            return this;
        }

        /** The kept payload bytes: the buffer's remaining bytes (copied; its position is left alone). */
        public Builder payloadPrefix(ByteBuffer v) {
            byte[] b = new byte[v.remaining()];
            v.duplicate().get(b);
            payloadPrefix = b;
            return this;
        }

        public Builder packetIndex(long v) {
            packetIndex = v;
            return this;
        }

        /** The capturing sensor or file; null when unknown. */
        public Builder sensor(String v) {
            sensor = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid field */
        public PacketEvent build() {
            return new PacketEvent(this);
        }
    }
}
