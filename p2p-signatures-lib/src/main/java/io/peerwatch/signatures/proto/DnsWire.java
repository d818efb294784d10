package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;

/**
 * Allocation-free reading of DNS messages (RFC 1035 §4.1): the 12-byte header {@code id(2)
 * flags(2) qdcount(2) ancount(2) nscount(2) arcount(2)} and names as length-prefixed labels
 * (at most 63 bytes each, 255 in total, §2.3.4) ending in a zero byte or a compression
 * pointer (two top bits set, §4.1.4). Shared by the DNS and DNS-tunnel signatures.
 */
final class DnsWire {

    static final int HEADER = 12;
    static final int QTYPE_NULL = 10;
    static final int QTYPE_TXT = 16;
    static final int MAX_LABEL = 63;
    static final int MAX_NAME = 255;

    private static final int POINTER = 0xC0;
    private static final int MAX_LABELS = MAX_NAME / 2;

    private DnsWire() {
    }

    /** Flags word of the message at {@code base}, or -1. */
    static int flags(ByteBuffer b, int base) {
        return Bytes.u16be(b, base + 2);
    }

    /** True for a response (QR bit). */
    static boolean isResponse(int flags) {
        return (flags & 0x8000) != 0;
    }

    /** Operation code (RFC 1035 §4.1.1; 0 query, 2 status, 4 notify, 5 update). */
    static int opcode(int flags) {
        return (flags >>> 11) & 0xF;
    }

    /** The reserved Z bit of RFC 1035 §4.1.1 (bit 0x40 of the flags); must be zero. */
    static boolean reservedBitSet(int flags) {
        return (flags & 0x40) != 0;
    }

    /** Offset just past the name at {@code off}, or -1 when malformed or cut. */
    static int skipName(ByteBuffer b, int off) {
        int total = 0;
        for (int labels = 0; labels <= MAX_LABELS; labels++) {
            int len = Bytes.u8(b, off);
            if (len < 0) {
                return -1;
            }
            if (len == 0) {
                return off + 1;
            }
            if ((len & POINTER) == POINTER) {
                return Bytes.u8(b, off + 1) < 0 ? -1 : off + 2;
            }
            if (len > MAX_LABEL) {
                return -1;
            }
            total += len + 1;
            if (total > MAX_NAME) {
                return -1;
            }
            off += 1 + len;
        }
        return -1;
    }

    /** The dotted name at {@code off} (uncompressed part only); allocates. */
    static String name(ByteBuffer b, int off) {
        StringBuilder sb = new StringBuilder();
        int end = skipName(b, off);
        while (end > 0) {
            int len = Bytes.u8(b, off);
            if (len <= 0 || (len & POINTER) == POINTER) {
                break;
            }
            sb.append(sb.length() == 0 ? "" : ".").append(Bytes.text(b, off + 1, off + 1 + len));
            off += 1 + len;
        }
        return sb.toString();
    }
}
