package io.peerwatch.core;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable IPv4 or IPv6 address held as 4 or 16 bytes in network order.
 *
 * <p>Unlike {@link java.net.InetAddress} it never resolves names and has value semantics
 * ({@code equals}/{@code hashCode} over the bytes). Text forms follow RFC 5952 for IPv6.
 *
 * <pre>{@code
 * IpAddress a = IpAddress.parse("198.18.0.10");
 * IpAddress b = IpAddress.of(new byte[] {(byte) 198, 18, 0, 10});
 * assert a.equals(b) && a.isV4();
 * }</pre>
 */
public final class IpAddress implements Comparable<IpAddress> {
    /**
     * log2 of the slots of the cache of IPv4 addresses {@link #ofV4} made last. Packets, flow
     * records and DNS messages name the same hosts again and again, and the window detectors key
     * by the address's text, which each address makes once: the cache saves both (a tenth of
     * classify's allocation on the reference capture, BENCHMARKS.md). Direct-mapped; a benign race
     * (a slot holds some immutable address or null), so it is shared by every thread.
     */
    private static final int V4_CACHE_BITS = 12;
    private static final IpAddress[] V4_CACHE = new IpAddress[1 << V4_CACHE_BITS];

    private final byte[] bytes;
    private final int hash;
    /**
     * The text, made on first use: the window detectors key by it, several times per address.
     * A benign race, as String's own hash: every thread computes the same immutable String.
     */
    private String text;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * Wraps a copy of the given 4 or 16 bytes.
     *
     * @param bytes the address in network order, 4 bytes (IPv4) or 16 (IPv6)
     * @return the address
     * @throws IllegalArgumentException if the length is neither 4 nor 16
     */
    public static IpAddress of(byte[] bytes) {
        if (bytes == null || (bytes.length != 4 && bytes.length != 16)) {
            throw new IllegalArgumentException(
                    "an IP address has 4 or 16 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        return new IpAddress(bytes.clone());
    }

    /**
     * Builds an IPv4 address from its 32-bit value.
     *
     * @param value the address as a 32-bit value, most significant byte first
     * @return the address
     */
    public static IpAddress ofV4(int value) {
        int slot = (value * 0x9E3779B9) >>> (Integer.SIZE - V4_CACHE_BITS);
        IpAddress cached = V4_CACHE[slot];
        if (cached != null && cached.v4Value() == value) {
            return cached;
        }
        IpAddress a = new IpAddress(new byte[] {
                (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        V4_CACHE[slot] = a;
        return a;
    }

    /**
     * Parses a literal IPv4 dotted quad or IPv6 address (no names, no zone ids, no brackets).
     *
     * @param text the literal
     * @return the address
     * @throws IllegalArgumentException naming the text when it is not an address literal
     */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        byte[] b = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
        if (b == null) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
        return new IpAddress(b);
    }

    private static byte[] parseV4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String s) {
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        String head = dc >= 0 ? s.substring(0, dc) : s;
        String tail = dc >= 0 ? s.substring(dc + 2) : "";
        int[] h = groups(head);
        int[] t = groups(tail);
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if ((dc < 0 && total != 8) || (dc >= 0 && total > 7)) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >>> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int g = 8 - t.length + i;
            out[2 * g] = (byte) (t[i] >>> 8);
            out[2 * g + 1] = (byte) t[i];
        }
        return out;
    }

    /** Splits colon groups; a trailing dotted quad counts as two groups. */
    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int last = parts.length - 1;
        boolean v4Tail = parts[last].indexOf('.') >= 0;
        int[] out = new int[parts.length + (v4Tail ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == last && v4Tail) {
                byte[] q = parseV4(p);
                if (q == null) {
                    return null;
                }
                out[i] = ((q[0] & 0xff) << 8) | (q[1] & 0xff);
                out[i + 1] = ((q[2] & 0xff) << 8) | (q[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = (v << 4) | d;
            }
            out[i] = v;
        }
        return out;
    }

    /** {@return true for a 4-byte address} */
    public boolean isV4() {
        return bytes.length == 4;
    }

    /** {@return a copy of the address bytes in network order} */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** {@return number of bytes: 4 or 16} */
    public int length() {
        return bytes.length;
    }

    /**
     * {@return the byte at {@code index} (0 = most significant), as 0..255}
     *
     * @param index 0 to {@link #length()} - 1
     */
    public int byteAt(int index) {
        return bytes[index] & 0xff;
    }

    /**
     * High 64 bits of an IPv6 address; 0 for IPv4. With {@link #lowBits()} the two-long form
     * packets and flow keys hold addresses in ({@code io.peerwatch.packet.IpPacket}).
     *
     * @return the high 64 bits as a long (0 for IPv4)
     */
    public long highBits() {
        return bytes.length == 4 ? 0 : bits(0);
    }

    /** {@return low 64 bits of an IPv6 address; the unsigned 32-bit value of an IPv4 address} */
    public long lowBits() {
        return bytes.length == 4 ? v4Value() & 0xffffffffL : bits(Long.BYTES);
    }

    private long bits(int from) {
        long v = 0;
        for (int i = from; i < from + Long.BYTES; i++) {
            v = (v << Byte.SIZE) | (bytes[i] & 0xff);
        }
        return v;
    }

    /**
     * {@return the 32-bit value of an IPv4 address}
     *
     * @throws IllegalStateException for IPv6
     */
    public int v4Value() {
        if (!isV4()) {
            throw new IllegalStateException("not an IPv4 address: " + this);
        }
        return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** IPv4 sorts before IPv6; then unsigned byte order. */
    @Override
    public int compareTo(IpAddress o) {
        if (bytes.length != o.bytes.length) {
            return Integer.compare(bytes.length, o.bytes.length);
        }
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Dotted quad, or RFC 5952 compressed IPv6. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = text();
            text = t;
        }
        return t;
    }

    private String text() {
        if (isV4()) {
            return byteAt(0) + "." + byteAt(1) + "." + byteAt(2) + "." + byteAt(3);
        }
        // RFC 5952: compress the longest run (>= 2) of zero groups, leftmost on ties.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(i) == 0) {
                int j = i;
                while (j < 8 && group(j) == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(i)));
        }
        return sb.toString();
    }

    private int group(int i) {
        return ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }

    /** {@return lower-case hex of the bytes, for logs of malformed input} */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }
}
