package io.peerwatch.core;

/** IANA IP protocol numbers the product refers to by name. */
public final class IpProtocol {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private IpProtocol() {
    }

    /** Short lower-case name ("tcp", "udp", "icmp", "icmp6") or the number as text. */
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
