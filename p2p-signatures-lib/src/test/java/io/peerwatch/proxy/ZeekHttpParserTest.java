package io.peerwatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.IpAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zeek is not installable here: the inputs follow Zeek's documented http.log layout (HTTP::Info). */
class ZeekHttpParserTest {

    static final String FIELDS = String.join("\t", "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p",
            "trans_depth", "method", "host", "uri", "referrer", "version", "user_agent", "origin", "request_body_len",
            "response_body_len", "status_code", "status_msg", "info_code", "info_msg", "tags", "username", "password",
            "proxied", "orig_fuids", "orig_filenames", "orig_mime_types", "resp_fuids", "resp_filenames", "resp_mime_types");

    static final List<String> TSV_FILE = List.of(
            "#separator \\x09",
            "#set_separator\t,",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#path\thttp",
            "#open\t2026-11-25-11-49-30",
            "#fields\t" + FIELDS,
            "#types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\tstring\tstring\tstring\tstring\tstring"
                    + "\tcount\tcount\tcount\tstring\tcount\tstring\tset[enum]\tstring\tstring\tset[string]\tvector[string]"
                    + "\tvector[string]\tvector[string]\tvector[string]\tvector[string]\tvector[string]",
            "1795607375.610512\tCx1\t198.18.1.40\t40312\t198.18.1.30\t80\t1\tGET\tfiles.example.test"
                    + "\t/media/podcast-episode-12.mp3\thttp://www.example.test/\t1.1\tMozilla/5.0 (X11)\t-\t0\t4194314\t200\tOK"
                    + "\t-\t-\t(empty)\talice\t-\t-\t-\t-\t-\tFa1\t-\taudio/mpeg,application/octet-stream",
            "1795607587.706000\tCx2\t198.18.1.40\t40400\t198.18.1.30\t8888\t1\tPOST\t198.18.1.30:8888"
                    + "\t/index.html?crap=1795607587\t-\t1.1\t-\t-\t102400\t0\t-\t-\t-\t-\t(empty)\t-\t-\t-\tFo1\t-"
                    + "\tapplication/octet-stream\t-\t-\t-",
            "1795607590.000000\tCx3\t198.18.1.40\t40500\t198.18.1.20\t3128\t1\tCONNECT\t-\t198.18.1.30:6346\t-\t1.1"
                    + "\tcurl\\x20x\t-\t0\t0\t200\tConnection established\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t-\t-\t-",
            "#close\t2026-11-25-11-55-00");

    static final String JSON_LINE = "{\"ts\":1795607375.610512,\"uid\":\"Cx1\",\"id.orig_h\":\"198.18.1.40\",\"id.orig_p\":40312,"
            + "\"id.resp_h\":\"198.18.1.30\",\"id.resp_p\":80,\"trans_depth\":1,\"method\":\"GET\",\"host\":\"files.example.test\","
            + "\"uri\":\"/media/podcast-episode-12.mp3\",\"version\":\"1.1\",\"user_agent\":\"Mozilla/5.0 \\\"X11\\\"\","
            + "\"request_body_len\":0,\"response_body_len\":4194314,\"status_code\":200,\"status_msg\":\"OK\",\"tags\":[],"
            + "\"username\":\"alice\",\"resp_fuids\":[\"Fa1\"],\"resp_mime_types\":[\"audio/mpeg\"],\"extra\":{\"x\":[1,2]}}";

    private static List<ProxyRecord> parseAll(ProxyLogFormat f, List<String> lines) throws ProxyLogException {
        ProxyLogParser p = f.newParser();
        List<ProxyRecord> out = new ArrayList<>();
        long n = 0;
        for (String l : lines) {
            p.parse(l, "http.log", ++n).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void tsvRecordsMapToProxyEntries() throws ProxyLogException {
        List<ProxyRecord> e = parseAll(ProxyLogFormat.ZEEK_HTTP_TSV, TSV_FILE);
        assertThat(e).hasSize(3);
        ProxyRecord mp3 = e.get(0);
        assertThat(mp3.timestampMs()).isEqualTo(1_795_607_375_610L);
        assertThat(mp3.client()).isEqualTo(IpAddress.parse("198.18.1.40"));
        assertThat(mp3.url()).isEqualTo("http://files.example.test/media/podcast-episode-12.mp3");
        assertThat(mp3.host()).contains("files.example.test");
        assertThat(mp3.port()).isEqualTo(80);
        assertThat(mp3.user()).contains("alice");
        assertThat(mp3.bytesToClient()).isEqualTo(4_194_314L);
        assertThat(mp3.bytesFromClient()).hasValue(0);
        assertThat(mp3.contentType()).contains("audio/mpeg");
        assertThat(mp3.referer()).contains("http://www.example.test/");
        assertThat(mp3.userAgent()).contains("Mozilla/5.0 (X11)");
        assertThat(mp3.peer()).contains("198.18.1.30");
        ProxyRecord post = e.get(1);
        assertThat(post.url()).isEqualTo("http://198.18.1.30:8888/index.html?crap=1795607587");
        assertThat(post.port()).isEqualTo(8888);
        assertThat(post.status()).isZero();
        assertThat(post.requestContentType()).contains("application/octet-stream");
        assertThat(post.bytesFromClient()).hasValue(102_400);
        ProxyRecord connect = e.get(2);
        assertThat(connect.isConnect()).isTrue();
        assertThat(connect.host()).contains("198.18.1.30");
        assertThat(connect.port()).isEqualTo(6346);
        assertThat(connect.userAgent()).contains("curl x");
        assertThat(ProxyLogFormat.detect(TSV_FILE)).contains(ProxyLogFormat.ZEEK_HTTP_TSV);
    }

    @Test
    void jsonRecordsMapToProxyEntries() throws ProxyLogException {
        ProxyRecord j = parseAll(ProxyLogFormat.ZEEK_HTTP_JSON, List.of(JSON_LINE)).get(0);
        ProxyRecord t = parseAll(ProxyLogFormat.ZEEK_HTTP_TSV, TSV_FILE).get(0);
        assertThat(j.toBuilder().userAgent("x").referer(null).build()).isEqualTo(t.toBuilder().userAgent("x").referer(null).build());
        assertThat(j.userAgent()).contains("Mozilla/5.0 \"X11\"");
        ProxyRecord iso = parseAll(ProxyLogFormat.ZEEK_HTTP_JSON, List.of(
                "{\"ts\":\"2026-11-25T11:49:35.610512Z\",\"id.orig_h\":\"2001:db8::5\",\"method\":\"GET\","
                        + "\"host\":\"2001:db8::1\",\"uri\":\"/x\",\"id.resp_p\":8080}")).get(0);
        assertThat(iso.timestampMs()).isEqualTo(1_795_607_375_610L);
        assertThat(iso.url()).isEqualTo("http://[2001:db8::1]:8080/x");
        assertThat(iso.host()).contains("2001:db8::1");
        assertThat(ProxyLogFormat.detect(List.of(JSON_LINE))).contains(ProxyLogFormat.ZEEK_HTTP_JSON);
    }

    @Test
    void badZeekLinesNameLineAndReason() {
        ProxyLogParser tsv = ProxyLogFormat.ZEEK_HTTP_TSV.newParser();
        assertThatThrownBy(() -> tsv.parse("1\tx", "http.log", 1)).isInstanceOf(ProxyLogException.class)
                .hasMessage("http.log:1: record before the #fields header line");
        List<ProxyLogException> bad = new ArrayList<>();
        List<ProxyRecord> ok = new ArrayList<>();
        List<String> lines = new ArrayList<>(TSV_FILE.subList(0, 9));
        lines.add("1795607375.6\tCx9\tnot-an-ip" + TSV_FILE.get(8).substring(TSV_FILE.get(8).indexOf("\t40312")));
        lines.add("1795607375.6\ttoo\tfew");
        lines.add(TSV_FILE.get(9));
        long n = 0;
        for (String l : lines) {
            try {
                tsv.parse(l, "http.log", ++n).ifPresent(ok::add);
            } catch (ProxyLogException e) {
                bad.add(e);
            }
        }
        assertThat(ok).hasSize(2);
        assertThat(bad).extracting(Throwable::getMessage).containsExactly(
                "http.log:10: id.orig_h is not an IP address: 'not-an-ip'",
                "http.log:11: expected 30 fields (#fields), got 3");
        ProxyLogParser json = ProxyLogFormat.ZEEK_HTTP_JSON.newParser();
        assertThatThrownBy(() -> json.parse("{\"ts\":1,\"id.orig_h\":\"10.0.0.1\"", "j.log", 4))
                .hasMessageStartingWith("j.log:4: bad JSON at column");
        assertThatThrownBy(() -> json.parse("{\"id.orig_h\":\"10.0.0.1\"}", "j.log", 5)).hasMessage("j.log:5: no ts");
        assertThatThrownBy(() -> json.parse("{\"ts\":1,\"id.orig_h\":\"10.0.0.1\",\"status_code\":1200}", "j.log", 6))
                .hasMessage("j.log:6: status_code out of range: 1200.0");
    }
}
