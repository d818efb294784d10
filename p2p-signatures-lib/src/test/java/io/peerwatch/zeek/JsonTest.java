package io.peerwatch.zeek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesAFlatZeekObject() throws Exception {
        Map<String, Object> m = Json.parseObject("{\"ts\":1591367999.305988,\"id.orig_p\":36844,\"local_orig\":true,"
                + "\"service\":null,\"tunnel_parents\":[\"a\",\"b\"],\"s\":\"x\\\"y\\\\z\\u00e9\\n\"}", 8);

        assertThat(m).containsKeys("ts", "id.orig_p", "local_orig", "service", "tunnel_parents", "s");
        assertThat(m.get("ts")).isEqualTo(new Json.Num("1591367999.305988"));
        assertThat(((Json.Num) m.get("id.orig_p")).isIntegral()).isTrue();
        assertThat(m.get("local_orig")).isEqualTo(Boolean.TRUE);
        assertThat(m.get("service")).isSameAs(Json.NULL);
        assertThat(m.get("tunnel_parents")).isEqualTo(List.of("a", "b"));
        assertThat(m.get("s")).isEqualTo("x\"y\\z\u00e9\n");
    }

    @Test
    void nestedObjectsAndNumbersOfEveryShape() throws Exception {
        Map<String, Object> m = Json.parseObject(" { \"id\" : { \"orig_h\" : \"10.0.0.1\" } , \"n\" : [ -0, 1e5, "
                + "2.5E-3, -12 ] , \"e\" : { } , \"a\" : [ ] } ", 8);
        assertThat(m.get("id")).isEqualTo(Map.of("orig_h", "10.0.0.1"));
        assertThat(m.get("n")).isEqualTo(List.of(new Json.Num("-0"), new Json.Num("1e5"), new Json.Num("2.5E-3"),
                new Json.Num("-12")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":01}", "{\"a\":1.}",
            "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}",
            "{\"a\":1} x", "{\"a\":1,\"a\":2}", "{\"a\":[1,]}", "{\"a\":\"unterminated}", "{\"a\":NaN}",
            "{\"a\":[[[[[[[[[[1]]]]]]]]]]}"})
    void rejectsMalformedOrTooDeep(String text) {
        assertThatThrownBy(() -> Json.parseObject(text, 8)).isInstanceOf(Json.JsonException.class)
                .hasMessageContaining("column");
    }

    @Test
    void depthLimitIsExact() throws Exception {
        assertThat(Json.parseObject("{\"a\":{\"b\":{}}}", 3)).containsKey("a");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":{\"b\":{}}}", 2)).hasMessageContaining("nesting deeper than 2");
    }

    /** Seeded fuzz: random mutations of valid lines either parse or throw JsonException, nothing else. */
    @Test
    void fuzzedInputOnlyEverThrowsJsonException() {
        String[] seeds = {
            "{\"ts\":1591367999.305988,\"uid\":\"CMdzit1\",\"id.orig_h\":\"192.168.4.76\",\"id.orig_p\":36844,"
                + "\"proto\":\"udp\",\"local_orig\":true,\"tunnel_parents\":[],\"x\":null}",
            "{\"a\":{\"b\":[1,2,{\"c\":\"\\u0041\\n\"}]},\"d\":-1.5e+3}"
        };
        String alphabet = "{}[]\":,.-+eE0123456789tfnul\\/ \tabc";
        Random random = new Random(7);
        int parsed = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int k = random.nextInt(4) + 1; k > 0 && sb.length() > 0; k--) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> sb.deleteCharAt(at);
                    default -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                Json.parseObject(sb.toString(), 4);
                parsed++;
            } catch (Json.JsonException e) {
                assertThat(e.index).isBetween(0, sb.length());
            }
        }
        assertThat(parsed).isPositive().isLessThan(50_000);
    }
}
