package io.peerwatch.pcap;

/**
 * Link-layer header types (LINKTYPE_* values of https://www.tcpdump.org/linktypes.html) that
 * PeerWatch decodes. A capture may carry any other value; the decoder counts such packets as
 * undecodable instead of failing.
 */
public final class LinkType {
    /** BSD loopback: 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** IEEE 802.3 Ethernet (with 802.1Q / 802.1ad tags). */
    public static final int ETHERNET = 1;
    /** DLT_RAW as most platforms number it: raw IPv4 or IPv6. */
    public static final int DLT_RAW_12 = 12;
    /** DLT_RAW as OpenBSD numbers it. */
    public static final int DLT_RAW_14 = 14;
    /** LINKTYPE_RAW: raw IPv4 or IPv6, no link header. */
    public static final int RAW = 101;
    /** OpenBSD loopback: 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1 (16-byte header). */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4. */
    public static final int IPV4 = 228;
    /** Raw IPv6. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 (20-byte header). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** Whether the packet decoder reads frames of this link type. */
    public static boolean isSupported(int linkType) {
        return !name(linkType).startsWith("linktype-");
    }

    /** The names of the supported link types, for messages about an unsupported one. */
    public static String supportedNames() {
        return "ethernet, linux-sll, linux-sll2, raw, ipv4, ipv6, null, loop";
    }

    /** A short name for a link type, e.g. {@code "ethernet"}, or {@code "linktype-N"}. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "null";
            case ETHERNET -> "ethernet";
            case DLT_RAW_12, DLT_RAW_14, RAW -> "raw";
            case LOOP -> "loop";
            case LINUX_SLL -> "linux-sll";
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case LINUX_SLL2 -> "linux-sll2";
            default -> "linktype-" + linkType;
        };
    }
}
