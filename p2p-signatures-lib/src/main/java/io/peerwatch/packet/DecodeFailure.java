package io.peerwatch.packet;

/** Why {@link PacketDecoder} could not decode a frame down to IP (and transport) headers. */
public enum DecodeFailure {
    /** The capture's link type is not one the decoder knows ({@link io.peerwatch.pcap.LinkType}). */
    UNSUPPORTED_LINK_TYPE,
    /** The frame ends inside its link-layer header, VLAN tags, PPPoE or MPLS header. */
    TRUNCATED_LINK_HEADER,
    /** The frame carries something other than IPv4/IPv6 (ARP, STP, LLDP, 802.2 LLC...). */
    NOT_IP,
    /** Too many VLAN tags, MPLS labels or IPv6 extension headers in a row. */
    HEADER_CHAIN_TOO_LONG,
    /** The frame ends inside the IPv4 or IPv6 header. */
    TRUNCATED_IP_HEADER,
    /** Wrong IP version, IPv4 header length below 20 or total length below the header length. */
    BAD_IP_HEADER,
    /** The frame ends inside an IPv6 extension header, or an extension header overruns the packet. */
    TRUNCATED_IPV6_EXTENSION,
    /** The frame ends inside the TCP, UDP or ICMP header. */
    TRUNCATED_TRANSPORT_HEADER,
    /** TCP data offset below 5 words or past the IP packet; UDP length below 8. */
    BAD_TRANSPORT_HEADER
}
