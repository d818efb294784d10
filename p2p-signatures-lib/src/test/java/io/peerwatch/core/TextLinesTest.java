package io.peerwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextLinesTest {

    private static List<TextLines.Line> all(InputStream in, int max) throws IOException {
        List<TextLines.Line> out = new ArrayList<>();
        try (TextLines t = TextLines.of(in, max)) {
            for (TextLines.Line l = t.next(); l != null; l = t.next()) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void aLineThatIsNotUtf8IsOneFaultAndTheNextLinesAreRead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("caf\u00e9 ok\r\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {'a', 'b', (byte) 0xc3, (byte) 0x28, '\n'});
        b.writeBytes("last".getBytes(StandardCharsets.UTF_8));
        List<TextLines.Line> lines = all(new ByteArrayInputStream(b.toByteArray()), 100);
        assertThat(lines).extracting(TextLines.Line::text).containsExactly("caf\u00e9 ok", "", "last");
        assertThat(lines.get(1).fault()).contains(TextLines.Fault.NOT_UTF8);
        assertThat(lines.get(1).reason()).isEqualTo("not valid UTF-8 (from byte 3 of the line)");
        assertThat(lines.get(1).head()).containsExactly('a', 'b', 0xc3, 0x28);
        assertThat(lines.get(1).offset()).isEqualTo(10);
        assertThat(lines).extracting(TextLines.Line::number).containsExactly(1L, 2L, 3L);
    }

    @Test
    void limitIsInclusiveAndACrBeforeTheNewlineDoesNotCount() throws IOException {
        List<TextLines.Line> lines = all(new ByteArrayInputStream("abcd\r\nabcde\n".getBytes(StandardCharsets.US_ASCII)), 4);
        assertThat(lines.get(0).text()).isEqualTo("abcd");
        assertThat(lines.get(1).fault()).contains(TextLines.Fault.TOO_LONG);
        assertThat(lines.get(1).head()).hasSize(5);
    }

    /** 1.5 GB of NUL bytes without a newline, never materialised: one fault, then the next line. */
    @Test
    void aHugeLineWithoutNewlineIsOneFaultWithBoundedMemory() throws IOException {
        long huge = 1_500_000_000L;
        InputStream nul = new InputStream() {
            private long left = huge;
            private final byte[] tail = "\nnext\n".getBytes(StandardCharsets.US_ASCII);
            private int t;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left > 0) {
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 0);
                    left -= n;
                    return n;
                }
                if (t == tail.length) {
                    return -1;
                }
                int n = Math.min(len, tail.length - t);
                System.arraycopy(tail, t, b, off, n);
                t += n;
                return n;
            }
        };
        List<TextLines.Line> lines = all(nul, TextLines.DEFAULT_MAX_LINE_BYTES);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).fault()).contains(TextLines.Fault.TOO_LONG);
        assertThat(lines.get(0).head()).hasSize(TextLines.HEAD_BYTES);
        assertThat(lines.get(1).text()).isEqualTo("next");
        assertThat(lines.get(1).offset()).isEqualTo(huge + 1);
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        assertThat(all(new ByteArrayInputStream(new byte[0]), 10)).isEmpty();
        assertThat(all(new ByteArrayInputStream("\n".getBytes(StandardCharsets.US_ASCII)), 10))
                .extracting(TextLines.Line::text).containsExactly("");
    }

    @Test
    void sumsSaturate() {
        assertThat(Counters.add(Long.MAX_VALUE - 1, Counters.MAX_PLAUSIBLE)).isEqualTo(Long.MAX_VALUE);
        assertThat(Counters.add(2, 3)).isEqualTo(5);
        assertThat(Counters.plausible(Counters.MAX_PLAUSIBLE + 1)).isFalse();
    }
}
