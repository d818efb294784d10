package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.clientHello;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureId;
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
    void aHelloWithoutAlpnMatchesOnAnyPortAndVersion() {
        assertThat(flow(443).up(STUNNEL)).isEqualTo(Verdict.MATCH);
        assertThat(flow(8443).up(STUNNEL)).isEqualTo(Verdict.MATCH);
        assertThat(flow(443).up(clientHello("api.example.com", List.of(), false))).as("TLS 1.2 without ALPN")
                .isEqualTo(Verdict.MATCH);
        assertThat(flow(443).up(clientHello(null, List.of(), false))).as("old client, bare address, 443")
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void noSniToAnOddPortMatches() {
        assertThat(flow(50053).up(clientHello(null, List.of("h2", "http/1.1"), false))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void browserLikeHellosStayTls() {
        assertThat(flow(443).up(BROWSER)).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow(8443).up(BROWSER)).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow(443).up(clientHello(null, List.of("http/1.1"), false))).as("bare address on 443 with ALPN")
                .isEqualTo(Verdict.NO_MATCH);
    }

    /** The verdict of a flow that opened with {@code hello} to {@code port}, as the flow's end reviews it. */
    private static Classification atEnd(TlsTunnelSignature sig, ByteBuffer hello, int port, long up, long down) {
        Classification atHello = new EngineRun(IpProtocol.TCP, 40000, port).up(hello).down(TunnelPayloads.serverHello())
                .result().orElseThrow();
        assertThat(atHello.protocol()).isEqualTo(Protocol.TLS_TUNNEL);
        return sig.atFlowEnd(atHello, up, down);
    }

    @Test
    void withoutAlpnOnlyAFlowThatPushesDataThroughStaysATunnel() {
        TlsTunnelSignature sig = TlsTunnelSignature.INSTANCE;
        long min = SignatureConfig.DEFAULT_TLS_TUNNEL_MIN_UPLOAD_BYTES;
        Classification pushed = atEnd(sig, STUNNEL, 443, 513_272, 1_945);
        assertThat(pushed.protocol()).isEqualTo(Protocol.TLS_TUNNEL);
        assertThat(pushed.first(MetadataKey.NOTE)).contains("the client sent 513272 bytes, the server 1945");
        assertThat(pushed.first(MetadataKey.TLS_SNI)).isEqualTo("vpn.example.test");
        // wget, Python, Java, openssl s_client fetching a file: a request and its answer
        Classification download = atEnd(sig, STUNNEL, 443, 807, 402_494);
        assertThat(download.protocol()).isEqualTo(Protocol.TLS);
        assertThat(download.signature()).as("still a TLS suspect for P2P corroboration").isEqualTo(SignatureId.TLS_TUNNEL);
        assertThat(download.first(MetadataKey.NOTE)).contains("not judged a tunnel");
        assertThat(download.first(MetadataKey.TLS_SNI)).isEqualTo("vpn.example.test");
        assertThat(atEnd(sig, STUNNEL, 443, min - 1, 100).protocol()).as("below the threshold").isEqualTo(Protocol.TLS);
        assertThat(atEnd(sig, STUNNEL, 443, min, min - 1).protocol()).isEqualTo(Protocol.TLS_TUNNEL);
        assertThat(atEnd(sig, STUNNEL, 443, 10 * min, 10 * min).protocol()).as("no more than the server")
                .isEqualTo(Protocol.TLS);
    }

    @Test
    void theUploadThresholdComesFromTheConfiguration() {
        TlsTunnelSignature strict = new TlsTunnelSignature(SignatureConfig.builder().tlsTunnelMinUploadBytes(1_000_000).build());
        assertThat(atEnd(strict, STUNNEL, 443, 513_272, 1_945).protocol()).isEqualTo(Protocol.TLS);
        TlsTunnelSignature loose = new TlsTunnelSignature(SignatureConfig.builder().tlsTunnelMinUploadBytes(100).build());
        assertThat(atEnd(loose, STUNNEL, 443, 807, 402).protocol()).isEqualTo(Protocol.TLS_TUNNEL);
    }

    @Test
    void noSniToAnOddPortIsATunnelWhateverTheFlowCarries() {
        ByteBuffer bare = clientHello(null, List.of(), true);
        Classification c = atEnd(TlsTunnelSignature.INSTANCE, bare, 50053, 500, 400_000);
        assertThat(c.protocol()).isEqualTo(Protocol.TLS_TUNNEL);
        assertThat(c.first(MetadataKey.NOTE)).isEqualTo(TlsTunnelSignature.NO_SNI);
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
        assertThat(tunnel.first(MetadataKey.NOTE)).isEqualTo(TlsTunnelSignature.NO_ALPN);
        Classification web = new EngineRun(IpProtocol.TCP, 40000, 443).up(BROWSER).down(TunnelPayloads.serverHello())
                .result().orElseThrow();
        assertThat(web.protocol()).isEqualTo(Protocol.TLS);
        assertThat(web.first(MetadataKey.TLS_ALPN)).isEqualTo("h2,http/1.1");
    }
}
