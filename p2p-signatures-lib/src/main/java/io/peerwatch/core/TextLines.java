package io.peerwatch.core;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The lines of a text input, read as bytes and decoded as UTF-8 one line at a time, so that one
 * bad line never costs the rest of the file: a line that is not valid UTF-8, or longer than the
 * limit, comes back as a {@link Line} with a {@link Fault} (the caller turns it into a dead letter)
 * and reading goes on at the next line. Memory stays bounded by the limit whatever the input (a
 * file of NUL bytes without a newline is one over-long line, skipped without being held).
 *
 * <pre>{@code
 * try (TextLines in = TextLines.open(path, TextLines.DEFAULT_MAX_LINE_BYTES)) {
 *     for (TextLines.Line l = in.next(); l != null; l = in.next()) {
 *         if (l.fault().isPresent()) { deadLetter(l.number(), l.head(), l.reason()); } else { parse(l.text()); }
 *     }
 * }
 * }</pre>
 *
 * <p>Lines end at LF; a CR before it is dropped. Not thread-safe.
 */
public final class TextLines implements Closeable {

    /** Longest line accepted by default (1 MiB); longer ones are faults. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    /** Bytes of a faulty line kept for its dead letter: enough to recognise it, bounded. */
    public static final int HEAD_BYTES = 512;

    private static final int CHUNK = 64 << 10;

    /** Why a line could not be used. */
    public enum Fault {
        /** Longer than the limit. */
        TOO_LONG,
        /** Not valid UTF-8. */
        NOT_UTF8
    }

    /**
     * One line.
     *
     * @param number 1-based line number
     * @param offset byte offset of the line's first byte in the input
     * @param text the decoded line without its terminator; empty when faulty
     * @param fault why the line is unusable, or empty
     * @param head the line's first bytes (at most {@link #HEAD_BYTES}) when faulty, else empty
     * @param reason the fault in words (with the limit or the byte position), or empty
     */
    public record Line(long number, long offset, String text, Optional<Fault> fault, byte[] head, String reason) {
        /**
         * Copies {@code head}.
         *
         * @param number 1-based line number
         * @param offset byte offset of the line's first byte in the input
         * @param text the decoded line without its terminator; empty when faulty
         * @param fault why the line is unusable, or empty
         * @param head the line's first bytes (at most {@link #HEAD_BYTES}) when faulty, else empty
         * @param reason the fault in words (with the limit or the byte position), or empty
         */
        public Line {
            head = head.clone();
        }

        /** {@return the line's first bytes when faulty (a copy)} */
        @Override
        public byte[] head() {
            return head.clone();
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[CHUNK];
    private int pos;
    private int end;
    private long chunkOffset;
    private byte[] line = new byte[256];
    private long number;
    private boolean eof;

    private TextLines(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, not " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @param maxLineBytes the longest line accepted, in bytes, at least 1 (e.g. {@link #DEFAULT_MAX_LINE_BYTES})
     * @return the lines, to close after use
     * @throws IOException when the file cannot be opened
     */
    public static TextLines open(Path file, int maxLineBytes) throws IOException {
        return of(Files.newInputStream(file), maxLineBytes);
    }

    /**
     * Reads a stream (closed by {@link #close()}).
     *
     * @param in the stream
     * @param maxLineBytes the longest line accepted, in bytes, at least 1 (e.g. {@link #DEFAULT_MAX_LINE_BYTES})
     * @return the lines
     */
    public static TextLines of(InputStream in, int maxLineBytes) {
        return new TextLines(in, maxLineBytes);
    }

    /** {@return the limit on a line's length in bytes} */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    /**
     * {@return the next line, or null at the end of the input}
     *
     * @throws IOException when the input cannot be read
     */
    public Line next() throws IOException {
        int len = 0;
        long length = 0;
        long start = chunkOffset + pos;
        boolean any = false;
        while (true) {
            if (pos == end && !refill()) {
                if (!any) {
                    return null;
                }
                return finish(start, len, length);
            }
            any = true;
            int from = pos;
            while (pos < end && chunk[pos] != '\n') {
                pos++;
            }
            int n = pos - from;
            int keep = (int) Math.min(n, Math.max(0, maxLineBytes + 1L - len));
            if (keep > 0) {
                ensure(len + keep);
                System.arraycopy(chunk, from, line, len, keep);
                len += keep;
            }
            length += n;
            if (pos < end) {
                pos++; // the LF
                return finish(start, len, length);
            }
        }
    }

    private boolean refill() throws IOException {
        if (eof) {
            return false;
        }
        chunkOffset += end;
        pos = 0;
        end = 0;
        int n = in.readNBytes(chunk, 0, chunk.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        end = n;
        return true;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, Math.min(maxLineBytes + 1, line.length * 2)));
        }
    }

    private Line finish(long start, int len, long length) {
        number++;
        if (length > 0 && length <= maxLineBytes + 1L && len > 0 && line[len - 1] == '\r') {
            len--;
            length--;
        }
        if (length > maxLineBytes) {
            return fault(start, len, Fault.TOO_LONG, "line longer than " + maxLineBytes + " bytes");
        }
        String text = decode(utf8, line, 0, len);
        if (text == null) {
            return fault(start, len, Fault.NOT_UTF8, notUtf8(line, 0, len));
        }
        return new Line(number, start, text, Optional.empty(), new byte[0], "");
    }

    /**
     * One line's bytes as text, strictly: null when they are not valid UTF-8 (then
     * {@link #notUtf8} says why). For readers that find lines themselves (the proxy tailer), so
     * every reader judges a line alike.
     *
     * @param buf the bytes
     * @param off index of the line's first byte in {@code buf}
     * @param len number of bytes of the line
     * @return the text, or null when the bytes are not valid UTF-8
     */
    public static String decodeUtf8(byte[] buf, int off, int len) {
        return decode(StandardCharsets.UTF_8.newDecoder(), buf, off, len);
    }

    /**
     * {@return the reason a line's bytes are not UTF-8, e.g. {@code "not valid UTF-8 (from byte 3 of the line)"}}
     *
     * @param buf the bytes
     * @param off index of the line's first byte in {@code buf}
     * @param len number of bytes of the line
     */
    public static String notUtf8(byte[] buf, int off, int len) {
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        d.decode(b, CharBuffer.allocate(len), true);
        return "not valid UTF-8 (from byte " + (b.position() - off + 1) + " of the line)";
    }

    private static String decode(java.nio.charset.CharsetDecoder utf8, byte[] buf, int off, int len) {
        if (ascii(buf, off, len)) {
            // Most log lines are ASCII: a Latin-1 string is the same text, built without a decoder.
            return new String(buf, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(buf, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean ascii(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

        private Line fault(long start, int len, Fault f, String reason) {
        return new Line(number, start, "", Optional.of(f), Arrays.copyOf(line, Math.min(len, HEAD_BYTES)), reason);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
