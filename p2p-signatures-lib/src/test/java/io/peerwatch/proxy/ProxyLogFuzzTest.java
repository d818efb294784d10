package io.peerwatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounded mutation fuzzing with a fixed seed: every mutated line either parses to a valid entry
 * or is rejected with a {@link ProxyLogException}; nothing else escapes a parser.
 */
class ProxyLogFuzzTest {

    private static final long SEED = 0x5eed_6L;
    private static final int ROUNDS = 20_000;
    private static final String ALPHABET = " \t\"\\[]/:%.-0123456789aZ?#&=\u00e9\u0000{}";

    static Stream<Arguments> seeds() {
        return Stream.of(
                Arguments.of(ProxyLogFormat.SQUID_NATIVE, LabLogs.lines(LabLogs.file("http-tunnel", "squid-access-native.log"))),
                Arguments.of(ProxyLogFormat.COMBINED, LabLogs.lines(LabLogs.file("benign-proxy", "squid-access-combined.log"))),
                Arguments.of(ProxyLogFormat.COMMON, List.of(
                        "10.1.2.3 - bob [10/Oct/2000:13:55:36 -0700] \"GET http://example.com/a.gif HTTP/1.0\" 200 2326 TCP_MISS:HIER_DIRECT")),
                Arguments.of(ProxyLogFormat.logformat("%ts.%03tu %tr %>a %un %Ss/%03>Hs %<st %>st %rm %ru \"%{User-Agent}>h\""),
                        List.of("1700000000.250 5 10.0.0.9 carol TCP_MISS/200 512 70000 POST http://t.example/up?x=1 \"curl/8.0\"")),
                Arguments.of(ProxyLogFormat.ZEEK_HTTP_JSON, List.of(ZeekHttpParserTest.JSON_LINE)),
                Arguments.of(ProxyLogFormat.ZEEK_HTTP_TSV, ZeekHttpParserTest.TSV_FILE));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mutatedLinesNeverEscapeAsOtherExceptions(ProxyLogFormat format, List<String> seedLines) {
        Random rnd = new Random(SEED);
        List<String> seeds = seedLines.stream().filter(s -> !s.isBlank()).toList();
        int parsed = 0;
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ProxyLogParser parser = format.newParser();
            long n = 0;
            // Zeek TSV needs its header: feed the unmutated header lines first
            List<String> prefix = new ArrayList<>();
            for (String s : seeds) {
                if (s.startsWith("#")) {
                    prefix.add(s);
                }
            }
            List<String> records = seeds.stream().filter(s -> !s.startsWith("#")).toList();
            for (String h : prefix) {
                try {
                    parser.parse(h, "fuzz", ++n);
                } catch (ProxyLogException e) {
                    throw new AssertionError(e);
                }
            }
            String line = mutate(records.get(rnd.nextInt(records.size())), rnd);
            try {
                Optional<ProxyRecord> e = parser.parse(line, "fuzz", ++n);
                if (e.isPresent()) {
                    parsed++;
                    assertThat(e.get().method()).isNotEmpty();
                    assertThat(e.get().port()).isBetween(0, 0xffff);
                }
            } catch (ProxyLogException ex) {
                rejected++;
                assertThat(ex.getMessage()).startsWith("fuzz:" + n + ": ");
                assertThat(ex.reason()).isNotBlank();
            }
        }
        assertThat(parsed + rejected).isPositive();
        assertThat(rejected).as("mutations must hit the error path").isPositive();
    }

    private static String mutate(String line, Random rnd) {
        StringBuilder sb = new StringBuilder(line);
        int edits = 1 + rnd.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int op = rnd.nextInt(4);
            int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
            char c = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
            switch (op) {
                case 0 -> { if (sb.length() > 0) { sb.setCharAt(at, c); } }
                case 1 -> sb.insert(at, c);
                case 2 -> { if (sb.length() > 0) { sb.deleteCharAt(at); } }
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
