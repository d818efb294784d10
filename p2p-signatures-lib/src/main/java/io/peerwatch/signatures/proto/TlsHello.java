package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;

/**
 * Allocation-free reading of a TLS ClientHello at the start of a TCP payload, shared by the
 * TLS, TLS-tunnel and Tor signatures.
 *
 * <p>Layout (RFC 8446 §4.1.2 and §5.1, RFC 5246 §7.4.1.2): record header {@code type(1)=22
 * version(2) length(2)}; handshake header {@code type(1)=1 length(3)}; {@code
 * legacy_version(2) random(32) session_id<0..32> cipher_suites<2..2^16-2>
 * compression_methods<1..2^8-1> extensions<8..2^16-1>}; each extension {@code type(2)
 * length(2) data}. Extensions used here: server_name (0, RFC 6066 §3), ALPN (16, RFC 7301
 * §3.1), supported_versions (43, RFC 8446 §4.2.1).
 *
 * <p>A ClientHello may be cut by the TCP segment or the snap length; lookups then say
 * {@link #UNKNOWN} rather than guessing "absent".
 */
final class TlsHello {

    static final int CONTENT_CHANGE_CIPHER_SPEC = 20;
    static final int CONTENT_HANDSHAKE = 22;
    static final int CONTENT_APPLICATION_DATA = 23;
    static final int HANDSHAKE_CLIENT_HELLO = 1;
    static final int HANDSHAKE_SERVER_HELLO = 2;
    static final int EXT_SERVER_NAME = 0;
    static final int EXT_ALPN = 16;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int VERSION_TLS13 = 0x0304;
    /** The extension is not in the (complete) extension block. */
    static final int ABSENT = -1;
    /** The hello was cut before the extension could be found or ruled out. */
    static final int UNKNOWN = -2;

    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE_HEADER = 4;
    private static final int RANDOM = 32;
    private static final int MAX_SESSION_ID = 32;
    private static final int MAJOR_VERSION = 3;
    private static final int MAX_MINOR_VERSION = 4;
    private static final int MAX_RECORD = (1 << 14) + 2048;
    private static final int HOST_NAME_TYPE = 0;
    private static final int SSL2_LENGTH_FLAG = 0x80;

    private TlsHello() {
    }

    /** True when the payload starts with a TLS record header of {@code contentType}. */
    static boolean isRecord(ByteBuffer b, int contentType) {
        return b.limit() >= RECORD_HEADER && (b.get(0) & 0xff) == contentType && b.get(1) == MAJOR_VERSION
                && (b.get(2) & 0xff) <= MAX_MINOR_VERSION && Bytes.u16be(b, 3) > 0 && Bytes.u16be(b, 3) <= MAX_RECORD;
    }

    /** True when the payload starts with a record of any TLS content type (20..23). */
    static boolean isAnyRecord(ByteBuffer b) {
        int type = Bytes.u8(b, 0);
        return type >= CONTENT_CHANGE_CIPHER_SPEC && type <= CONTENT_APPLICATION_DATA && isRecord(b, type);
    }

    /**
     * True for an SSL 2.0-compatible ClientHello (RFC 5246 Appendix E.2): 2-byte length with
     * the top bit set, msg_type 1, version 3.x.
     */
    static boolean isSsl2ClientHello(ByteBuffer b) {
        return (Bytes.u8(b, 0) & SSL2_LENGTH_FLAG) != 0 && Bytes.u8(b, 2) == HANDSHAKE_CLIENT_HELLO
                && Bytes.u8(b, 3) == MAJOR_VERSION && Bytes.u8(b, 4) >= 0 && Bytes.u8(b, 4) <= MAX_MINOR_VERSION;
    }

    /** True when the payload starts with a handshake record whose first message is {@code type}. */
    static boolean isHandshake(ByteBuffer b, int type) {
        return isRecord(b, CONTENT_HANDSHAKE) && Bytes.u8(b, RECORD_HEADER) == type;
    }

    /** True when the payload starts with a ClientHello record. */
    static boolean isClientHello(ByteBuffer b) {
        return isHandshake(b, HANDSHAKE_CLIENT_HELLO);
    }

    /**
     * Offset of the ClientHello's cipher_suites length field (the list follows it), or -1 when
     * the hello is cut before it.
     */
    static int cipherSuites(ByteBuffer b) {
        int off = RECORD_HEADER + HANDSHAKE_HEADER + 2 + RANDOM;
        int sid = Bytes.u8(b, off);
        if (sid < 0 || sid > MAX_SESSION_ID || Bytes.u16be(b, off + 1 + sid) < 0) {
            return -1;
        }
        return off + 1 + sid;
    }

    /** Offset of the first extension header, or -1 when the hello is cut before its extensions. */
    static int extensionsStart(ByteBuffer b) {
        int off = RECORD_HEADER + HANDSHAKE_HEADER + 2 + RANDOM;
        int sid = Bytes.u8(b, off);
        if (sid < 0 || sid > MAX_SESSION_ID) {
            return -1;
        }
        off += 1 + sid;
        int suites = Bytes.u16be(b, off);
        if (suites < 0) {
            return -1;
        }
        off += 2 + suites;
        int compression = Bytes.u8(b, off);
        if (compression < 0) {
            return -1;
        }
        off += 1 + compression;
        return Bytes.u16be(b, off) < 0 ? -1 : off + 2;
    }

    /**
     * Offset of the data of extension {@code type} (just after its 4-byte header), or
     * {@link #ABSENT}, or {@link #UNKNOWN} when the hello is cut first.
     */
    static int find(ByteBuffer b, int type) {
        int off = extensionsStart(b);
        if (off < 0) {
            return UNKNOWN;
        }
        int end = off + Bytes.u16be(b, off - 2);
        while (off + 4 <= end) {
            int t = Bytes.u16be(b, off);
            int len = Bytes.u16be(b, off + 2);
            if (t < 0 || len < 0) {
                return UNKNOWN;
            }
            if (t == type) {
                return off + 4;
            }
            off += 4 + len;
        }
        return end <= b.limit() ? ABSENT : UNKNOWN;
    }

    /** Offset of the host name in a server_name extension at {@code ext}, or -1. */
    static int sniOffset(ByteBuffer b, int ext) {
        if (ext < 0 || Bytes.u8(b, ext + 2) != HOST_NAME_TYPE) {
            return -1;
        }
        int len = Bytes.u16be(b, ext + 3);
        return len > 0 && ext + 5 + len <= b.limit() ? ext + 5 : -1;
    }

    /** Length of the host name whose offset {@link #sniOffset} returned. */
    static int sniLength(ByteBuffer b, int nameOffset) {
        return Bytes.u16be(b, nameOffset - 2);
    }

    /** The ALPN protocol names of the extension at {@code ext}, comma separated; allocates. */
    static String alpnList(ByteBuffer b, int ext) {
        StringBuilder sb = new StringBuilder();
        int end = Math.min(b.limit(), ext + 2 + Math.max(0, Bytes.u16be(b, ext)));
        int off = ext + 2;
        while (ext >= 0 && off < end) {
            int len = Bytes.u8(b, off);
            if (len <= 0 || off + 1 + len > end) {
                break;
            }
            sb.append(sb.length() == 0 ? "" : ",").append(Bytes.text(b, off + 1, off + 1 + len));
            off += 1 + len;
        }
        return sb.toString();
    }

    /** The SNI host name, or the empty string; allocates. */
    static String sni(ByteBuffer b) {
        int name = sniOffset(b, find(b, EXT_SERVER_NAME));
        return name < 0 ? "" : Bytes.text(b, name, name + sniLength(b, name));
    }

    /** The ALPN list, or the empty string; allocates. */
    static String alpn(ByteBuffer b) {
        int ext = find(b, EXT_ALPN);
        return ext < 0 ? "" : alpnList(b, ext);
    }
}
