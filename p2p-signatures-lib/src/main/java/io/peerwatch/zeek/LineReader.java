package io.peerwatch.zeek;

import java.io.IOException;
import java.io.Reader;

/** Reads lines of at most a given length: a longer line is consumed and reported, never held. */
final class LineReader implements AutoCloseable {
    private final Reader in;
    private final int maxLength;
    private final char[] buf = new char[8192];
    private int pos;
    private int end;
    private boolean tooLong;

    LineReader(Reader in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** The next line without its terminator (LF or CRLF), or null at the end of input. */
    String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return any ? finish(sb) : null;
                }
            }
            any = true;
            int start = pos;
            while (pos < end && buf[pos] != '\n') {
                pos++;
            }
            if (!tooLong) {
                int n = pos - start;
                if (sb.length() + n > maxLength) {
                    tooLong = true;
                    sb.setLength(0);
                } else {
                    sb.append(buf, start, n);
                }
            }
            if (pos < end) {
                pos++; // the '\n'
                return finish(sb);
            }
        }
    }

    private String finish(StringBuilder sb) {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
            sb.setLength(n - 1);
        }
        return sb.toString();
    }

    /** True when the line just returned exceeded the limit (its text is then empty). */
    boolean wasTooLong() {
        return tooLong;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
