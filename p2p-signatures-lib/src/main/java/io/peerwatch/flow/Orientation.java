package io.peerwatch.flow;

/**
 * How the flow table chose a flow's client (initiator), in order of precedence:
 *
 * <ol>
 *   <li>{@link #TCP_SYN}: the first packet is a TCP SYN without ACK; its sender is the client.</li>
 *   <li>{@link #TCP_SYN_ACK}: the first packet is a SYN+ACK (the SYN was missed); its receiver
 *       is the client.</li>
 *   <li>{@link #ICMP_ECHO}: the first packet is an ICMP echo request (sender is the client) or
 *       reply (receiver is the client).</li>
 *   <li>{@link #PORT_RANK}: the first packet goes from a more "service-like" port to a more
 *       ephemeral one, so the capture started mid-flow: its receiver is the client. Ports rank
 *       well-known (1-1023) &lt; registered (1024-32767) &lt; ephemeral (32768-65535, covering
 *       Linux's 32768-60999 and the IANA/Windows 49152-65535 ranges). Example: a first packet
 *       443 &rarr; 51000 makes 51000 the client.</li>
 *   <li>{@link #FIRST_PACKET}: otherwise the first packet's sender is the client (same rank,
 *       e.g. two P2P peers on 6881 and 6882, or no ports).</li>
 * </ol>
 * The orientation is fixed when the flow is created and never changes.
 */
public enum Orientation {
    TCP_SYN,
    TCP_SYN_ACK,
    ICMP_ECHO,
    PORT_RANK,
    FIRST_PACKET;

    private static final int WELL_KNOWN_END = 1024;
    private static final int EPHEMERAL_START = 32768;

    /**
     * The rule above, applied to a flow's first packet.
     *
     * @param ipProtocol IANA protocol number
     * @param tcpFlags the packet's TCP flags (0 when not TCP)
     * @param icmpEcho true for an ICMP/ICMPv6 echo request or reply
     * @param ports true when the packet has transport ports (TCP/UDP with a transport header)
     */
    public static Orientation of(int ipProtocol, int tcpFlags, boolean icmpEcho, boolean ports, int srcPort, int dstPort) {
        if (ipProtocol == io.peerwatch.core.IpProtocol.TCP && (tcpFlags & io.peerwatch.packet.TcpFlags.SYN) != 0) {
            return (tcpFlags & io.peerwatch.packet.TcpFlags.ACK) == 0 ? TCP_SYN : TCP_SYN_ACK;
        }
        if (icmpEcho) {
            return ICMP_ECHO;
        }
        return ports && portRank(srcPort) < portRank(dstPort) ? PORT_RANK : FIRST_PACKET;
    }

    /**
     * True when the first packet's receiver, not its sender, is the client.
     *
     * @param icmpEchoRequest for {@link #ICMP_ECHO}: whether the first packet was the request
     */
    public boolean receiverIsClient(boolean icmpEchoRequest) {
        return this == TCP_SYN_ACK || this == PORT_RANK || (this == ICMP_ECHO && !icmpEchoRequest);
    }

    /** True when the flow's start (the TCP handshake) was seen: streams can be judged from byte 0. */
    public boolean sawStart(int ipProtocol) {
        return ipProtocol != io.peerwatch.core.IpProtocol.TCP || this == TCP_SYN || this == TCP_SYN_ACK;
    }

    private static int portRank(int port) {
        return port < WELL_KNOWN_END ? 0 : port < EPHEMERAL_START ? 1 : 2;
    }
}
