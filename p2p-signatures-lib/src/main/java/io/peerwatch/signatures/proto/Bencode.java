package io.peerwatch.signatures.proto;

import java.nio.ByteBuffer;

/**
 * Allocation-free walking of bencoded values (BEP 3, "bencoding": {@code i<n>e} integers,
 * {@code <len>:<bytes>} strings, {@code l...e} lists, {@code d...e} dictionaries), as used by
 * DHT KRPC (BEP 5), tracker responses and the extension handshake (BEP 10).
 * <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>.
 *
 * <p>Positions are absolute indexes into the buffer; {@code end} bounds the walk. Results below
 * zero are {@link #TRUNCATED} (the value runs past {@code end}) or {@link #MALFORMED}.
 */
final class Bencode {

    /** The value continues past the end of the bytes at hand. */
    static final int TRUNCATED = -1;
    /** The bytes are not bencoding. */
    static final int MALFORMED = -2;
    /** Longest decimal length prefix accepted (a UDP datagram is shorter than 10^7 bytes). */
    private static final int MAX_LENGTH_DIGITS = 7;

    private Bencode() {
    }

    /** Index after the value starting at {@code pos}, or a negative result. */
    static int skip(ByteBuffer b, int pos, int end) {
        int depth = 0;
        do {
            if (pos >= end) {
                return TRUNCATED;
            }
            int c = b.get(pos);
            if (c == 'd' || c == 'l') {
                depth++;
                pos++;
                continue;
            }
            if (c == 'e') {
                if (depth == 0) {
                    return MALFORMED;
                }
                depth--;
                pos++;
            } else if (c == 'i') {
                pos = skipInteger(b, pos, end);
            } else {
                pos = stringEnd(b, pos, end);
            }
            if (pos < 0) {
                return pos;
            }
        } while (depth > 0);
        return pos;
    }

    /** Index after the integer {@code i<digits>e} at {@code pos}, or a negative result. */
    private static int skipInteger(ByteBuffer b, int pos, int end) {
        int i = pos + 1;
        if (i < end && b.get(i) == '-') {
            i++;
        }
        int digits = 0;
        while (i < end) {
            int c = b.get(i);
            if (c == 'e') {
                return digits > 0 ? i + 1 : MALFORMED;
            }
            if (c < '0' || c > '9') {
                return MALFORMED;
            }
            digits++;
            i++;
        }
        return TRUNCATED;
    }

    /** Index of the first content byte of the string at {@code pos}, or a negative result. */
    static int stringStart(ByteBuffer b, int pos, int end) {
        for (int i = pos; i < end && i <= pos + MAX_LENGTH_DIGITS; i++) {
            int c = b.get(i);
            if (c == ':') {
                return i > pos ? i + 1 : MALFORMED;
            }
            if (c < '0' || c > '9') {
                return MALFORMED;
            }
        }
        return end - pos > MAX_LENGTH_DIGITS ? MALFORMED : TRUNCATED;
    }

    /** Content length of the string at {@code pos} whose content starts at {@code start}. */
    static int stringLength(ByteBuffer b, int pos, int start) {
        int n = 0;
        for (int i = pos; i < start - 1; i++) {
            n = n * 10 + (b.get(i) - '0');
        }
        return n;
    }

    /** Index after the string at {@code pos}, or a negative result. */
    static int stringEnd(ByteBuffer b, int pos, int end) {
        int start = stringStart(b, pos, end);
        if (start < 0) {
            return start;
        }
        int stop = start + stringLength(b, pos, start);
        return stop <= end ? stop : TRUNCATED;
    }

    /** True when the string at {@code pos} (already known to be well formed) equals {@code lit}. */
    static boolean stringEquals(ByteBuffer b, int pos, int end, byte[] lit) {
        int start = stringStart(b, pos, end);
        return start >= 0 && stringLength(b, pos, start) == lit.length && Bytes.at(b, start, lit);
    }

    /**
     * Position of the value stored under {@code key} in the dictionary starting at {@code dict},
     * or a negative result ({@link #MALFORMED} also when the key is absent).
     */
    static int valueOf(ByteBuffer b, int dict, int end, byte[] key) {
        if (dict >= end || b.get(dict) != 'd') {
            return MALFORMED;
        }
        int pos = dict + 1;
        while (pos < end && b.get(pos) != 'e') {
            boolean match = stringEquals(b, pos, end, key);
            int value = stringEnd(b, pos, end);
            if (value < 0 || match) {
                return value;
            }
            pos = skip(b, value, end);
            if (pos < 0) {
                return pos;
            }
        }
        return pos < end ? MALFORMED : TRUNCATED;
    }
}
