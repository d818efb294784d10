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
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpConnectSignatureTest {

    private static final ByteBuffer CONNECT_4662 = ascii("CONNECT 198.51.100.7:4662 HTTP/1.0\r\n"
            + "User-Agent: corkscrew\r\n\r\n");
    private static final ByteBuffer CONNECT_443 = ascii("CONNECT secure.example.com:443 HTTP/1.1\r\n"
            + "Host: secure.example.com:443\r\nUser-Agent: Mozilla/5.0\r\n\r\n");
    private static final ByteBuffer ESTABLISHED = ascii("HTTP/1.1 200 Connection established\r\n\r\n");

    private static FlowDriver flow() {
        return new FlowDriver(HttpConnectSignature.INSTANCE, IpProtocol.TCP, 50000, 3128);
    }

    @Test
    void connectToAnOddPortMatchesOnTheRequest() {
        assertThat(flow().up(CONNECT_4662)).isEqualTo(Verdict.MATCH);
        assertThat(flow().up(ascii("CONNECT [2001:db8::1]:22 HTTP/1.1\r\n\r\n"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void connectTo443CarryingTlsIsOrdinaryProxiedHttps() {
        FlowDriver f = flow();
        assertThat(f.up(CONNECT_443)).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(ESTABLISHED)).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(TunnelPayloads.clientHello("secure.example.com", List.of("h2"), true)))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void connectTo443CarryingSomethingElseIsATunnel() {
        FlowDriver f = flow();
        assertThat(f.up(CONNECT_443)).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(ESTABLISHED)).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(ascii("SSH-2.0-OpenSSH_9.2\r\n"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void proxyReplyAloneMatchesWhenTheRequestWasNotCaptured() {
        assertThat(flow().down(ESTABLISHED)).isEqualTo(Verdict.MATCH);
        assertThat(flow().down(ascii("HTTP/1.1 200 OK\r\n\r\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void malformedConnectsAndOtherProtocolsDoNotMatch() {
        for (String bad : List.of("CONNECT example.com HTTP/1.1\r\n", "CONNECT example.com:99999 HTTP/1.1\r\n",
                "CONNECT example.com:0 HTTP/1.1\r\n", "CONNECT example.com:22 FOO/1.1\r\n",
                "CONNECT example.com:1234567 HTTP/1.1\r\n", "connect example.com:22 HTTP/1.1\r\n")) {
            assertThat(flow().up(ascii(bad))).as(bad).isEqualTo(Verdict.NO_MATCH);
        }
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.random(200, 3))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.clientHello("a.example", List.of("h2"), true))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedRequestNeverMatchesBeforeThePortIsComplete() {
        int portEnd = "CONNECT 198.51.100.7:4662".length();
        for (int n = 0; n <= portEnd; n++) {
            assertThat(flow().up(TunnelPayloads.truncate(CONNECT_4662, n))).as("prefix %d", n).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void describeNamesTargetAndClient() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        HttpConnectSignature.INSTANCE.describe(CONNECT_4662, Direction.CLIENT_TO_SERVER, flow().scratch(), m);
        assertThat(m.get(MetadataKey.SERVER_HOST)).containsExactly("198.51.100.7:4662");
        assertThat(m.get(MetadataKey.HTTP_HOST)).containsExactly("198.51.100.7:4662");
        assertThat(m.get(MetadataKey.CLIENT)).containsExactly("corkscrew");
        assertThat(m.get(MetadataKey.NOTE)).containsExactly("CONNECT to port 4662");
    }

    @Test
    void engineNamesTheTunnelNotHttp() {
        Classification c = new EngineRun(IpProtocol.TCP, 50000, 3128).up(CONNECT_4662).down(ESTABLISHED)
                .up(TunnelPayloads.random(1400, 4)).result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.HTTP_CONNECT);
        assertThat(c.first(MetadataKey.SERVER_HOST)).isEqualTo("198.51.100.7:4662");
    }

    @Test
    void engineLeavesProxiedHttpsToTheHttpRecogniser() {
        Classification c = new EngineRun(IpProtocol.TCP, 50000, 3128).up(CONNECT_443).down(ESTABLISHED)
                .up(TunnelPayloads.clientHello("secure.example.com", List.of("h2"), true)).result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.HTTP);
        assertThat(c.first(MetadataKey.HTTP_HOST)).isEqualTo("secure.example.com:443");
    }
}
