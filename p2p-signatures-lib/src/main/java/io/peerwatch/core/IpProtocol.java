package io.peerwatch.core;

/** IANA IP protocol numbers the product refers to by name. */
public final class IpProtocol {
    /** Internet Control Message Protocol (IPv4). */
    public static final int ICMP = 1;
    /** Transmission Control Protocol. */
    public static final int TCP = 6;
    /** User Datagram Protocol. */
    public static final int UDP = 17;
    /** ICMP for IPv6. */
    public static final int ICMPV6 = 58;

    private IpProtocol() {
    }

    /**
     * {@return short lower-case name ("tcp", "udp", "icmp", "icmp6") or the number as text}
     *
     * @param protocol an IP protocol number, 0..255
     */
    public static String name(int protocol) {
        return switch (protocol) {
            case ICMP -> "icmp";
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMPV6 -> "icmp6";
            default -> Integer.toString(protocol);
        };
    }
}
