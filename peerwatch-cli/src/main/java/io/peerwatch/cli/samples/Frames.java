package io.peerwatch.cli.samples;

import java.nio.ByteBuffer;

/**
 * Ethernet II frames carrying IPv4 with TCP, UDP or ICMP, with correct lengths and checksums:
 * IPv4 header (RFC 791, header checksum), TCP (RFC 9293, checksum over the pseudo-header), UDP
 * (RFC 768), ICMP echo (RFC 792). MAC addresses are locally administered and derived from the IP
 * address ({@code 02:00:a:b:c:d}), so frames need no address table. The caller numbers the IPv4
 * datagrams of each sender (the identification field).
 */
final class Frames {

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    private static final int ETHERNET = 14;
    private static final int IPV4 = 20;
    private static final int TCP = 20;
    private static final int UDP = 8;
    private static final int ICMP = 8;
    private static final int TTL = 64;
    private static final int MSS = 1460;
    private static final int DONT_FRAGMENT = 0x4000;

    private Frames() {
    }

    /** A TCP segment; a SYN carries the MSS option (kind 2, RFC 9293 §3.2). */
    static byte[] tcp(int ipId, Ip src, int srcPort, Ip dst, int dstPort, long seq, long ack, int flags, int window, byte[] payload) {
        boolean syn = (flags & SYN) != 0;
        int header = TCP + (syn ? 4 : 0);
        ByteBuffer seg = ByteBuffer.allocate(header + payload.length);
        seg.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack);
        seg.put((byte) ((header / 4) << 4)).put((byte) flags).putShort((short) window);
        seg.putShort((short) 0).putShort((short) 0); // checksum, urgent pointer
        if (syn) {
            seg.put((byte) 2).put((byte) 4).putShort((short) MSS);
        }
        seg.put(payload);
        byte[] s = seg.array();
        putChecksum(s, 16, pseudoSum(src, dst, PROTO_TCP, s.length) + sum(s, 0, s.length));
        return ipv4(ipId, src, dst, PROTO_TCP, DONT_FRAGMENT, s);
    }

    /** A UDP datagram. */
    static byte[] udp(int ipId, Ip src, int srcPort, Ip dst, int dstPort, byte[] payload) {
        ByteBuffer d = ByteBuffer.allocate(UDP + payload.length);
        d.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (UDP + payload.length)).putShort((short) 0);
        d.put(payload);
        byte[] u = d.array();
        int c = fold(pseudoSum(src, dst, PROTO_UDP, u.length) + sum(u, 0, u.length));
        c = ~c & 0xffff;
        c = c == 0 ? 0xffff : c; // RFC 768: a computed zero is sent as all ones
        u[6] = (byte) (c >> 8);
        u[7] = (byte) c;
        return ipv4(ipId, src, dst, PROTO_UDP, 0, u);
    }

    /** An ICMP echo request (type 8) or reply (type 0). */
    static byte[] icmpEcho(int ipId, Ip src, Ip dst, int type, int id, int seq, byte[] payload) {
        ByteBuffer m = ByteBuffer.allocate(ICMP + payload.length);
        m.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(payload);
        byte[] b = m.array();
        putChecksum(b, 2, sum(b, 0, b.length));
        return ipv4(ipId, src, dst, PROTO_ICMP, 0, b);
    }

    private static byte[] ipv4(int ipId, Ip src, Ip dst, int proto, int flags, byte[] transport) {
        ByteBuffer f = ByteBuffer.allocate(ETHERNET + IPV4 + transport.length);
        f.put(dst.mac()).put(src.mac()).putShort((short) ETHERTYPE_IPV4);
        int ip = f.position();
        f.put((byte) 0x45).put((byte) 0).putShort((short) (IPV4 + transport.length));
        f.putShort((short) ipId).putShort((short) flags);
        f.put((byte) TTL).put((byte) proto).putShort((short) 0);
        f.put(src.bytes()).put(dst.bytes());
        byte[] out = f.array();
        putChecksum(out, ip + 10, sum(out, ip, IPV4));
        System.arraycopy(transport, 0, out, ETHERNET + IPV4, transport.length);
        return out;
    }

    private static long pseudoSum(Ip src, Ip dst, int proto, int length) {
        byte[] p = new byte[12];
        System.arraycopy(src.bytes(), 0, p, 0, 4);
        System.arraycopy(dst.bytes(), 0, p, 4, 4);
        p[9] = (byte) proto;
        p[10] = (byte) (length >> 8);
        p[11] = (byte) length;
        return sum(p, 0, p.length);
    }

    /** The one's complement sum of 16-bit words (RFC 1071), not yet folded. */
    private static long sum(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xff) << 8;
        }
        return s;
    }

    private static int fold(long s) {
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) s;
    }

    private static void putChecksum(byte[] b, int at, long sum) {
        int c = ~fold(sum) & 0xffff;
        b[at] = (byte) (c >> 8);
        b[at + 1] = (byte) c;
    }
}
