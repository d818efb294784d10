package io.peerwatch.packet;

/**
 * One IP packet's headers and payload as flow tracking reads them, whatever carried the packet:
 * a {@link DecodedPacket} (a frame being decoded, in {@code classify} and the packet sensor) or
 * a {@link PacketEvent} (a packet a sensor sent, in the streaming job). The library's one flow
 * tracker ({@code io.peerwatch.flow.FlowTracker}) takes this interface, so both paths key,
 * orient, count and inspect packets with the same code. A process normally feeds only one of
 * the two implementations, which keeps the calls monomorphic.
 *
 * <p>Addresses are two longs each (IPv6: high and low 64 bits; IPv4: 0 and the unsigned 32-bit
 * value), so flows can be hashed and compared without objects.
 */
public interface IpPacket {

    /** 4 or 6. */
    int ipVersion();

    /** IANA protocol of the transport header ({@link io.peerwatch.core.IpProtocol}). */
    int ipProtocol();

    /** Source address, high 64 bits (0 for IPv4). */
    long srcHi();

    /** Source address, low 64 bits (IPv4: the unsigned 32-bit value). */
    long srcLo();

    /** Destination address, high 64 bits (0 for IPv4). */
    long dstHi();

    /** Destination address, low 64 bits (IPv4: the unsigned 32-bit value). */
    long dstLo();

    /** TCP/UDP source port; 0 for other protocols. */
    int srcPort();

    /** TCP/UDP destination port; 0 for other protocols. */
    int dstPort();

    /** TCP flags ({@link TcpFlags}); 0 for other protocols. */
    int tcpFlags();

    /** True for ICMP and ICMPv6 (with their header). */
    boolean isIcmp();

    /** ICMP type; meaningful when {@link #isIcmp()}. */
    int icmpType();

    /** ICMP code; meaningful when {@link #isIcmp()}. */
    int icmpCode();

    /** True for an ICMP/ICMPv6 echo request or reply. */
    boolean isIcmpEcho();

    /** True for an ICMP/ICMPv6 echo request. */
    boolean isIcmpEchoRequest();

    /** The echo identifier; meaningful when {@link #isIcmpEcho()}. */
    int icmpEchoId();

    /** Bytes of the IP packet on the wire, headers included: what flow byte counters add up. */
    int ipLength();

    /**
     * Bytes of the transport payload on the wire, as the IP header declares them (also when
     * the capture or the sensor kept fewer): what flow payload counters add up.
     */
    int wirePayloadLength();

    /** Payload bytes this packet holds for inspection (a capture's snap length or a sensor's prefix may cut them). */
    int availablePayloadLength();

    /**
     * Copies the {@link #availablePayloadLength()} payload bytes to {@code dst[0..]}.
     *
     * @param dst at least {@link #availablePayloadLength()} bytes long
     */
    void copyPayload(byte[] dst);
}
