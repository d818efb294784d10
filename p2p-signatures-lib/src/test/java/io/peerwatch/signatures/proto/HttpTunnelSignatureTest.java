package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class HttpTunnelSignatureTest {

    /** htc through a proxy: absolute URI, request line alone in the first segment. */
    private static final ByteBuffer PROXIED_POST = ascii("POST http://203.0.113.9:8888/index.html?crap=1795607586 HTTP/1.1\r\n");
    private static final ByteBuffer DIRECT_GET = ascii("GET /index.html?crap=1014212221 HTTP/1.1\r\nHost: 203.0.113.9:8888\r\n"
            + "Connection: close\r\n\r\n");

    private static FlowDriver flow() {
        return new FlowDriver(HttpTunnelSignature.INSTANCE, IpProtocol.TCP, 50000, 8888);
    }

    @Test
    void upstreamAndDownstreamRequestsMatch() {
        assertThat(flow().up(PROXIED_POST)).isEqualTo(Verdict.MATCH);
        assertThat(flow().up(DIRECT_GET)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void ordinaryRequestsDoNotMatch() {
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(ascii("GET /index.html?crap=abc HTTP/1.1\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(ascii("GET /other.html?crap=1 HTTP/1.1\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(ascii("PUT /index.html?crap=1 HTTP/1.1\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.random(100, 2))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().down(DIRECT_GET)).as("only the client sends it").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void onlyTheFirstClientPayloadCounts() {
        FlowDriver f = flow();
        f.up(TunnelPayloads.httpGet());
        assertThat(f.up(DIRECT_GET)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedBeforeTheNumberDoesNotMatch() {
        int digit = "GET /index.html?crap=".length();
        for (int n = 0; n <= digit; n++) {
            assertThat(flow().up(TunnelPayloads.truncate(DIRECT_GET, n))).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void describeNamesHostUriAndDirection() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        HttpTunnelSignature.INSTANCE.describe(PROXIED_POST, Direction.CLIENT_TO_SERVER, flow().scratch(), m);
        assertThat(m.get(MetadataKey.HTTP_HOST)).containsExactly("203.0.113.9:8888");
        assertThat(m.get(MetadataKey.HTTP_URI)).containsExactly("http://203.0.113.9:8888/index.html?crap=1795607586");
        assertThat(m.get(MetadataKey.NOTE)).containsExactly("httptunnel upstream (POST)");
    }

    @Test
    void engineNamesHttptunnelNotHttp() {
        Classification c = new EngineRun(IpProtocol.TCP, 50000, 8888).up(DIRECT_GET)
                .down(ascii("HTTP/1.1 200 OK\r\nContent-Length: 102400\r\n\r\n")).result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.HTTPTUNNEL);
    }
}
