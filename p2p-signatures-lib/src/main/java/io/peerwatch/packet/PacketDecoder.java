package io.peerwatch.packet;

import io.peerwatch.pcap.LinkType;
import io.peerwatch.pcap.PacketView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decodes link, IP and transport headers of a frame into a reused {@link DecodedPacket},
 * without allocating. Malformed or unsupported frames never throw: {@link #decode} returns
 * false, the packet's {@link DecodedPacket#failure()} names the reason and {@link #stats()}
 * counts it.
 *
 * <p>Link types: Ethernet II with any number (up to a bound) of 802.1Q (0x8100) and 802.1ad /
 * QinQ (0x88a8, 0x9100, 0x9200) tags, PPPoE sessions (RFC 2516) and MPLS label stacks
 * (RFC 3032); Linux cooked SLL (113) and SLL2 (276) (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html,
 * LINKTYPE_LINUX_SLL2.html); raw IP (101, 228, 229 and DLT_RAW 12/14); BSD null/loopback (0, address
 * family in either byte order) and OpenBSD loop (108, network order). IPv4 (RFC 791) with options
 * and fragments (only the first fragment carries ports); IPv6 (RFC 8200) with hop-by-hop,
 * routing, fragment, destination options, mobility, HIP and shim6 headers and AH (RFC 4302);
 * TCP (RFC 9293), UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443).
 *
 * <pre>{@code
 * PacketDecoder decoder = new PacketDecoder();
 * DecodedPacket pkt = new DecodedPacket();
 * while (reader.next()) {
 *     if (decoder.decode(reader.packet(), pkt)) { ... pkt.srcPort(), pkt.payloadLength() ... }
 * }
 * DecodeStats stats = decoder.stats();
 * }</pre>
 *
 * Not thread-safe (it counts); use one per thread.
 */
public final class PacketDecoder {
    private static final int ETHERNET_HEADER = 14;
    private static final int SLL_HEADER = 16;
    private static final int SLL_PROTOCOL = 14;
    private static final int SLL2_HEADER = 20;
    private static final int LOOPBACK_HEADER = 4;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int ETHERTYPE_QINQ_OLD2 = 0x9200;
    private static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    private static final int ETHERTYPE_MPLS = 0x8847;
    private static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    private static final int VLAN_TAG = 4;
    private static final int VLAN_ID_MASK = 0x0fff;
    private static final int PPPOE_HEADER = 8;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    private static final int MPLS_LABEL = 4;
    private static final int AF_INET = 2;
    /** AF_INET6 as Linux, Windows, NetBSD/OpenBSD, FreeBSD and Darwin number it. */
    private static final int[] AF_INET6 = {10, 23, 24, 28, 30};

    private static final DecodeFailure[] REASONS = DecodeFailure.values();

    private final long[] failures = new long[REASONS.length];
    private long decoded;
    /** The last frame buffer seen and a big-endian view of it (the same buffer when already big-endian). */
    private ByteBuffer source;
    private ByteBuffer bigEndian;

    /** A decoder with zeroed counters. */
    public PacketDecoder() {
    }

    /** Decodes the packet a reader currently shows. */
    public boolean decode(PacketView packet, DecodedPacket out) {
        return decode(packet.linkType(), packet.buffer(), packet.offset(), packet.capturedLength(),
                packet.originalLength(), out);
    }

    /**
     * Decodes one frame.
     *
     * @param linkType the capture's link type ({@link LinkType})
     * @param frame buffer holding the frame (any byte order; read with absolute gets only, through a
     *     big-endian view made once per buffer)
     * @param offset index of the frame's first byte
     * @param capturedLength frame bytes present in {@code frame}
     * @param originalLength frame length on the wire (fills in IP lengths a capture zeroed)
     * @param out the view to fill
     * @return true when IP headers were decoded; false with {@code out.failure()} set otherwise
     */
    public boolean decode(int linkType, ByteBuffer frame, int offset, int capturedLength, int originalLength,
            DecodedPacket out) {
        out.clear();
        out.buffer = frame;
        out.linkType = linkType;
        int end = (int) Math.min((long) offset + Math.max(0, capturedLength), frame.limit());
        int start = Math.max(0, Math.min(offset, end));
        int wireEnd = (int) Math.min(Integer.MAX_VALUE, (long) start + Math.max(capturedLength, originalLength));
        DecodeFailure f = link(linkType, bigEndian(frame), start, end, Math.max(end, wireEnd), out);
        if (f != null) {
            out.failure = f;
            failures[f.ordinal()]++;
            return false;
        }
        decoded++;
        return true;
    }

    /**
     * Header fields are network order, read as whole shorts and ints: on a big-endian view of
     * the frame buffer, made once per buffer (readers hand out one buffer per file window).
     */
    private ByteBuffer bigEndian(ByteBuffer frame) {
        if (frame != source) {
            source = frame;
            bigEndian = frame.order() == ByteOrder.BIG_ENDIAN ? frame : frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        }
        return bigEndian;
    }

    /** Counters since this decoder was made. */
    public DecodeStats stats() {
        Map<DecodeFailure, Long> m = new EnumMap<>(DecodeFailure.class);
        for (DecodeFailure r : REASONS) {
            if (failures[r.ordinal()] > 0) {
                m.put(r, failures[r.ordinal()]);
            }
        }
        return new DecodeStats(decoded, m);
    }

    private static DecodeFailure link(int linkType, ByteBuffer b, int off, int end, int wireEnd, DecodedPacket out) {
        switch (linkType) {
            case LinkType.ETHERNET:
                if (end - off < ETHERNET_HEADER) {
                    return DecodeFailure.TRUNCATED_LINK_HEADER;
                }
                return etherType(b, IpDecoder.u16(b, off + 12), off + ETHERNET_HEADER, end, wireEnd, out);
            case LinkType.LINUX_SLL:
                if (end - off < SLL_HEADER) {
                    return DecodeFailure.TRUNCATED_LINK_HEADER;
                }
                return etherType(b, IpDecoder.u16(b, off + SLL_PROTOCOL), off + SLL_HEADER, end, wireEnd, out);
            case LinkType.LINUX_SLL2:
                if (end - off < SLL2_HEADER) {
                    return DecodeFailure.TRUNCATED_LINK_HEADER;
                }
                return etherType(b, IpDecoder.u16(b, off), off + SLL2_HEADER, end, wireEnd, out);
            case LinkType.NULL:
            case LinkType.LOOP:
                if (end - off < LOOPBACK_HEADER) {
                    return DecodeFailure.TRUNCATED_LINK_HEADER;
                }
                int family = IpDecoder.i32(b, off);
                // NULL: host byte order of the capturing machine; families fit in 16 bits.
                if (linkType == LinkType.NULL && (family & 0xffff0000) != 0) {
                    family = Integer.reverseBytes(family);
                }
                return addressFamily(b, family, off + LOOPBACK_HEADER, end, wireEnd, out);
            case LinkType.RAW:
            case LinkType.DLT_RAW_12:
            case LinkType.DLT_RAW_14:
                return IpDecoder.byVersion(b, off, end, wireEnd, out, DecodeFailure.BAD_IP_HEADER);
            case LinkType.IPV4:
                return IpDecoder.ipv4(b, off, end, wireEnd, out);
            case LinkType.IPV6:
                return IpDecoder.ipv6(b, off, end, wireEnd, out);
            default:
                return DecodeFailure.UNSUPPORTED_LINK_TYPE;
        }
    }

    private static DecodeFailure addressFamily(ByteBuffer b, int family, int off, int end, int wireEnd,
            DecodedPacket out) {
        if (family == AF_INET) {
            return IpDecoder.ipv4(b, off, end, wireEnd, out);
        }
        for (int f : AF_INET6) {
            if (family == f) {
                return IpDecoder.ipv6(b, off, end, wireEnd, out);
            }
        }
        return DecodeFailure.NOT_IP;
    }

    private static DecodeFailure etherType(ByteBuffer b, int type, int off, int end, int wireEnd,
            DecodedPacket out) {
        for (int depth = 0; depth < IpDecoder.MAX_CHAIN; depth++) {
            switch (type) {
                case ETHERTYPE_IPV4:
                    return IpDecoder.ipv4(b, off, end, wireEnd, out);
                case ETHERTYPE_IPV6:
                    return IpDecoder.ipv6(b, off, end, wireEnd, out);
                case ETHERTYPE_VLAN:
                case ETHERTYPE_QINQ:
                case ETHERTYPE_QINQ_OLD:
                case ETHERTYPE_QINQ_OLD2:
                    if (end - off < VLAN_TAG) {
                        return DecodeFailure.TRUNCATED_LINK_HEADER;
                    }
                    if (!out.hasVlan()) {
                        out.vlanId = IpDecoder.u16(b, off) & VLAN_ID_MASK;
                    }
                    type = IpDecoder.u16(b, off + 2);
                    off += VLAN_TAG;
                    break;
                case ETHERTYPE_PPPOE_SESSION:
                    if (end - off < PPPOE_HEADER) {
                        return DecodeFailure.TRUNCATED_LINK_HEADER;
                    }
                    int ppp = IpDecoder.u16(b, off + 6);
                    off += PPPOE_HEADER;
                    if (ppp == PPP_IPV4) {
                        return IpDecoder.ipv4(b, off, end, wireEnd, out);
                    }
                    return ppp == PPP_IPV6 ? IpDecoder.ipv6(b, off, end, wireEnd, out) : DecodeFailure.NOT_IP;
                case ETHERTYPE_MPLS:
                case ETHERTYPE_MPLS_MULTICAST:
                    if (end - off < MPLS_LABEL) {
                        return DecodeFailure.TRUNCATED_LINK_HEADER;
                    }
                    boolean bottom = (IpDecoder.u8(b, off + 2) & 1) != 0;
                    off += MPLS_LABEL;
                    if (bottom) {
                        return IpDecoder.byVersion(b, off, end, wireEnd, out, DecodeFailure.NOT_IP);
                    }
                    break;
                default:
                    return DecodeFailure.NOT_IP;
            }
        }
        return DecodeFailure.HEADER_CHAIN_TOO_LONG;
    }
}
