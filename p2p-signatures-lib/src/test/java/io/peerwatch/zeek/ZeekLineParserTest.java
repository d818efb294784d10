package io.peerwatch.zeek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Line-at-a-time use of the parser behind {@link ZeekLogReader}. */
class ZeekLineParserTest {

    private static final ZeekLineParser.Wording CUSTOM = new ZeekLineParser.Wording() {
        @Override
        public String columnCount(int expected, int found) {
            return "want " + expected + ", have " + found;
        }

        @Override
        public String malformedJson(String problem, int column) {
            return "json col " + column + ": " + problem;
        }
    };

    @Test
    void tsvHeaderLinesSetStateAndDataLinesBecomeRows() throws ZeekLogException {
        ZeekLineParser p = ZeekLineParser.of(ZeekLogReader.Format.TSV, ZeekLogReader.DEFAULT_MAX_JSON_DEPTH,
                ZeekLineParser.Wording.ZEEK);
        assertThat(p.parse("#separator \\x09", "x.log", 1)).isEmpty();
        assertThat(p.parse("#set_separator\t;", "x.log", 2)).isEmpty();
        assertThat(p.parse("#path\thttp", "x.log", 3)).isEmpty();
        assertThat(p.parse("#fields\tts\tmime", "x.log", 4)).isEmpty();
        assertThat(p.parse("#types\ttime\tvector[string]", "x.log", 5)).isEmpty();
        assertThat(p.fields()).containsExactly("ts", "mime");
        assertThat(p.types()).containsExactly("time", "vector[string]");
        assertThat(p.setSeparator()).isEqualTo(";");
        assertThat(p.path()).contains("http");

        Optional<ZeekRow> row = p.parse("1.5\ta/b;c\\x3bd", "x.log", 6);
        assertThat(row).isPresent();
        assertThat(row.get().line()).isEqualTo(6);
        assertThat(row.get().isList("mime")).isTrue();
        assertThat(row.get().isNumber("ts")).as("TSV values are text").isFalse();
        assertThat(row.get().set("mime")).containsExactly("a/b", "c;d");
    }

    @Test
    void jsonNumbersAreMarkedAndNestedObjectsFlattened() throws ZeekLogException {
        ZeekLineParser p = ZeekLineParser.of(ZeekLogReader.Format.JSON, 2, ZeekLineParser.Wording.ZEEK);
        ZeekRow row = p.parse("{\"ts\":1.5,\"id\":{\"orig_h\":\"10.0.0.1\"},\"tags\":[\"a\"]}", "j.log", 1).orElseThrow();
        assertThat(row.isNumber("ts")).isTrue();
        assertThat(row.isNumber("id.orig_h")).isFalse();
        assertThat(row.string("id.orig_h")).contains("10.0.0.1");
        assertThat(row.isList("tags")).isTrue();
        assertThat(p.parse("  ", "j.log", 2)).isEmpty();
    }

    @Test
    void callersWordColumnCountAndJsonErrorsTheirOwnWay() throws ZeekLogException {
        ZeekLineParser zeek = ZeekLineParser.of(ZeekLogReader.Format.TSV, 8, ZeekLineParser.Wording.ZEEK);
        ZeekLineParser custom = ZeekLineParser.of(ZeekLogReader.Format.TSV, 8, CUSTOM);
        assertThatThrownBy(() -> custom.parse("1\t2", "t.log", 1)).hasMessage("t.log:1: data line before the #fields header");
        zeek.parse("#fields\ta\tb\tc", "t.log", 1);
        custom.parse("#fields\ta\tb\tc", "t.log", 1);
        assertThatThrownBy(() -> zeek.parse("1\t2", "t.log", 2)).hasMessage("t.log:2: expected 3 fields, found 2");
        assertThatThrownBy(() -> custom.parse("1\t2", "t.log", 2)).hasMessage("t.log:2: want 3, have 2");

        ZeekLineParser zeekJson = ZeekLineParser.of(ZeekLogReader.Format.JSON, 8, ZeekLineParser.Wording.ZEEK);
        ZeekLineParser customJson = ZeekLineParser.of(ZeekLogReader.Format.JSON, 8, CUSTOM);
        assertThatThrownBy(() -> zeekJson.parse("{\"a\":", "j.log", 3))
                .hasMessage("j.log:3: malformed JSON: unexpected end of input at column 6");
        assertThatThrownBy(() -> customJson.parse("{\"a\":", "j.log", 3)).hasMessage("j.log:3: json col 6: unexpected end of input");
        assertThatThrownBy(() -> customJson.parse("{\"a\":1,\"a\":2}", "j.log", 4)).hasMessageContaining("duplicate key");
    }

    @Test
    void rejectsBadLimits() {
        assertThatThrownBy(() -> ZeekLineParser.of(ZeekLogReader.Format.JSON, 0, ZeekLineParser.Wording.ZEEK))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
