package io.peerwatch.packet;

import io.peerwatch.core.IpProtocol;
import java.nio.ByteBuffer;

/**
 * The network and transport half of {@link PacketDecoder}: IPv4 (RFC 791) with options and
 * fragments, IPv6 (RFC 8200) with its extension headers and AH (RFC 4302), then TCP (RFC 9293),
 * UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443). Each method fills the packet and returns
 * null, or returns the failure. {@code end} is the end of the captured bytes, {@code wireEnd}
 * where the frame ended on the wire (to fill in lengths a capture zeroed).
 */
final class IpDecoder {
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV4_MF = 0x2000;
    private static final int IPV4_FRAGMENT_OFFSET = 0x1fff;
    private static final int IPV6_HEADER = 40;
    private static final int EXT_MIN = 8;
    private static final int EXT_HOP_BY_HOP = 0;
    private static final int EXT_ROUTING = 43;
    private static final int EXT_FRAGMENT = 44;
    private static final int EXT_AH = 51;
    private static final int EXT_DEST_OPTS = 60;
    private static final int EXT_MOBILITY = 135;
    private static final int EXT_HIP = 139;
    private static final int EXT_SHIM6 = 140;
    private static final int TCP_MIN_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int ICMP_HEADER = 8;
    /** VLAN tags, MPLS labels or IPv6 extension headers accepted in a row. */
    static final int MAX_CHAIN = 16;

    private IpDecoder() {
    }

    static DecodeFailure byVersion(ByteBuffer b, int off, int end, int wireEnd, DecodedPacket out,
            DecodeFailure otherwise) {
        if (end - off < 1) {
            return DecodeFailure.TRUNCATED_IP_HEADER;
        }
        return switch (u8(b, off) >>> 4) {
            case 4 -> ipv4(b, off, end, wireEnd, out);
            case 6 -> ipv6(b, off, end, wireEnd, out);
            default -> otherwise;
        };
    }

    static DecodeFailure ipv4(ByteBuffer b, int off, int end, int wireEnd, DecodedPacket out) {
        if (end - off < IPV4_MIN_HEADER) {
            return DecodeFailure.TRUNCATED_IP_HEADER;
        }
        int versionIhl = u8(b, off);
        int ihl = (versionIhl & 0x0f) * 4;
        if (versionIhl >>> 4 != 4 || ihl < IPV4_MIN_HEADER) {
            return DecodeFailure.BAD_IP_HEADER;
        }
        if (end - off < ihl) {
            return DecodeFailure.TRUNCATED_IP_HEADER;
        }
        int total = u16(b, off + 2);
        if (total == 0) {
            total = wireEnd - off; // TCP segmentation offload: the NIC fills the length in later
        } else if (total < ihl) {
            return DecodeFailure.BAD_IP_HEADER;
        }
        if (total > wireEnd - off) {
            // The header claims more than the frame carried on the wire: count what was there.
            total = Math.max(ihl, wireEnd - off);
            out.ipLengthExceedsFrame = true;
        }
        int flagsOffset = u16(b, off + 6);
        out.ipVersion = 4;
        out.ipOffset = off;
        out.ipLength = total;
        out.fragment = (flagsOffset & (IPV4_MF | IPV4_FRAGMENT_OFFSET)) != 0;
        out.laterFragment = (flagsOffset & IPV4_FRAGMENT_OFFSET) != 0;
        out.srcLo = i32(b, off + 12) & 0xffffffffL;
        out.dstLo = i32(b, off + 16) & 0xffffffffL;
        int declaredEnd = off + total;
        if (out.fragment) {
            fragment(out, u16(b, off + 4), (flagsOffset & IPV4_FRAGMENT_OFFSET) * 8, (flagsOffset & IPV4_MF) != 0,
                    off + ihl, end, declaredEnd, u8(b, off + 9));
        }
        return transport(b, u8(b, off + 9), off + ihl, Math.min(end, declaredEnd), declaredEnd, out);
    }

    static DecodeFailure ipv6(ByteBuffer b, int off, int end, int wireEnd, DecodedPacket out) {
        if (end - off < IPV6_HEADER) {
            return DecodeFailure.TRUNCATED_IP_HEADER;
        }
        if (u8(b, off) >>> 4 != 6) {
            return DecodeFailure.BAD_IP_HEADER;
        }
        int payloadLength = u16(b, off + 4);
        int next = u8(b, off + 6);
        out.ipVersion = 6;
        out.ipOffset = off;
        out.srcHi = i64(b, off + 8);
        out.srcLo = i64(b, off + 16);
        out.dstHi = i64(b, off + 24);
        out.dstLo = i64(b, off + 32);
        // Payload length 0: a jumbogram (RFC 2675) or offloaded segment; trust the wire length.
        int declaredEnd = payloadLength == 0 ? wireEnd : off + IPV6_HEADER + payloadLength;
        if (declaredEnd > wireEnd) {
            // The header claims more than the frame carried on the wire: count what was there.
            declaredEnd = Math.max(off + IPV6_HEADER, wireEnd);
            out.ipLengthExceedsFrame = true;
        }
        out.ipLength = declaredEnd - off;
        int ipEnd = Math.min(end, declaredEnd);
        int p = off + IPV6_HEADER;
        for (int n = 0; n < MAX_CHAIN; n++) {
            switch (next) {
                case EXT_HOP_BY_HOP, EXT_ROUTING, EXT_DEST_OPTS, EXT_MOBILITY, EXT_HIP, EXT_SHIM6 -> {
                    if (ipEnd - p < EXT_MIN) {
                        return DecodeFailure.TRUNCATED_IPV6_EXTENSION;
                    }
                    int len = (u8(b, p + 1) + 1) * 8;
                    next = u8(b, p);
                    p += len;
                }
                case EXT_AH -> {
                    if (ipEnd - p < EXT_MIN) {
                        return DecodeFailure.TRUNCATED_IPV6_EXTENSION;
                    }
                    int len = (u8(b, p + 1) + 2) * 4;
                    next = u8(b, p);
                    p += len;
                }
                case EXT_FRAGMENT -> {
                    if (ipEnd - p < EXT_MIN) {
                        return DecodeFailure.TRUNCATED_IPV6_EXTENSION;
                    }
                    int offsetFlags = u16(b, p + 2);
                    long id = i32(b, p + 4) & 0xffffffffL;
                    next = u8(b, p);
                    p += EXT_MIN;
                    out.fragment = true;
                    out.laterFragment = (offsetFlags >>> 3) != 0;
                    fragment(out, id, (offsetFlags >>> 3) * 8, (offsetFlags & 1) != 0, p, end, declaredEnd, next);
                }
                default -> {
                    return transport(b, next, p, ipEnd, declaredEnd, out);
                }
            }
            if (p > ipEnd) {
                return DecodeFailure.TRUNCATED_IPV6_EXTENSION;
            }
            if (out.laterFragment) {
                return transport(b, next, p, ipEnd, declaredEnd, out);
            }
        }
        return DecodeFailure.HEADER_CHAIN_TOO_LONG;
    }

    private static void fragment(DecodedPacket out, long id, int offset, boolean more, int dataStart, int end,
            int declaredEnd, int nextHeader) {
        out.fragmentId = id;
        out.fragmentOffset = offset;
        out.moreFragments = more;
        out.fragmentDataOffset = dataStart;
        out.fragmentDataEnd = Math.max(dataStart, Math.min(end, declaredEnd));
        out.fragmentTruncated = end < declaredEnd;
        out.fragmentNextHeader = nextHeader;
    }

    private static DecodeFailure transport(ByteBuffer b, int protocol, int p, int ipEnd, int declaredEnd,
            DecodedPacket out) {
        out.ipProtocol = protocol;
        if (out.fragment && !out.laterFragment && !headerFits(b, protocol, p, ipEnd)) {
            // A first fragment cut inside its transport header (RFC 1858's tiny fragments): it
            // carries no ports either, so it is handled as the later ones are (held for reassembly).
            out.laterFragment = true;
        }
        if (out.laterFragment) {
            return payload(out, p, ipEnd);
        }
        switch (protocol) {
            case IpProtocol.TCP: {
                if (ipEnd - p < TCP_MIN_HEADER) {
                    return DecodeFailure.TRUNCATED_TRANSPORT_HEADER;
                }
                int dataOffset = (u8(b, p + 12) >>> 4) * 4;
                if (dataOffset < TCP_MIN_HEADER || p + dataOffset > declaredEnd) {
                    return DecodeFailure.BAD_TRANSPORT_HEADER;
                }
                out.srcPort = u16(b, p);
                out.dstPort = u16(b, p + 2);
                out.tcpFlags = u8(b, p + 13);
                out.hasTransport = true;
                return payload(out, Math.min(p + dataOffset, ipEnd), ipEnd);
            }
            case IpProtocol.UDP: {
                if (ipEnd - p < UDP_HEADER) {
                    return DecodeFailure.TRUNCATED_TRANSPORT_HEADER;
                }
                int length = u16(b, p + 4);
                if (length != 0 && length < UDP_HEADER) {
                    return DecodeFailure.BAD_TRANSPORT_HEADER;
                }
                out.srcPort = u16(b, p);
                out.dstPort = u16(b, p + 2);
                out.hasTransport = true;
                int udpEnd = length == 0 ? ipEnd : Math.min(ipEnd, p + length);
                return payload(out, p + UDP_HEADER, udpEnd);
            }
            case IpProtocol.ICMP:
            case IpProtocol.ICMPV6: {
                if (ipEnd - p < ICMP_HEADER) {
                    return DecodeFailure.TRUNCATED_TRANSPORT_HEADER;
                }
                out.icmpType = u8(b, p);
                out.icmpCode = u8(b, p + 1);
                out.icmpId = u16(b, p + 4);
                out.icmpEcho = DecodedPacket.isEcho(protocol, out.icmpType);
                out.hasTransport = true;
                return payload(out, p + ICMP_HEADER, ipEnd);
            }
            default:
                return payload(out, p, ipEnd);
        }
    }

    /** Whether the whole transport header lies within the captured IP data. */
    private static boolean headerFits(ByteBuffer b, int protocol, int p, int ipEnd) {
        return switch (protocol) {
            case IpProtocol.TCP -> ipEnd - p >= TCP_MIN_HEADER && p + (u8(b, p + 12) >>> 4) * 4 <= ipEnd;
            case IpProtocol.UDP -> ipEnd - p >= UDP_HEADER;
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> ipEnd - p >= ICMP_HEADER;
            default -> true;
        };
    }

    private static DecodeFailure payload(DecodedPacket out, int from, int to) {
        out.payloadOffset = from;
        out.payloadLength = Math.max(0, to - from);
        return null;
    }

    // Frame reads for this class and PacketDecoder: b is always PacketDecoder's big-endian view
    // of the frame, and callers have checked the bounds.

    static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xff;
    }

    static int u16(ByteBuffer b, int i) {
        return b.getShort(i) & 0xffff;
    }

    static int i32(ByteBuffer b, int i) {
        return b.getInt(i);
    }

    private static long i64(ByteBuffer b, int i) {
        return b.getLong(i);
    }
}
