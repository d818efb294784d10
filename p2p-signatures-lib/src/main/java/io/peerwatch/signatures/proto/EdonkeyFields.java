package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;

/**
 * eDonkey2000/eMule field encodings shared by the TCP, UDP and Kad signatures (eMule Protocol
 * Specification, Kulbak &amp; Bickson, 2005, sections 6.1-6.3; tag and search-tree constants as in
 * eMule's {@code opcodes.h}). All integers are little-endian.
 *
 * <p>Tags: a type byte; when its bit 7 is set the name is a single id byte ("new tags"), else a
 * 16-bit name length and the name; then the value: 0x01 hash (16), 0x02 string (16-bit length),
 * 0x03 uint32, 0x04 float32, 0x05 bool, 0x06 bool array (16-bit bit count), 0x07 blob (32-bit
 * length), 0x08 uint16, 0x09 uint8, 0x0A bsob (8-bit length), 0x0B uint64, 0x11..0x20 string of
 * (type - 0x10) bytes.
 *
 * <p>Search trees: 0x00 + operator (0 AND, 1 OR, 2 NOT) followed by two subtrees; 0x01 string
 * term (16-bit length); 0x02 string meta term (string, then 16-bit tag-name length and name);
 * 0x03 numeric term (uint32, operator byte, tag name); 0x08 numeric term with uint64.
 */
final class EdonkeyFields {

    static final int TAG_HASH = 0x01;
    static final int TAG_STRING = 0x02;
    static final int TAG_UINT32 = 0x03;
    static final int TAG_FLOAT = 0x04;
    static final int TAG_BOOL = 0x05;
    static final int TAG_BOOLARRAY = 0x06;
    static final int TAG_BLOB = 0x07;
    static final int TAG_UINT16 = 0x08;
    static final int TAG_UINT8 = 0x09;
    static final int TAG_BSOB = 0x0A;
    static final int TAG_UINT64 = 0x0B;
    static final int TAG_STR1 = 0x11;
    static final int TAG_STR16 = 0x20;
    private static final int NEW_TAG = 0x80;
    private static final int HASH = 16;
    /** Trees deeper than this are treated as not eDonkey (clients build a handful of terms). */
    private static final int MAX_TREE_NODES = 64;

    private EdonkeyFields() {
    }

    /** Offset where the tag value starts, or -1; {@code nameId} receives the one-byte name or -1. */
    static int valueStart(ByteBuffer b, int off, int[] nameId) {
        int t = Bytes.u8(b, off);
        if (t < 0) {
            return -1;
        }
        if ((t & NEW_TAG) != 0) {
            nameId[0] = Bytes.u8(b, off + 1);
            return off + 2;
        }
        int n = Bytes.u16le(b, off + 1);
        if (n < 0) {
            return -1;
        }
        nameId[0] = n == 1 ? Bytes.u8(b, off + 3) : -1;
        return off + 3 + n;
    }

    /** The value type of the tag at {@code off}. */
    static int type(ByteBuffer b, int off) {
        return Bytes.u8(b, off) & ~NEW_TAG;
    }

    /** Offset after the value of type {@code type} at {@code v}, or -1 for an unknown type or overrun. */
    static int valueEnd(ByteBuffer b, int type, int v) {
        int end = switch (type) {
            case TAG_HASH -> v + HASH;
            case TAG_STRING -> Bytes.u16le(b, v) < 0 ? -1 : v + 2 + Bytes.u16le(b, v);
            case TAG_UINT32, TAG_FLOAT -> v + 4;
            case TAG_BOOL, TAG_UINT8 -> v + 1;
            case TAG_BOOLARRAY -> Bytes.u16le(b, v) < 0 ? -1 : v + 2 + (Bytes.u16le(b, v) + 7) / 8;
            case TAG_BLOB -> Bytes.u32le(b, v) < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, v + 4 + Bytes.u32le(b, v));
            case TAG_UINT16 -> v + 2;
            case TAG_BSOB -> Bytes.u8(b, v) < 0 ? -1 : v + 1 + Bytes.u8(b, v);
            case TAG_UINT64 -> v + 8;
            default -> type >= TAG_STR1 && type <= TAG_STR16 ? v + type - TAG_STR1 + 1 : -1;
        };
        return end > b.limit() ? -1 : end;
    }

    /** Offset after {@code count} well-formed tags at {@code off}, or -1. Allocation-free. */
    static int tagsEnd(ByteBuffer b, int off, long count) {
        int p = off;
        for (long i = 0; i < count && p >= 0; i++) {
            int t = Bytes.u8(b, p);
            if (t < 0) {
                return -1;
            }
            int v;
            if ((t & NEW_TAG) != 0) {
                v = p + 2;
            } else {
                int n = Bytes.u16le(b, p + 1);
                v = n < 0 ? -1 : p + 3 + n;
            }
            p = v < 0 ? -1 : valueEnd(b, t & ~NEW_TAG, v);
        }
        return p;
    }

    /** Offset after a complete search tree at {@code off} within {@code end}, or -1. Allocation-free. */
    static int treeEnd(ByteBuffer b, int off, int end) {
        int p = off;
        int pending = 1;
        for (int nodes = 0; pending > 0; nodes++) {
            if (nodes > MAX_TREE_NODES || p >= end) {
                return -1;
            }
            int kind = Bytes.u8(b, p);
            switch (kind) {
                case 0x00 -> {
                    if (Bytes.u8(b, p + 1) > 2) {
                        return -1;
                    }
                    p += 2;
                    pending += 1;
                    continue;
                }
                case 0x01 -> p = string(b, p + 1);
                case 0x02 -> p = string(b, string(b, p + 1));
                case 0x03 -> p = string(b, p + 1 + 4 + 1);
                case 0x08 -> p = string(b, p + 1 + 8 + 1);
                default -> {
                    return -1;
                }
            }
            if (p < 0 || p > end) {
                return -1;
            }
            pending--;
        }
        return p;
    }

    /** Offset after a 16-bit-length string at {@code off}, or -1. */
    static int string(ByteBuffer b, int off) {
        int n = off < 0 ? -1 : Bytes.u16le(b, off);
        return n < 0 || off + 2 + n > b.limit() ? -1 : off + 2 + n;
    }
}
