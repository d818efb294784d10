package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The Gnutella2 packet tree (G2 developer network, "Packet Structure",
 * https://g2.doxu.org/index.php/Packet_Structure). A packet starts with a control byte: bits 7-6
 * length-field width (0..3 bytes), bits 5-3 name length minus one, bit 2 compound (children
 * precede the payload, ended by a 0x00 byte or the packet end), bit 1 big-endian length; then
 * the length, the ASCII name and the payload. A UDP datagram holds exactly one root packet.
 */
final class G2Packets {

    private static final int COMPOUND = 0x04;
    private static final int BIG_ENDIAN = 0x02;
    /** Decompressed datagrams larger than this are not described (G2 datagrams are under 64 KiB). */
    private static final int MAX_INFLATED = 65536;
    private static final int INITIAL_INFLATED = 1024;
    private static final int MAX_DEPTH = 4;
    /** Paths that lead to described names: /Q2/DN (search), /QH2/H/DN (hit file name). */
    private static final int ROOT = 0;
    private static final int Q2_NODE = 1;
    private static final int Q2_DN = 2;
    private static final int QH2_NODE = 3;
    private static final int QH2_H = 4;
    private static final int QH2_H_DN = 5;
    private static final int OTHER = -1;
    private static final byte[] Q2 = Bytes.ascii("Q2");
    private static final byte[] QH2 = Bytes.ascii("QH2");
    private static final byte[] H = Bytes.ascii("H");
    private static final byte[] DN = Bytes.ascii("DN");

    private G2Packets() {
    }

    /** True when {@code [off, end)} is exactly one G2 packet with a plausible name. */
    static boolean isPacket(ByteBuffer b, int off, int end) {
        int cb = Bytes.u8(b, off);
        if (cb <= 0) {
            return false;
        }
        int lenLen = cb >>> 6;
        int nameLen = ((cb >>> 3) & 7) + 1;
        long len = length(b, off + 1, lenLen, (cb & BIG_ENDIAN) != 0);
        int name = off + 1 + lenLen;
        for (int i = name; i < name + nameLen; i++) {
            int c = Bytes.u8(b, i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return len >= 0 && name + nameLen + len == end;
    }

    private static long length(ByteBuffer b, int off, int width, boolean bigEndian) {
        long v = 0;
        for (int k = 0; k < width; k++) {
            int x = Bytes.u8(b, off + k);
            if (x < 0) {
                return -1;
            }
            v = bigEndian ? (v << 8) | x : v | ((long) x << (8 * k));
        }
        return v;
    }

    /** Describes the root packet at {@code off}: Q2 search names, QH2 hit names. Allocates. */
    static void describe(ByteBuffer b, int off, boolean deflated, Metadata out) {
        ByteBuffer data = b;
        int from = off;
        if (deflated) {
            data = inflate(b, off);
            from = 0;
            if (data == null) {
                return;
            }
        }
        walk(data, from, data.limit(), ROOT, 0, out);
    }

    private static ByteBuffer inflate(ByteBuffer b, int off) {
        byte[] in = new byte[b.limit() - off];
        b.get(off, in);
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            // Start small (queries and hits are a few hundred bytes) and grow up to the cap.
            byte[] out = new byte[Math.min(MAX_INFLATED, Math.max(INITIAL_INFLATED, 4 * in.length))];
            int n = inf.inflate(out);
            while (!inf.finished() && !inf.needsInput() && !inf.needsDictionary() && out.length < MAX_INFLATED) {
                out = java.util.Arrays.copyOf(out, Math.min(MAX_INFLATED, 4 * out.length));
                n += inf.inflate(out, n, out.length - n);
            }
            return ByteBuffer.wrap(out, 0, n).slice();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    /** The parent's path, as one of the few paths that lead to a described name. */
    private static int child(int parent, ByteBuffer b, int name, int nameLen) {
        return switch (parent) {
            case ROOT -> Bytes.at(b, name, Q2) && nameLen == Q2.length ? Q2_NODE
                    : Bytes.at(b, name, QH2) && nameLen == QH2.length ? QH2_NODE : OTHER;
            case Q2_NODE -> Bytes.at(b, name, DN) && nameLen == DN.length ? Q2_DN : OTHER;
            case QH2_NODE -> Bytes.at(b, name, H) && nameLen == H.length ? QH2_H : OTHER;
            case QH2_H -> Bytes.at(b, name, DN) && nameLen == DN.length ? QH2_H_DN : OTHER;
            default -> OTHER;
        };
    }

    /** Walks sibling packets in {@code [off, end)}; {@code path} is the parent (ROOT, Q2_NODE, ...). */
    private static void walk(ByteBuffer b, int off, int end, int path, int depth, Metadata out) {
        int p = off;
        while (p < end && depth < MAX_DEPTH) {
            int cb = Bytes.u8(b, p);
            if (cb <= 0) {
                return;
            }
            int lenLen = cb >>> 6;
            int nameLen = ((cb >>> 3) & 7) + 1;
            long len = length(b, p + 1, lenLen, (cb & BIG_ENDIAN) != 0);
            int body = p + 1 + lenLen + nameLen;
            if (len < 0 || body + len > end) {
                return;
            }
            int node = child(path, b, p + 1 + lenLen, nameLen);
            int bodyEnd = (int) (body + len);
            int payload = body;
            if ((cb & COMPOUND) != 0) {
                if (node != OTHER) {
                    walk(b, body, bodyEnd, node, depth + 1, out);
                }
                payload = skipChildren(b, body, bodyEnd);
            }
            if (payload < bodyEnd && (node == Q2_DN || node == QH2_H_DN)) {
                out.put(node == Q2_DN ? MetadataKey.SEARCH : MetadataKey.FILE_NAME, Bytes.utf8(b, payload, bodyEnd));
            }
            p = bodyEnd;
        }
    }

    /** Offset of the payload after the children of a compound packet body. */
    private static int skipChildren(ByteBuffer b, int off, int end) {
        int p = off;
        while (p < end) {
            int cb = Bytes.u8(b, p);
            if (cb == 0) {
                return p + 1;
            }
            int lenLen = cb >>> 6;
            long len = length(b, p + 1, lenLen, (cb & BIG_ENDIAN) != 0);
            if (len < 0) {
                return end;
            }
            p += (int) (1 + lenLen + ((cb >>> 3) & 7) + 1 + len);
        }
        return end;
    }
}
