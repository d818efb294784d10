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
    private static final int MAX_DEPTH = 4;

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
        walk(data, from, data.limit(), "", 0, out);
    }

    private static ByteBuffer inflate(ByteBuffer b, int off) {
        byte[] in = new byte[b.limit() - off];
        for (int i = 0; i < in.length; i++) {
            in[i] = b.get(off + i);
        }
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            byte[] out = new byte[MAX_INFLATED];
            int n = inf.inflate(out);
            return ByteBuffer.wrap(out, 0, n).slice();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    /** Walks sibling packets in {@code [off, end)}; {@code path} is the parent path like "/Q2". */
    private static void walk(ByteBuffer b, int off, int end, String path, int depth, Metadata out) {
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
            String name = path + "/" + Bytes.text(b, p + 1 + lenLen, body);
            int bodyEnd = (int) (body + len);
            int payload = body;
            if ((cb & COMPOUND) != 0) {
                walk(b, body, bodyEnd, name, depth + 1, out);
                payload = skipChildren(b, body, bodyEnd);
            }
            if (payload < bodyEnd && (name.equals("/Q2/DN") || name.equals("/QH2/H/DN"))) {
                out.put(name.startsWith("/Q2") ? MetadataKey.SEARCH : MetadataKey.FILE_NAME,
                        Utf8.of(b, payload, bodyEnd));
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
