package io.peerwatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * The http.log parser reads lines with the io.peerwatch.zeek parser: what that brings beyond
 * {@link ZeekHttpParserTest} (strict RFC 8259 JSON, nested objects, typed TSV sets), in the
 * proxy parser's own error wording.
 */
class ZeekHttpParserStrictJsonTest {

    @Test
    void invalidJsonIsABadJsonLineNamingTheColumn() {
        ProxyLogParser p = ProxyLogFormat.ZEEK_HTTP_JSON.newParser();
        assertThatThrownBy(() -> p.parse("{\"ts\":1,\"id.orig_h\":\"10.0.0.1\",\"method\":\"G\tT\"}", "j.log", 7))
                .isInstanceOf(ProxyLogException.class)
                .hasMessage("j.log:7: bad JSON at column 43: control character in string");
        assertThatThrownBy(() -> p.parse("{\"ts\":1,\"ts\":2,\"id.orig_h\":\"10.0.0.1\"}", "j.log", 8))
                .hasMessageStartingWith("j.log:8: bad JSON at column 9: duplicate key");
        assertThatThrownBy(() -> p.parse("{\"ts\":01,\"id.orig_h\":\"10.0.0.1\"}", "j.log", 9))
                .hasMessageStartingWith("j.log:9: bad JSON at column ");
    }

    @Test
    void nestedIdObjectReadsAsDottedNames() throws ProxyLogException {
        ProxyRecord e = ProxyLogFormat.ZEEK_HTTP_JSON.newParser().parse(
                "{\"ts\":1795607375.5,\"id\":{\"orig_h\":\"10.0.0.1\",\"resp_p\":8080},\"method\":\"GET\","
                        + "\"host\":\"h.example\",\"uri\":\"/a\"}", "j.log", 1).orElseThrow();
        assertThat(e.client()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(e.url()).isEqualTo("http://h.example:8080/a");
        assertThat(e.timestampMs()).isEqualTo(1_795_607_375_500L);
    }

    @Test
    void tsvHeaderMarkersAreHonoured() throws ProxyLogException {
        ProxyLogParser p = ProxyLogFormat.ZEEK_HTTP_TSV.newParser();
        String[] header = {"#separator \\x09", "#set_separator\t;", "#unset_field\tNONE",
                "#fields\tts\tid.orig_h\tmethod\turi\tusername\tresp_mime_types",
                "#types\ttime\taddr\tstring\tstring\tstring\tvector[string]"};
        long n = 0;
        for (String h : header) {
            assertThat(p.parse(h, "http.log", ++n)).isEmpty();
        }
        ProxyRecord e = p.parse("1.0\t10.0.0.1\tGET\thttp://x.example/\tNONE\ttext/html;image/png", "http.log", ++n)
                .orElseThrow();
        assertThat(e.user()).isEmpty();
        assertThat(e.contentType()).contains("text/html");
        assertThatThrownBy(() -> p.parse("#fields\tuid\thost", "http.log", 7))
                .hasMessage("http.log:7: #fields lacks ts or id.orig_h: not an http.log header");
        assertThatThrownBy(() -> p.parse("1.0\t10.0.0.1", "http.log", 8))
                .hasMessage("http.log:8: record before the #fields header line");
    }
}
