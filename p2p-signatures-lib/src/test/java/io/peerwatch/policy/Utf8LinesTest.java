package io.peerwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8LinesTest {

    @TempDir
    Path dir;

    private static List<Utf8Lines.Line> lines(byte[] bytes) throws IOException {
        List<Utf8Lines.Line> out = new ArrayList<>();
        Utf8Lines.read(new ByteArrayInputStream(bytes), out::add);
        return out;
    }

    @Test
    void aLineThatIsNotUtf8IsReportedWithItsNumberAndByteAndTheOthersAreRead() throws Exception {
        byte[] text = "a.example\r\nb\u00fccher.example\n".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "caf\u00e9.example\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[text.length + latin1.length + 5];
        System.arraycopy(text, 0, all, 0, text.length);
        System.arraycopy(latin1, 0, all, text.length, latin1.length);
        System.arraycopy("last!".getBytes(StandardCharsets.US_ASCII), 0, all, text.length + latin1.length, 5);
        List<Utf8Lines.Line> ls = lines(all);
        assertThat(ls).extracting(Utf8Lines.Line::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ls).extracting(Utf8Lines.Line::text).containsExactly("a.example", "b\u00fccher.example", null, "last!");
        assertThat(ls.get(2).problem()).isEqualTo("not UTF-8 text (byte 0xe9 at column 4)");
    }

    @Test
    void linesLongerThanTheReadChunkAndEmptyLinesKeepTheirNumbers() throws Exception {
        char[] longLine = new char[200_000];
        Arrays.fill(longLine, 'x');
        String s = "\n" + new String(longLine) + "\n\n\u00e9\n";
        List<Utf8Lines.Line> ls = lines(s.getBytes(StandardCharsets.UTF_8));
        assertThat(ls).extracting(Utf8Lines.Line::text).containsExactly("", new String(longLine), "", "\u00e9");
        assertThat(lines(new byte[0])).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsNamedByTheCaller() throws Exception {
        assertThatThrownBy(() -> Utf8Lines.read(dir, l -> { })).hasMessage("is a directory");
        assertThatThrownBy(() -> Utf8Lines.read(dir.resolve("none"), l -> { })).hasMessage("no such file");
        Path f = Files.write(dir.resolve("f"), new byte[] {'o', 'k'});
        List<Utf8Lines.Line> ls = new ArrayList<>();
        Utf8Lines.read(f, ls::add);
        assertThat(ls).containsExactly(new Utf8Lines.Line(1, "ok", null));
    }
}
