package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.job.testing.CefParser;
import io.peerwatch.job.types.LibraryTypeSamplesAccess;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.Evidence;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CefFormatTest {

    /** Evidence that tries every character CEF gives a meaning to, and a forged key. */
    static Alert hostile() {
        return Alert.builder(AlertType.CONFIDENTIAL_SEARCH, IpAddress.parse("10.9.8.7"), 1_764_000_000_000L,
                        1_764_000_000_001L)
                .user("eve|admin=1\\x").protocol("Gnutella").severity(Severity.HIGH).confidence(0.85)
                .evidence(List.of(new Evidence("watch-word", "'cv' in search: my|cv=final\\draft", 1),
                        new Evidence("file", "line1\nline2\r\nfake=forged msg=spoof|CEF:0|x", 2)))
                .bytes(1234).cost(new BigDecimal("0.000148"), "AUD")
                .context(AlertContext.builder().destinationIp(IpAddress.parse("2001:db8::5")).destinationPort(6346)
                        .ipProtocol(6).url("http://h.example/a?b=c|d").build())
                .build();
    }

    @Test
    void headerAndExtensionEscapesRoundTrip() {
        Alert a = hostile();
        String line = CefFormat.toCef(a);
        assertThat(line).startsWith("CEF:0|PeerWatch|PeerWatch|").doesNotContain("\n").doesNotContain("\r");
        CefParser.Cef cef = CefParser.parse(line);
        assertThat(cef.header()).hasSize(7);
        assertThat(cef.header().get(4)).isEqualTo("CONFIDENTIAL_SEARCH");
        assertThat(cef.header().get(5)).isEqualTo("CONFIDENTIAL_SEARCH on 10.9.8.7 (Gnutella): 'cv' in search: my|cv=final\\draft");
        assertThat(cef.header().get(6)).isEqualTo("8");
        Map<String, String> x = cef.extension();
        assertThat(x.get("msg")).isEqualTo("watch-word: 'cv' in search: my|cv=final\\draft\n"
                + "file: line1\nline2\r\nfake=forged msg=spoof|CEF:0|x (x2)");
        assertThat(x).doesNotContainKey("fake");
        assertThat(x.get("suser")).isEqualTo("eve|admin=1\\x");
        assertThat(x.get("externalId")).isEqualTo(a.id()).hasSize(32);
        assertThat(x.get("src")).isEqualTo("10.9.8.7");
        assertThat(x.get("c6a3")).isEqualTo("2001:db8::5");
        assertThat(x.get("c6a3Label")).isEqualTo("Destination IPv6 Address");
        assertThat(x.get("dpt")).isEqualTo("6346");
        assertThat(x.get("proto")).isEqualTo("TCP");
        assertThat(x.get("request")).isEqualTo("http://h.example/a?b=c|d");
        assertThat(x.get("cs2Label")).isEqualTo("estimatedCost");
        assertThat(x.get("cs2")).isEqualTo("0.000148");
        assertThat(x.get("rt")).isEqualTo("1764000000000");
    }

    @Test
    void randomTextSurvivesEveryField() {
        Random r = new Random(15);
        String alphabet = "ab|=\\\n\r CEF:0é€";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(30); i > 0; i--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            Alert a = Alert.builder(AlertType.HTTP_TUNNEL, IpAddress.parse("10.0.0.1"), 0, 1).user(text)
                    .evidence(List.of(new Evidence("k", text, 1))).identifier(text).build();
            Map<String, String> x = CefParser.parse(CefFormat.toCef(a)).extension();
            assertThat(x.get("msg")).isEqualTo("k: " + text);
            assertThat(x.get("cs1")).isEqualTo(text);
            if (!text.isEmpty()) {
                assertThat(x.get("suser")).isEqualTo(text);
            }
        }
    }

    @Test
    void sampleAlertsCarryTheirContext() {
        for (Alert a : LibraryTypeSamplesAccess.alerts()) {
            CefParser.Cef cef = CefParser.parse(CefFormat.toCef(a));
            assertThat(cef.extension().get("externalId")).isEqualTo(a.id());
            a.context().fileName().ifPresent(f -> assertThat(cef.extension().get("fname")).isEqualTo(f));
            a.context().destinationDomain().ifPresent(d -> assertThat(cef.extension().get("dhost")).isEqualTo(d));
            assertThat(new BigDecimal(cef.extension().get("cs2"))).isEqualByComparingTo(a.estimatedCost());
        }
    }
}
