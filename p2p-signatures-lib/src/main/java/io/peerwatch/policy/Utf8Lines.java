package io.peerwatch.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a text file line by line, each line decoded as UTF-8 on its own, so that a line that
 * is not UTF-8 is reported with its number and the offending byte instead of failing the whole
 * read with the JDK's bare {@code "Input length = 1"} (a {@link java.io.BufferedReader} decodes
 * ahead and cannot say which line was bad). Lines end at {@code \n}; a {@code \r} before it is
 * dropped.
 */
public final class Utf8Lines {

    /**
     * One line.
     *
     * @param number 1-based line number
     * @param text the line without its terminator, or null when it is not UTF-8
     * @param problem why {@code text} is null, e.g. {@code "not UTF-8 text (byte 0xff at column 3)"}
     */
    public record Line(long number, String text, String problem) {
        /** True when the line decoded. */
        public boolean isText() {
            return text != null;
        }
    }

    /** Receives the lines. */
    @FunctionalInterface
    public interface Handler {
        /** One line, in file order. */
        void line(Line line) throws IOException;
    }

    private Utf8Lines() {
    }

    /**
     * Reads every line of a file.
     *
     * @throws IOException when the file cannot be read; the message is the reason alone
     *     ({@code "no such file"}, {@code "is a directory"}, ...), for the caller to name the file
     */
    public static void read(Path file, Handler handler) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("permission denied", e);
        }
        try (in) {
            read(in, handler);
        }
    }

    /** Reads every line of a stream (not closed). */
    public static void read(InputStream in, Handler handler) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[256];
        int len = 0;
        long number = 0;
        boolean pending = false;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] != '\n') {
                    continue;
                }
                line = append(line, len, chunk, start, i - start);
                len += i - start;
                handler.line(decode(decoder, ++number, line, len));
                len = 0;
                pending = false;
                start = i + 1;
            }
            if (start < n) {
                line = append(line, len, chunk, start, n - start);
                len += n - start;
                pending = true;
            }
        }
        if (pending) {
            handler.line(decode(decoder, ++number, line, len));
        }
    }

    private static byte[] append(byte[] line, int len, byte[] src, int from, int count) {
        byte[] out = line;
        if (len + count > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, len + count));
        }
        System.arraycopy(src, from, out, len, count);
        return out;
    }

    private static Line decode(CharsetDecoder decoder, long number, byte[] buf, int length) {
        int len = length > 0 && buf[length - 1] == '\r' ? length - 1 : length;
        ByteBuffer in = ByteBuffer.wrap(buf, 0, len);
        CharBuffer out = CharBuffer.allocate(len);
        decoder.reset();
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            return new Line(number, null, String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02x at column %d)",
                    buf[at] & 0xff, at + 1));
        }
        out.flip();
        return new Line(number, out.toString(), null);
    }
}
