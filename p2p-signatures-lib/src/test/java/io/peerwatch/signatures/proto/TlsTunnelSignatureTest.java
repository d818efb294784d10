package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.clientHello;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsTunnelSignatureTest {

    private static final ByteBuffer STUNNEL = clientHello("vpn.example.test", List.of(), true);
    private static final ByteBuffer BROWSER = clientHello("www.example.com", List.of("h2", "http/1.1"), true);

    private static FlowDriver flow(int port) {
        return new FlowDriver(TlsTunnelSignature.INSTANCE, IpProtocol.TCP, 40000, port);
    }

    @Test
    void tls13WithoutAlpnMatchesOnAnyPort() {
        assertThat(flow(443).up(STUNNEL)).isEqualTo(Verdict.MATCH);
        assertThat(flow(8443).up(STUNNEL)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void noSniToAnOddPortMatches() {
        assertThat(flow(50053).up(clientHello(null, List.of("h2", "http/1.1"), false))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void browserLikeAndOlderHellosStayTls() {
        assertThat(flow(443).up(BROWSER)).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow(8443).up(BROWSER)).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow(443).up(clientHello(null, List.of(), false))).as("old client, bare address, 443")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow(443).up(clientHello("api.example.com", List.of(), false))).as("TLS 1.2 app without ALPN")
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void tlsServicesOtherThanHttpsAreNotTunnels() {
        for (int port : new int[] {465, 853, 993, 995, 5061, 8883}) {
            assertThat(flow(port).up(STUNNEL)).as("port %d", port).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void nonTlsAndServerFirstDoNotMatch() {
        assertThat(flow(443).up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow(443).up(TunnelPayloads.random(300, 2))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow(443).down(STUNNEL)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedHelloIsNotJudged() {
        for (int n = 0; n < STUNNEL.limit(); n++) {
            assertThat(flow(443).up(TunnelPayloads.truncate(STUNNEL, n))).as("prefix %d", n).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineSeparatesWrappersFromBrowsers() {
        Classification tunnel = new EngineRun(IpProtocol.TCP, 40000, 8443).up(STUNNEL).down(TunnelPayloads.serverHello())
                .result().orElseThrow();
        assertThat(tunnel.protocol()).isEqualTo(Protocol.TLS_TUNNEL);
        assertThat(tunnel.first(MetadataKey.TLS_SNI)).isEqualTo("vpn.example.test");
        assertThat(tunnel.first(MetadataKey.NOTE)).startsWith("TLS 1.3 ClientHello without ALPN");
        Classification web = new EngineRun(IpProtocol.TCP, 40000, 443).up(BROWSER).down(TunnelPayloads.serverHello())
                .result().orElseThrow();
        assertThat(web.protocol()).isEqualTo(Protocol.TLS);
        assertThat(web.first(MetadataKey.TLS_ALPN)).isEqualTo("h2,http/1.1");
    }
}
