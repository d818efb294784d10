package io.peerwatch.proxy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A bad proxy-log line's message names the field it is in and what was found (issue 13, item 8). */
class ProxyLineErrorWordingTest {

    @Test
    void aSquidTimeWithoutItsDotNamesTheFieldAndWhatWasFound() {
        ProxyLogParser squid = ProxyLogFormat.named("squid").newParser();
        assertThatThrownBy(() -> squid.parse("1764 000.123    250 10.0.0.1 TCP_MISS/200 100 GET http://a.example/ - "
                + "HIER_DIRECT/203.0.113.5 text/html", "access.log", 7))
                .isInstanceOf(ProxyLogException.class)
                .hasMessageContaining("access.log:7")
                .hasMessageContaining("after field %ts")
                .hasMessageContaining("found ' 000.123")
                .hasMessageContaining("at column 5");
    }
}
