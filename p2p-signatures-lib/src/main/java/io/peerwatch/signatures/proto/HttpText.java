package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import java.nio.ByteBuffer;

/**
 * Text helpers for HTTP/1.x messages (RFC 9112 §3 request line, §5 header fields), shared by
 * the HTTP, HTTP CONNECT, httptunnel and SOCKS signatures. {@link #isToken}/{@link #lineEnd}
 * are allocation-free; the extractors allocate and are for {@code describe} only.
 */
final class HttpText {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HTTP1 = Bytes.ascii("HTTP/1.");
    /** Bytes scanned for header fields: the head of a request is rarely larger. */
    static final int MAX_HEAD = 8192;

    /** Request methods of RFC 9110 §9 plus PATCH (RFC 5789) and common WebDAV (RFC 4918). */
    private static final byte[][] METHODS = {
        Bytes.ascii("GET "), Bytes.ascii("POST "), Bytes.ascii("HEAD "), Bytes.ascii("PUT "),
        Bytes.ascii("DELETE "), Bytes.ascii("OPTIONS "), Bytes.ascii("CONNECT "), Bytes.ascii("TRACE "),
        Bytes.ascii("PATCH "), Bytes.ascii("PROPFIND "), Bytes.ascii("PROPPATCH "), Bytes.ascii("MKCOL "),
        Bytes.ascii("COPY "), Bytes.ascii("MOVE "), Bytes.ascii("LOCK "), Bytes.ascii("UNLOCK "),
    };
    private static final byte[] HOST = Bytes.ascii("host:");

    private HttpText() {
    }

    /** Length of the {@code "METHOD "} prefix when the payload starts with a known method, else -1. */
    static int methodLength(ByteBuffer b) {
        int first = Bytes.u8(b, 0);
        if (first < 'C' || first > 'U') {
            return -1;
        }
        for (byte[] m : METHODS) {
            if (m[0] == first && Bytes.startsWith(b, m)) {
                return m.length;
            }
        }
        return -1;
    }

    /** Adds the Host header of an HTTP request payload as {@link MetadataKey#HTTP_HOST}; allocates. */
    static void putRequestHost(ByteBuffer b, Metadata out) {
        if (methodLength(b) > 0) {
            out.put(MetadataKey.HTTP_HOST, header(b, HOST));
        }
    }

    /** Offset of the first CR LF at or after {@code from}, or -1 when not in the payload. */
    static int lineEnd(ByteBuffer b, int from) {
        return Bytes.indexOf(b, CRLF, from, Math.min(b.limit(), from + MAX_HEAD));
    }

    /** True when {@code [from, to)} ends with {@code " HTTP/1.x"} (x a digit), the space at or after {@code from}. */
    static boolean endsWithHttpVersion(ByteBuffer b, int from, int to) {
        int v = to - HTTP1.length - 2;
        return v >= from && b.get(v) == ' ' && Bytes.at(b, v + 1, HTTP1) && isDigit(b, to - 1);
    }

    /** True when the payload starts with a status line {@code HTTP/1.x NNN}. */
    static boolean isStatusLine(ByteBuffer b) {
        return Bytes.startsWith(b, HTTP1) && isDigit(b, HTTP1.length) && Bytes.u8(b, HTTP1.length + 1) == ' '
                && isDigit(b, HTTP1.length + 2) && isDigit(b, HTTP1.length + 3) && isDigit(b, HTTP1.length + 4);
    }

    /** The 3-digit status code of a status line, or -1. */
    static int statusCode(ByteBuffer b) {
        if (!isStatusLine(b)) {
            return -1;
        }
        int off = HTTP1.length + 2;
        return (b.get(off) - '0') * 100 + (b.get(off + 1) - '0') * 10 + (b.get(off + 2) - '0');
    }

    private static boolean isDigit(ByteBuffer b, int i) {
        int c = Bytes.u8(b, i);
        return c >= '0' && c <= '9';
    }

    /** True when {@code [from, to)} holds only visible ASCII (a request target or authority). */
    static boolean isVisible(ByteBuffer b, int from, int to) {
        if (from >= to || to > b.limit()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b.get(i) & 0xff;
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The request target (between the first two spaces of line 1), or "". */
    static String requestTarget(ByteBuffer b) {
        int end = lineEnd(b, 0);
        end = end < 0 ? Math.min(b.limit(), MAX_HEAD) : end;
        int s1 = Bytes.indexOf(b, (byte) ' ', 0, end);
        if (s1 < 0) {
            return "";
        }
        int s2 = Bytes.indexOf(b, (byte) ' ', s1 + 1, end);
        return Bytes.text(b, s1 + 1, s2 < 0 ? end : s2);
    }

    /**
     * The value of header {@code lowerName} (given with its colon, e.g. {@code "host:"}),
     * trimmed, or "" when absent. Looks at line starts only.
     */
    static String header(ByteBuffer b, byte[] lowerName) {
        int limit = Math.min(b.limit(), MAX_HEAD);
        int line = 0;
        while (line >= 0 && line < limit) {
            if (Bytes.atIgnoreCase(b, line, lowerName)) {
                int end = lineEnd(b, line);
                return Bytes.text(b, line + lowerName.length, end < 0 ? limit : end).trim();
            }
            int end = lineEnd(b, line);
            line = end < 0 ? -1 : end + 2;
        }
        return "";
    }
}
