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
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpSignatureTest {

    private static FlowDriver flow() {
        return new FlowDriver(HttpSignature.INSTANCE, IpProtocol.TCP, 50000, 80);
    }

    @Test
    void requestsAndResponsesMatch() {
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.MATCH);
        assertThat(flow().up(ascii("POST /api/v1/items HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}"))).isEqualTo(Verdict.MATCH);
        assertThat(flow().up(ascii("OPTIONS * HTTP/1.1\r\n\r\n"))).isEqualTo(Verdict.MATCH);
        assertThat(flow().up(ascii("GET http://www.example.test/ HTTP/1.1\r\nHost: www.example.test\r\n\r\n")))
                .isEqualTo(Verdict.MATCH);
        assertThat(flow().down(ascii("HTTP/1.1 304 Not Modified\r\n\r\n"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void requestLineCutBySegmentEndStillMatches() {
        assertThat(flow().up(ascii("GET /search?q=" + "x".repeat(1500)))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void nonHttpDoesNotMatch() {
        for (String s : List.of("GET / FOO/1.1\r\n", "GETX / HTTP/1.1\r\n", "get / HTTP/1.1\r\n", "GET  HTTP/1.1\r\n",
                "HELO mail.example.com\r\n", "HTTP/2 200\r\n", "RTSP/1.0 200 OK\r\n", "SSH-2.0-x\r\n")) {
            assertThat(flow().up(ascii(s))).as(s).isEqualTo(Verdict.NO_MATCH);
        }
        assertThat(flow().up(TunnelPayloads.random(400, 1))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.clientHello("www.example.com", List.of("h2"), true))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void onlyTheFirstPayloadDecides() {
        FlowDriver f = flow();
        f.up(ascii("\u0013BitTorrent protocol"));
        assertThat(f.up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedRequestNeedsMethodSpaceAndTarget() {
        for (int n = 0; n <= "GET ".length(); n++) {
            assertThat(flow().up(TunnelPayloads.truncate(TunnelPayloads.httpGet(), n))).isEqualTo(Verdict.NO_MATCH);
        }
        for (int n = 0; n < "HTTP/1.1 200".length(); n++) {
            assertThat(flow().down(TunnelPayloads.truncate(ascii("HTTP/1.1 200 OK\r\n"), n))).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void describeNamesHostUriAndUserAgent() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        HttpSignature.INSTANCE.describe(TunnelPayloads.httpGet(), Direction.CLIENT_TO_SERVER, flow().scratch(), m);
        assertThat(m.get(MetadataKey.HTTP_HOST)).containsExactly("www.example.com");
        assertThat(m.get(MetadataKey.HTTP_URI)).containsExactly("/index.html");
        assertThat(m.get(MetadataKey.CLIENT)).containsExactly("Mozilla/5.0");
    }

    @Test
    void engineNamesHttpForAnOrdinaryRequest() {
        Classification c = new EngineRun(IpProtocol.TCP, 50000, 80).up(TunnelPayloads.httpGet())
                .down(ascii("HTTP/1.1 200 OK\r\n\r\n")).result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.HTTP);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
    }
}
