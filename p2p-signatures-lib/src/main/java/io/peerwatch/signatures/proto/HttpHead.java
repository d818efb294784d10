package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Allocation-free helpers for the HTTP-framed parts of legacy P2P protocols (Gnutella and
 * FastTrack downloads, GWebCache, Ares transfers): where the header block ends and whether a
 * header line starts with one of a set of names. The {@code value}/{@code requestTarget}
 * methods allocate and are for {@code describe} only.
 *
 * <p>Header syntax: RFC 9112 section 5 (field lines after the start line, each ending in CRLF,
 * the block ending with an empty line).
 */
final class HttpHead {

    /** How far into a packet header scans go: request heads of these clients fit in one segment. */
    static final int MAX_HEAD = 4096;

    private static final byte[] GET = Bytes.ascii("GET ");
    private static final byte[] HEAD = Bytes.ascii("HEAD ");
    private static final byte[] HTTP1 = Bytes.ascii("HTTP/1.");

    private HttpHead() {
    }

    /** Offset of the request target after "GET " or "HEAD ", or -1 when not such a request. */
    static int requestTarget(ByteBuffer b) {
        if (Bytes.startsWith(b, GET)) {
            return GET.length;
        }
        return Bytes.startsWith(b, HEAD) ? HEAD.length : -1;
    }

    /** True when the payload starts with an HTTP/1.x status line. */
    static boolean isResponse(ByteBuffer b) {
        return Bytes.startsWith(b, HTTP1);
    }

    /** End of the first line (index of its CR or LF), or -1 when not within the scan window. */
    static int lineEnd(ByteBuffer b, int from) {
        int end = Math.min(b.limit(), MAX_HEAD);
        for (int i = from; i < end; i++) {
            byte c = b.get(i);
            if (c == '\r' || c == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** End of the header block (index after CRLFCRLF), or the scan limit when it is not complete. */
    static int blockEnd(ByteBuffer b) {
        int end = completeBlockEnd(b);
        return end < 0 ? Math.min(b.limit(), MAX_HEAD) : end;
    }

    /** End of the header block (index after CRLFCRLF), or -1 when it is not within the scan window. */
    static int completeBlockEnd(ByteBuffer b) {
        int end = Math.min(b.limit(), MAX_HEAD);
        for (int i = 3; i < end; i++) {
            if (b.get(i) == '\n' && b.get(i - 1) == '\r' && b.get(i - 2) == '\n' && b.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * True when a header line in {@code [0, end)} starts with one of {@code lowerNames} (lower case,
     * including the trailing colon or dash). Only lines whose name starts with {@code first}
     * (lower case) are compared, which keeps the scan cheap.
     */
    static boolean hasHeader(ByteBuffer b, int end, byte first, byte[][] lowerNames) {
        int stop = Math.min(end, b.limit()) - 1;
        for (int i = 0; i < stop; i++) {
            if (b.get(i) != '\n') {
                continue;
            }
            int c = b.get(i + 1) | 0x20;
            if (c != first) {
                continue;
            }
            for (byte[] name : lowerNames) {
                if (Bytes.atIgnoreCase(b, i + 1, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The trimmed value of the first header named {@code lowerName} ("user-agent:"), or null. */
    static String value(ByteBuffer b, int end, byte[] lowerName) {
        int stop = Math.min(end, b.limit());
        for (int i = 0; i + 1 < stop; i++) {
            if (b.get(i) == '\n' && Bytes.atIgnoreCase(b, i + 1, lowerName)) {
                int from = i + 1 + lowerName.length;
                int to = from;
                while (to < stop && b.get(to) != '\r' && b.get(to) != '\n') {
                    to++;
                }
                return Bytes.text(b, from, to).trim();
            }
        }
        return null;
    }

    /** The request target (path and query) of a GET/HEAD request, or null. */
    static String target(ByteBuffer b) {
        int from = requestTarget(b);
        if (from < 0) {
            return null;
        }
        int eol = lineEnd(b, from);
        if (eol < 0) {
            eol = Math.min(b.limit(), MAX_HEAD);
        }
        int sp = Bytes.indexOf(b, (byte) ' ', from, eol);
        return Bytes.text(b, from, sp < 0 ? eol : sp);
    }

    /** Percent-decodes a URL path segment (UTF-8); malformed escapes are kept as they are. */
    static String urlDecode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                byte[] raw = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** Lower-cases for case-insensitive comparisons of already extracted text. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
