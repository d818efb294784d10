package io.peerwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.testing.Corpus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ADC over TLS between two real clients ({@code lab/directconnect/dc-adcs-ncdc-s1.pcap}: uhub
 * 0.4.1 with TLS required, two ncdc 1.23.1 clients with {@code tls_policy prefer}) through
 * {@code classify}: the client-to-client connection is TLS 1.3 without SNI or ALPN, opened by the
 * uploader (198.18.60.12) to the active downloader (198.18.60.11), whose ADCS hub session is the
 * only Direct Connect evidence. The connection is judged from both ends, so the listener's
 * evidence names it Direct Connect; no port or address of the capture is known to any rule.
 */
class DirectConnectOverTlsTest {

    @Test
    void theClientToClientConnectionIsDirectConnectByTheListenersHubSession() {
        ClassifyReport r = Classifier.defaults().classify(List.of(Corpus.lab("directconnect/dc-adcs-ncdc-s1.pcap")));
        FlowResult cc = r.flows().stream()
                .filter(f -> f.flow().key().ipProtocol() == IpProtocol.TCP && f.flow().bytes() > 1_000_000)
                .findFirst().orElseThrow();
        assertThat(cc.flow().key().client()).hasToString("198.18.60.12");
        assertThat(cc.protocol()).isEqualTo(Protocol.DIRECT_CONNECT);
        assertThat(cc.signature()).contains(SignatureId.TLS_TUNNEL);
        assertThat(cc.confidenceKind()).contains(ConfidenceKind.BEHAVIOUR);
        assertThat(String.join("\n", cc.metadata().get(MetadataKey.NOTE)))
                .contains("other end 198.18.60.11", "corroborated by 1 DirectConnect flows with payload evidence",
                        "direct_connect_adcs");
        // the hub session keeps its payload label; the judgement is about the host with the evidence
        assertThat(r.flows()).filteredOn(f -> f.signature().filter(s -> s == SignatureId.DIRECT_CONNECT_ADCS).isPresent())
                .singleElement().satisfies(f -> assertThat(f.flow().key().client()).hasToString("198.18.60.11"));
        assertThat(r.summary().hosts()).singleElement().satisfies(h -> {
            assertThat(h.host()).hasToString("198.18.60.11");
            assertThat(h.finding()).isEqualTo("P2P_CLIENT");
            assertThat(h.subject()).isEqualTo(Protocol.DIRECT_CONNECT.displayName());
        });
        assertThat(r.flows()).noneSatisfy(f -> assertThat(f.protocol()).isEqualTo(Protocol.TLS_TUNNEL));
    }
}
