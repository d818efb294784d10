package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObfuscatedProxySignatureTest {

    private static FlowDriver flow() {
        return new FlowDriver(ObfuscatedProxySignature.INSTANCE, IpProtocol.TCP, 43198, 8388);
    }

    @Test
    void randomOpeningAnsweredWithRandomBytesMatches() {
        FlowDriver f = flow();
        assertThat(f.up(random(206, 1))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(random(270, 2))).isEqualTo(Verdict.MATCH);
        FlowDriver g = flow();
        g.up(random(105, 3));
        assertThat(g.up(random(1448, 4))).as("client keeps sending random bytes").isEqualTo(Verdict.MATCH);
    }

    @Test
    void randomOpeningAnsweredWithTextRulesOut() {
        FlowDriver f = flow();
        f.up(random(206, 1));
        assertThat(f.down(TunnelPayloads.ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void structuredOrShortOpeningsDoNotMatch() {
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.clientHello("a.example", List.of("h2"), true))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.ascii("SSH-2.0-OpenSSH_9.2\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(random(ObfuscatedProxySignature.DEFAULT_MIN_PAYLOAD - 1, 5))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.build().random(64, 6).zeros(200).buffer())).as("zero padding")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().down(random(300, 7))).as("server speaks first").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.build().u8(0x17, 3, 3).u16(400).random(400, 8).buffer()))
                .as("TLS application data record").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void flowsCapturedMidStreamAreNotJudged() {
        FlowDriver f = flow();
        f.scratch().setMidStream(true);
        assertThat(f.up(random(1448, 11))).as("the middle of SSH or TLS looks random too").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedOpeningsDoNotMatch() {
        for (int n = 0; n < ObfuscatedProxySignature.DEFAULT_MIN_PAYLOAD; n++) {
            assertThat(flow().up(TunnelPayloads.truncate(random(206, 1), n))).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesTheObfuscatedProxy() {
        Classification c = new EngineRun(IpProtocol.TCP, 43198, 8388).up(random(206, 9)).down(random(1448, 10))
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.OBFUSCATED_PROXY);
        assertThat(c.first(MetadataKey.NOTE)).startsWith("random-looking payloads");
    }
}
