package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;

/**
 * Walks a TLS ClientHello in the first segment of a flow to its ALPN and SNI extensions, for P2P
 * protocols that run over TLS and name themselves by ALPN (Direct Connect "adc"/"nmdc",
 * Syncthing "bep/1.0"). Allocation-free except {@link #describe}.
 *
 * <p>Layout: TLS record header (type 22, version 3.x, length), handshake header (type 1,
 * 24-bit length), client version, 32-byte random, session id, cipher suites, compression
 * methods, extensions (RFC 8446 section 4.1.2; RFC 5246 section 7.4.1.2). ALPN is extension 16
 * holding a 16-bit list length and 8-bit-length-prefixed protocol names (RFC 7301 section 3.1);
 * SNI is extension 0 (RFC 6066 section 3). A hello that continues in a later segment is not
 * reassembled: when the extensions are cut off, {@link #TRUNCATED} is returned.
 */
final class AlpnScan {

    /** Not a TLS ClientHello. */
    static final int NOT_HELLO = -1;
    /** A ClientHello without any of the wanted ALPN names. */
    static final int ABSENT = -2;
    /** A ClientHello cut off before its extensions end. */
    static final int TRUNCATED = -3;

    private static final int RECORD_HEADER = 5;
    private static final int RANDOM_END = 43;
    private static final int EXT_SNI = 0;
    private static final int EXT_ALPN = 16;

    private AlpnScan() {
    }

    /** Index in {@code wanted} of the first ALPN name offered that is wanted, or a negative code. */
    static int find(ByteBuffer b, byte[][] wanted) {
        int ext = extensionsStart(b);
        if (ext < 0) {
            return ext;
        }
        int end = ext + 2 + Bytes.u16be(b, ext);
        int off = ext + 2;
        while (off + 4 <= Math.min(end, b.limit())) {
            int type = Bytes.u16be(b, off);
            int len = Bytes.u16be(b, off + 2);
            if (type == EXT_ALPN) {
                return matchAlpn(b, off + 4, off + 4 + len, wanted);
            }
            off += 4 + len;
        }
        return end <= b.limit() ? ABSENT : TRUNCATED;
    }

    private static int matchAlpn(ByteBuffer b, int from, int to, byte[][] wanted) {
        int end = Math.min(to, b.limit());
        int off = from + 2;
        while (off < end) {
            int n = Bytes.u8(b, off);
            for (int w = 0; w < wanted.length; w++) {
                if (n == wanted[w].length && off + 1 + n <= end && Bytes.at(b, off + 1, wanted[w])) {
                    return w;
                }
            }
            off += 1 + n;
        }
        return to <= b.limit() ? ABSENT : TRUNCATED;
    }

    /** Offset of the extensions length field, or a negative code. */
    private static int extensionsStart(ByteBuffer b) {
        if (Bytes.u8(b, 0) != 0x16 || Bytes.u8(b, 1) != 0x03 || Bytes.u8(b, 2) > 0x04
                || Bytes.u8(b, RECORD_HEADER) != 0x01) {
            return NOT_HELLO;
        }
        int off = RANDOM_END;
        int sid = Bytes.u8(b, off);
        if (sid < 0) {
            return TRUNCATED;
        }
        off += 1 + sid;
        int suites = Bytes.u16be(b, off);
        if (suites < 0) {
            return TRUNCATED;
        }
        off += 2 + suites;
        int comp = Bytes.u8(b, off);
        if (comp < 0) {
            return TRUNCATED;
        }
        off += 1 + comp;
        return Bytes.u16be(b, off) < 0 ? TRUNCATED : off;
    }

    /** Adds the offered ALPN names and the SNI host name to {@code out}. Allocates. */
    static void describe(ByteBuffer b, Metadata out) {
        int ext = extensionsStart(b);
        if (ext < 0) {
            return;
        }
        int end = Math.min(ext + 2 + Bytes.u16be(b, ext), b.limit());
        int off = ext + 2;
        while (off + 4 <= end) {
            int type = Bytes.u16be(b, off);
            int len = Bytes.u16be(b, off + 2);
            int data = off + 4;
            if (type == EXT_ALPN) {
                int p = data + 2;
                while (p < Math.min(data + len, end)) {
                    int n = Bytes.u8(b, p);
                    out.put(MetadataKey.TLS_ALPN, Bytes.text(b, p + 1, Math.min(p + 1 + n, end)));
                    p += 1 + n;
                }
            } else if (type == EXT_SNI && Bytes.u8(b, data + 2) == 0) {
                int n = Bytes.u16be(b, data + 3);
                out.put(MetadataKey.TLS_SNI, Bytes.text(b, data + 5, Math.min(data + 5 + n, end)));
            }
            off = data + len;
        }
    }
}
