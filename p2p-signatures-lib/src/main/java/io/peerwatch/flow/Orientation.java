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
    FIRST_PACKET
}
