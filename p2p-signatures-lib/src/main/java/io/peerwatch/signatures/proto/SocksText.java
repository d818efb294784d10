package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;

/**
 * Text forms of SOCKS destinations for {@code describe} (allocates): SOCKS 5 addresses
 * (RFC 1928 §5: ATYP 1 IPv4, 3 length-prefixed domain, 4 IPv6, then a 2-byte port) and
 * SOCKS 4 IPv4 addresses.
 */
final class SocksText {

    static final int ATYP_IPV4 = 1;
    static final int ATYP_DOMAIN = 3;
    static final int ATYP_IPV6 = 4;
    static final int IPV4 = 4;
    static final int IPV6 = 16;

    private SocksText() {
    }

    /** {@code host:port} of the SOCKS 5 request (or reply) at {@code off} of {@code length} bytes. */
    static String destination(ByteBuffer p, int off, int length) {
        int atyp = p.get(off + 3);
        int addr = off + 4;
        int portAt = off + length - 2;
        String host;
        if (atyp == ATYP_DOMAIN) {
            host = Bytes.text(p, addr + 1, portAt);
        } else if (atyp == ATYP_IPV4) {
            host = ipv4((int) Bytes.u32be(p, addr));
        } else {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < IPV6; i += 2) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(Bytes.u16be(p, addr + i)));
            }
            host = sb.append(']').toString();
        }
        return host + ":" + Bytes.u16be(p, portAt);
    }

    /** Dotted-quad form of a big-endian IPv4 address. */
    static String ipv4(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }
}
