package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.Evidence;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EcsJson} both ways: what {@code toJson} writes, {@code fromJson} reads back as the same alert. */
class EcsJsonRoundTripTest {

    private static final IpAddress HOST = IpAddress.parse("10.0.0.5");
    private static final long T0 = 1_790_000_000_000L;

    private static List<Alert> samples() {
        return List.of(
                Alert.builder(AlertType.P2P_PORT_ACTIVITY, HOST, T0, T0 + 60_000).user("bob").eventTime(T0 + 59_999)
                        .protocol("BitTorrent").severity(Severity.CRITICAL).confidence(0.5)
                        .evidence(List.of(new Evidence("application", "BitTorrent", 41),
                                new Evidence("port", "6881/tcp BitTorrent \u2192 peers", 3)))
                        .bytes(123_456_789).cost(new BigDecimal("14.81"), "EUR").distinctPeers(31)
                        .identifier("10.0.0.5 BitTorrent").suppressFor(3_600_000)
                        .context(AlertContext.builder().sourceIp(HOST).build()).build(),
                Alert.builder(AlertType.LARGE_MEDIA_DOWNLOAD, HOST, T0 - 1_500, T0 + 1).user("carol").eventTime(T0)
                        .evidence(List.of(new Evidence("file", "a|b=c\\d\nx.avi \"<q>\"", 1)))
                        .bytes(83_886_080).cost(new BigDecimal("10.0663296"), "AUD")
                        .context(AlertContext.builder().sourceIp(HOST).sourcePort(50123)
                                .destinationIp(IpAddress.parse("2001:db8::7")).destinationPort(8080)
                                .destinationDomain("media.example").ipProtocol(6).url("http://media.example:8080/x.avi?q=1")
                                .httpMethod("GET").httpStatus(200).httpRequestBytes(512).httpResponseBytes(83_886_080)
                                .fileName("x.avi").fileSize(83_886_080).build())
                        .build(),
                Alert.builder(AlertType.ICMP_TUNNEL, IpAddress.parse("2001:db8::5"), T0, T0 + 300_000).eventTime(T0 + 10)
                        .protocol("ICMP_Tunnel").severity(Severity.HIGH).confidence(0.8)
                        .context(AlertContext.builder().sourceIp(IpAddress.parse("2001:db8::5"))
                                .destinationIp(IpAddress.parse("2001:db8::9")).ipProtocol(58).build())
                        .build());
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameAlert() {
        for (Alert a : samples()) {
            assertThat(EcsJson.fromJson(EcsJson.toJson(a))).as(a.type().name()).isEqualTo(a);
        }
    }

    @Test
    void aDocumentThatIsNotAnAlertSaysWhatIsMissing() {
        assertThatThrownBy(() -> EcsJson.fromJson("{\"event\":{}}")).hasMessage("no event.id (not a PeerWatch ECS alert)");
        assertThatThrownBy(() -> EcsJson.fromJson("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> EcsJson.fromJson("{")).hasMessageStartingWith("not JSON (");
        String doc = EcsJson.toJson(samples().get(0)).replace("\"source\":{\"ip\":\"10.0.0.5\"", "\"source\":{\"ip\":\"10.0.0.500\"");
        assertThatThrownBy(() -> EcsJson.fromJson(doc)).hasMessage("source.ip is not an IP address");
    }
}
