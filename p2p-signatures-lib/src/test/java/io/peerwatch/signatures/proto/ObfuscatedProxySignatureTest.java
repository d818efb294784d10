package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureId;
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
        assertThat(g.up(random(1448, 4))).as("more client data is waited through").isEqualTo(Verdict.NEED_MORE);
        assertThat(g.down(random(40, 5))).as("the server's random answer decides").isEqualTo(Verdict.MATCH);
    }

    @Test
    void unansweredOpeningStaysUndecided() {
        FlowDriver f = flow();
        for (int i = 0; i < 5; i++) {
            assertThat(f.up(random(206, 20 + i))).isEqualTo(Verdict.NEED_MORE);
        }
        assertThat(new EngineRun(IpProtocol.TCP, 43198, 8388).up(random(206, 30)).up(random(206, 31)).result())
                .as("a random opening nobody answers shows no working proxy").isEmpty();
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
        assertThat(flow().up(random(SignatureConfig.DEFAULT_OBFUSCATED_MIN_PAYLOAD - 1, 5))).isEqualTo(Verdict.NO_MATCH);
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
        for (int n = 0; n < SignatureConfig.DEFAULT_OBFUSCATED_MIN_PAYLOAD; n++) {
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

    /** How a random opening answered by random bytes is named, through the default registry. */
    @Test
    void randomExchangesAreSplitBetweenMseAndTheProxyByShape() {
        assertThat(new EngineRun(IpProtocol.TCP, 40000, 51413).up(random(150, 40)).down(random(200, 41))
                .up(random(124, 42)).result().orElseThrow().signature())
                .as("MSE: key, key-sized answer, third message").isEqualTo(SignatureId.BITTORRENT_MSE);
        assertThat(new EngineRun(IpProtocol.TCP, 40000, 51413).up(random(150, 43)).down(random(200, 44)).result())
                .as("cut after a key-sized answer: either reading fits, neither is reported").isEmpty();
        assertThat(new EngineRun(IpProtocol.TCP, 40000, 8388).up(random(206, 45)).down(random(270, 46))
                .down(random(1448, 47)).result().orElseThrow().signature())
                .as("answer longer than an MSE key message").isEqualTo(SignatureId.OBFUSCATED_PROXY);
        assertThat(new EngineRun(IpProtocol.TCP, 40000, 8388).up(random(700, 48)).down(random(300, 49)).result()
                .orElseThrow().signature())
                .as("opening longer than an MSE key message").isEqualTo(SignatureId.OBFUSCATED_PROXY);
        assertThat(new EngineRun(IpProtocol.TCP, 40000, 8388).up(random(150, 50)).down(random(40, 51))
                .up(random(300, 52)).result().orElseThrow().signature())
                .as("answer shorter than a key, then more client data").isEqualTo(SignatureId.OBFUSCATED_PROXY);
    }
}
