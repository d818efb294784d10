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

class TorSignatureTest {

    private static FlowDriver flow() {
        return new FlowDriver(TorSignature.INSTANCE, IpProtocol.TCP, 51110, 443);
    }

    /** Server flight with a certificate naming {@code cn} (only the name bytes matter here). */
    private static ByteBuffer serverFlight(String cn) {
        return TunnelPayloads.build().bytes(TunnelPayloads.serverHello().array()).u8(22, 3, 1).u16(200).u8(11)
                .random(40, 1).u8(0x06, 0x03, 0x55, 0x04, 0x03, 0x13, cn.length()).ascii(cn).random(60, 2).buffer();
    }

    @Test
    void randomBase32SniWithoutAlpnMatches() {
        for (String sni : List.of("www.ct7ctrgb6cr7.com", "www.t3i3ru.com", "www.q4cyamnc6mtokjurvdclt.com")) {
            assertThat(flow().up(clientHello(sni, List.of(), false))).as(sni).isEqualTo(Verdict.MATCH);
        }
    }

    @Test
    void sniWithoutDigitNeedsTheCertificateName() {
        FlowDriver f = flow();
        assertThat(f.up(clientHello("www.abcdefghij.com", List.of(), true))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(serverFlight("www.bpcau5b3haif5els.net"))).isEqualTo(Verdict.MATCH);
        FlowDriver g = flow();
        assertThat(g.up(clientHello("www.google.com", List.of(), true))).isEqualTo(Verdict.NEED_MORE);
        assertThat(g.down(serverFlight("www.google.com"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void ordinaryHellosDoNotMatch() {
        assertThat(flow().up(clientHello("www.ct7ctrgb6cr7.com", List.of("h2"), true))).as("ALPN").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(clientHello("www.example.org", List.of(), true))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(clientHello("www.Ct7ctrgb6cr7.com", List.of(), true))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(clientHello("www.ct7ctrgb6cr8.com", List.of(), true))).as("8 is not base32")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(clientHello("www.ab2.com", List.of(), true))).as("too short").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(clientHello("www.abcdefghijklmnopqrstuvwxy2.com", List.of(), true))).as("too long")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(clientHello(null, List.of(), true))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.random(300, 1))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedHelloDoesNotMatch() {
        ByteBuffer hello = clientHello("www.ct7ctrgb6cr7.com", List.of(), false);
        for (int n = 0; n < hello.limit(); n++) {
            assertThat(flow().up(TunnelPayloads.truncate(hello, n))).as("prefix %d", n).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesTorNotTlsOrTlsTunnel() {
        Classification c = new EngineRun(IpProtocol.TCP, 51110, 443)
                .up(clientHello("www.e6r5p57kbafwrxj3plz.com", List.of(), true)).down(TunnelPayloads.serverHello())
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.TOR);
        assertThat(c.first(MetadataKey.TLS_SNI)).isEqualTo("www.e6r5p57kbafwrxj3plz.com");
    }
}
