package io.peerwatch.zeek;

import static io.peerwatch.testing.ZeekLogs.CONN_TSV_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.IpAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZeekLogReaderTest {
    static final String DNS = "1591367999.305988\tCMdzit1AMNsmfAIiQc\t192.168.4.76\t36844\t192.168.4.1\t53\tudp\tdns\t"
            + "0.066851\t62\t141\tSF\tT\tT\t0\tDd\t2\t118\t2\t197\t-";
    static final String HTTP = "1591367999.430166\tC0LAHyvtKSQHyJxIl\t192.168.4.76\t46378\t31.3.245.133\t80\ttcp\t"
            + "http\t0.254786\t77\t295\tSF\tT\tF\t0\tShADadFf\t6\t397\t4\t511\ta,b\\x2cc";

    static ZeekLogReader reader(String text, List<ZeekLogException> bad) throws IOException {
        return ZeekLogReader.of(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "conn.log", bad == null ? null : bad::add,
                ZeekLogReader.DEFAULT_MAX_LINE_LENGTH, ZeekLogReader.DEFAULT_MAX_JSON_DEPTH);
    }

    static List<ZeekRow> all(ZeekLogReader r) throws IOException {
        List<ZeekRow> rows = new ArrayList<>();
        for (Optional<ZeekRow> row = r.next(); row.isPresent(); row = r.next()) {
            rows.add(row.get());
        }
        return rows;
    }

    @Test
    void readsTsvWithTypedAccessors() throws IOException {
        ZeekLogReader r = reader(CONN_TSV_HEADER + DNS + "\n" + HTTP + "\n#close\t2020-06-05-14-40-02\n", null);
        List<ZeekRow> rows = all(r);

        assertThat(r.format()).isEqualTo(ZeekLogReader.Format.TSV);
        assertThat(r.path()).contains("conn");
        assertThat(r.fields()).hasSize(21).startsWith("ts", "uid");
        assertThat(rows).hasSize(2);
        ZeekRow dns = rows.get(0);
        assertThat(dns.line()).isEqualTo(9);
        assertThat(dns.timeMs("ts")).hasValue(1591367999305L);
        assertThat(dns.addr("id.resp_h")).contains(IpAddress.parse("192.168.4.1"));
        assertThat(dns.port("id.resp_p")).hasValue(53);
        assertThat(dns.intervalMs("duration")).hasValue(66);
        assertThat(dns.count("orig_ip_bytes")).hasValue(118);
        assertThat(dns.bool("local_orig")).contains(true);
        assertThat(dns.has("tunnel_parents")).isFalse();
        assertThat(dns.set("tunnel_parents")).isEmpty();
        assertThat(rows.get(1).set("tunnel_parents")).containsExactly("a", "b,c");
        assertThat(rows.get(1).string("history")).contains("ShADadFf");
    }

    @Test
    void emptyAndUnsetFieldsAndEscapes() throws IOException {
        String line = DNS.replace("\tdns\t", "\t(empty)\t").replace("CMdzit1AMNsmfAIiQc", "caf\\xc3\\xa9\\x09x")
                .replace("0.066851", "-");
        ZeekRow row = all(reader(CONN_TSV_HEADER + line + "\n", null)).get(0);
        assertThat(row.string("service")).contains("");
        assertThat(row.string("uid")).contains("caf\u00e9\tx");
        assertThat(row.intervalMs("duration")).isEmpty();
    }

    @Test
    void severalHeaderBlocksInOneFile() throws IOException {
        String other = "#separator \\x09\n#fields\tts\tmsg\n#types\ttime\tstring\n1.5\thello\n";
        List<ZeekRow> rows = all(reader(CONN_TSV_HEADER + DNS + "\n#close\tx\n" + other, null));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).string("msg")).contains("hello");
        assertThat(rows.get(1).timeMs("ts")).hasValue(1500);
    }

    @Test
    void readsJsonLinesWithBothTimestampStyles() throws IOException {
        String text = "{\"_path\":\"conn\",\"ts\":1591367999.305988,\"uid\":\"C1\",\"id.orig_h\":\"192.168.4.76\","
                + "\"id.orig_p\":36844,\"id.resp_h\":\"192.168.4.1\",\"id.resp_p\":53,\"proto\":\"udp\","
                + "\"local_orig\":true,\"service\":null}\n\n"
                + "{\"ts\":\"2020-06-05T14:39:59.430166Z\",\"id\":{\"orig_h\":\"::1\",\"orig_p\":1,\"resp_h\":\"::2\","
                + "\"resp_p\":2},\"tunnel_parents\":[\"x\"]}\n";
        ZeekLogReader r = reader(text, null);
        List<ZeekRow> rows = all(r);

        assertThat(r.format()).isEqualTo(ZeekLogReader.Format.JSON);
        assertThat(r.path()).contains("conn");
        assertThat(rows.get(0).timeMs("ts")).hasValue(1591367999305L);
        assertThat(rows.get(0).bool("local_orig")).contains(true);
        assertThat(rows.get(0).has("service")).isFalse();
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).timeMs("ts")).hasValue(1591367999430L);
        assertThat(rows.get(1).addr("id.orig_h")).contains(IpAddress.parse("::1"));
        assertThat(rows.get(1).set("tunnel_parents")).containsExactly("x");
    }

    @Test
    void badLinesFailFastOrAreSkippedAndReadingGoesOn() throws IOException {
        String text = CONN_TSV_HEADER + DNS + "\nonly\ttwo\n" + HTTP + "\n";
        ZeekLogReader strict = reader(text, null);
        assertThat(strict.next()).isPresent();
        assertThatThrownBy(strict::next).isInstanceOf(ZeekLogException.class)
                .hasMessage("conn.log:10: expected 21 fields, found 2");
        assertThat(strict.next()).isPresent(); // usable after the exception

        List<ZeekLogException> bad = new ArrayList<>();
        ZeekLogReader lenient = reader("{\"a\":1}\n{\"a\":\n{\"b\":2}\n", bad);
        assertThat(all(lenient)).hasSize(2);
        assertThat(lenient.skipped()).isEqualTo(1);
        assertThat(bad.get(0).line()).isEqualTo(2);
        assertThat(bad.get(0).reason()).startsWith("malformed JSON: unexpected end of input at column 6");
    }

    @Test
    void overlongLinesAreBadLinesNotMemory() throws IOException {
        String text = "{\"a\":\"" + "x".repeat(5000) + "\"}\n{\"b\":1}\n";
        List<ZeekLogException> bad = new ArrayList<>();
        ZeekLogReader r = ZeekLogReader.of(new java.io.ByteArrayInputStream(("{\"ok\":1}\n" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8)), "j.log", bad::add, 1000, 4);
        assertThat(all(r)).hasSize(2);
        assertThat(bad).extracting(ZeekLogException::line).containsExactly(2L);
    }

    @Test
    void accessorsNameTheFieldOnBadValues() throws IOException {
        ZeekRow row = all(reader(CONN_TSV_HEADER + DNS.replace("36844", "http").replace("192.168.4.1\t", "nowhere\t") + "\n",
                null)).get(0);
        assertThatThrownBy(() -> row.port("id.orig_p")).hasMessage("field 'id.orig_p': 'http' is not a port");
        assertThatThrownBy(() -> row.addr("id.resp_h")).hasMessage("field 'id.resp_h': 'nowhere' is not an address");
        assertThatThrownBy(() -> row.bool("proto")).hasMessageContaining("is not a bool");
        assertThat(row.error("x").getMessage()).isEqualTo("conn.log:9: x");
    }

    @Test
    void notAZeekLog() {
        assertThatThrownBy(() -> reader("ts,te,td\n", null)).isInstanceOf(ZeekLogException.class)
                .hasMessageContaining("conn.log:1: not a Zeek log");
        assertThatThrownBy(() -> reader("\n\n", null)).hasMessageContaining("empty file");
        assertThatThrownBy(() -> all(reader("#separator \\x09\n1\t2\n", null)))
                .hasMessage("conn.log:2: data line before the #fields header");
    }
}
