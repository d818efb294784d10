package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Allocation-free byte helpers for signatures: bounds-checked absolute reads and ASCII
 * matching. Every method treats {@code [0, buf.limit())} as the payload and never changes
 * position or limit. Out-of-range reads return -1 (numbers) or false (matches).
 */
final class Bytes {

    private Bytes() {
    }

    /** ASCII bytes of a literal, for static final signature constants. */
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Unsigned byte at {@code i}, or -1 when out of range. */
    static int u8(ByteBuffer b, int i) {
        return i >= 0 && i < b.limit() ? b.get(i) & 0xff : -1;
    }

    /** Big-endian unsigned 16-bit value at {@code i}, or -1. */
    static int u16be(ByteBuffer b, int i) {
        return i >= 0 && i + 2 <= b.limit() ? ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff) : -1;
    }

    /** Little-endian unsigned 16-bit value at {@code i}, or -1. */
    static int u16le(ByteBuffer b, int i) {
        return i >= 0 && i + 2 <= b.limit() ? (b.get(i) & 0xff) | ((b.get(i + 1) & 0xff) << 8) : -1;
    }

    /** Big-endian unsigned 32-bit value at {@code i}, or -1. */
    static long u32be(ByteBuffer b, int i) {
        if (i < 0 || i + 4 > b.limit()) {
            return -1;
        }
        return ((long) (b.get(i) & 0xff) << 24) | ((b.get(i + 1) & 0xff) << 16) | ((b.get(i + 2) & 0xff) << 8)
                | (b.get(i + 3) & 0xff);
    }

    /** Little-endian unsigned 32-bit value at {@code i}, or -1. */
    static long u32le(ByteBuffer b, int i) {
        if (i < 0 || i + 4 > b.limit()) {
            return -1;
        }
        return (b.get(i) & 0xff) | ((b.get(i + 1) & 0xff) << 8) | ((b.get(i + 2) & 0xff) << 16)
                | ((long) (b.get(i + 3) & 0xff) << 24);
    }

    /** True when the payload holds {@code lit} at {@code off}. */
    static boolean at(ByteBuffer b, int off, byte[] lit) {
        if (off < 0 || off + lit.length > b.limit()) {
            return false;
        }
        for (int k = 0; k < lit.length; k++) {
            if (b.get(off + k) != lit[k]) {
                return false;
            }
        }
        return true;
    }

    /** True when the payload starts with {@code lit}. */
    static boolean startsWith(ByteBuffer b, byte[] lit) {
        return at(b, 0, lit);
    }

    /** ASCII case-insensitive {@link #at}; {@code lit} must be lower case. */
    static boolean atIgnoreCase(ByteBuffer b, int off, byte[] lowerLit) {
        if (off < 0 || off + lowerLit.length > b.limit()) {
            return false;
        }
        for (int k = 0; k < lowerLit.length; k++) {
            int c = b.get(off + k);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerLit[k]) {
                return false;
            }
        }
        return true;
    }

    /** First index of {@code needle} within {@code [from, to)}, or -1. */
    static int indexOf(ByteBuffer b, byte[] needle, int from, int to) {
        int end = Math.min(to, b.limit()) - needle.length;
        for (int i = Math.max(0, from); i <= end; i++) {
            if (b.get(i) == needle[0] && at(b, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    /** Case-insensitive {@link #indexOf}; {@code needle} must be lower case. */
    static int indexOfIgnoreCase(ByteBuffer b, byte[] lowerNeedle, int from, int to) {
        int end = Math.min(to, b.limit()) - lowerNeedle.length;
        int first = lowerNeedle[0];
        for (int i = Math.max(0, from); i <= end; i++) {
            int c = b.get(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c == first && atIgnoreCase(b, i, lowerNeedle)) {
                return i;
            }
        }
        return -1;
    }

    /** First index of byte {@code v} within {@code [from, to)}, or -1. */
    static int indexOf(ByteBuffer b, byte v, int from, int to) {
        int end = Math.min(to, b.limit());
        for (int i = Math.max(0, from); i < end; i++) {
            if (b.get(i) == v) {
                return i;
            }
        }
        return -1;
    }

    /** True when every byte in {@code [from, to)} is printable ASCII, tab, CR or LF. */
    static boolean isText(ByteBuffer b, int from, int to) {
        if (from < 0 || to > b.limit()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b.get(i) & 0xff;
            if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes {@code [from, to)} (clamped to the payload) as ISO-8859-1 text. Allocates: for
     * {@code describe} only, never in {@code inspect}.
     */
    static String text(ByteBuffer b, int from, int to) {
        return decode(b, from, to, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes {@code [from, to)} (clamped to the payload) as UTF-8; malformed bytes become
     * U+FFFD. Allocates: for {@code describe} only, never in {@code inspect}.
     */
    static String utf8(ByteBuffer b, int from, int to) {
        return decode(b, from, to, StandardCharsets.UTF_8);
    }

    private static String decode(ByteBuffer b, int from, int to, Charset charset) {
        int start = Math.max(0, from);
        int end = Math.min(to, b.limit());
        if (end <= start) {
            return "";
        }
        byte[] out = new byte[end - start];
        for (int i = start; i < end; i++) {
            out[i - start] = b.get(i);
        }
        return new String(out, charset);
    }

    /** Lower-case hex of {@code [from, from+len)}; allocates, {@code describe} only. */
    static String hex(ByteBuffer b, int from, int len) {
        if (from < 0 || from + len > b.limit()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = from; i < from + len; i++) {
            sb.append(Character.forDigit((b.get(i) >> 4) & 0xf, 16)).append(Character.forDigit(b.get(i) & 0xf, 16));
        }
        return sb.toString();
    }
}
