package io.peerwatch.signatures;

import io.peerwatch.core.IpProtocol;

/**
 * Which packets the engine passes to a signature, declared once per signature like nDPI's
 * selection bitmask, so signatures never filter transports themselves.
 *
 * @param tcp accept TCP packets
 * @param udp accept UDP packets
 * @param icmp accept ICMP and ICMPv6 packets (payload = bytes after the 8-byte ICMP header)
 * @param payloadRequired skip packets without payload
 */
public record Selection(boolean tcp, boolean udp, boolean icmp, boolean payloadRequired) {

    /** TCP packets with payload. */
    public static final Selection TCP = new Selection(true, false, false, true);
    /** UDP packets with payload. */
    public static final Selection UDP = new Selection(false, true, false, true);
    /** TCP or UDP packets with payload. */
    public static final Selection TCP_OR_UDP = new Selection(true, true, false, true);
    /** ICMP/ICMPv6 packets with payload. */
    public static final Selection ICMP = new Selection(false, false, true, true);

    /** True when a packet of this IP protocol and payload length goes to the signature. */
    public boolean accepts(int ipProtocol, int payloadLength) {
        if (payloadRequired && payloadLength == 0) {
            return false;
        }
        return switch (ipProtocol) {
            case IpProtocol.TCP -> tcp;
            case IpProtocol.UDP -> udp;
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> icmp;
            default -> false;
        };
    }
}
