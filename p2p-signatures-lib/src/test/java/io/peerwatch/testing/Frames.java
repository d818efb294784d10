package io.peerwatch.testing;

import io.peerwatch.core.IpAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built frames for tests: Ethernet, VLAN tags, IPv4/IPv6, TCP, UDP, ICMP. Checksums are 0. */
public final class Frames {
    public static final int ETH_IPV4 = 0x0800;
    public static final int ETH_IPV6 = 0x86DD;
    public static final int ETH_ARP = 0x0806;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;

    private Frames() {
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    public static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Ethernet II header (fixed MACs) + payload. */
    public static byte[] ethernet(int etherType, byte[] payload) {
        return concat(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, u16(etherType), payload);
    }

    /** A 4-byte VLAN tag: TPID, then TCI (vid) and the inner ethertype go in the next 4 bytes. */
    public static byte[] vlanTag(int vid, int innerType) {
        return concat(u16(vid & 0x0fff), u16(innerType));
    }

    public static byte[] tcp(int srcPort, int dstPort, int flags, byte[] payload) {
        return tcp(srcPort, dstPort, flags, new byte[0], payload);
    }

    /** TCP header with options (padded to 4 bytes by the caller). */
    public static byte[] tcp(int srcPort, int dstPort, int flags, byte[] options, byte[] payload) {
        int dataOffset = (20 + options.length) / 4;
        return concat(u16(srcPort), u16(dstPort), u32(1000), u32(flags == 0x02 ? 0 : 2000),
                new byte[] {(byte) (dataOffset << 4), (byte) flags}, u16(65535), u16(0), u16(0), options, payload);
    }

    public static byte[] udp(int srcPort, int dstPort, byte[] payload) {
        return concat(u16(srcPort), u16(dstPort), u16(8 + payload.length), u16(0), payload);
    }

    public static byte[] icmp(int type, int code, int id, int seq, byte[] payload) {
        return concat(new byte[] {(byte) type, (byte) code, 0, 0}, u16(id), u16(seq), payload);
    }

    public static byte[] ipv4(int protocol, String src, String dst, byte[] l4) {
        return ipv4(protocol, src, dst, 0, new byte[0], l4);
    }

    /**
     * IPv4 header.
     *
     * @param flagsOffset the flags + fragment offset field (0x2000 = MF, low 13 bits = offset/8)
     * @param options option bytes, length a multiple of 4
     */
    public static byte[] ipv4(int protocol, String src, String dst, int flagsOffset, byte[] options, byte[] l4) {
        int ihl = 5 + options.length / 4;
        int total = ihl * 4 + l4.length;
        return concat(new byte[] {(byte) (0x40 | ihl), 0}, u16(total), u16(0x1234), u16(flagsOffset),
                new byte[] {64, (byte) protocol}, u16(0), IpAddress.parse(src).toBytes(),
                IpAddress.parse(dst).toBytes(), options, l4);
    }

    /** IPv6 header; {@code rest} = extension headers + transport. */
    public static byte[] ipv6(int nextHeader, String src, String dst, byte[] rest) {
        return concat(new byte[] {0x60, 0, 0, 0}, u16(rest.length), new byte[] {(byte) nextHeader, 64},
                IpAddress.parse(src).toBytes(), IpAddress.parse(dst).toBytes(), rest);
    }

    /** A generic IPv6 extension header of {@code 8 * (1 + extraUnits)} bytes. */
    public static byte[] ipv6Extension(int nextHeader, int extraUnits) {
        byte[] h = new byte[8 * (1 + extraUnits)];
        h[0] = (byte) nextHeader;
        h[1] = (byte) extraUnits;
        return h;
    }

    /** IPv6 fragment header. */
    public static byte[] ipv6Fragment(int nextHeader, int offsetUnits, boolean more) {
        return concat(new byte[] {(byte) nextHeader, 0}, u16((offsetUnits << 3) | (more ? 1 : 0)), u32(0xabcd));
    }

    /** IPv6 authentication header with {@code icvWords} 32-bit words of ICV. */
    public static byte[] ipv6Ah(int nextHeader, int icvWords) {
        byte[] h = new byte[12 + 4 * icvWords];
        h[0] = (byte) nextHeader;
        h[1] = (byte) (1 + icvWords);
        return h;
    }
}
