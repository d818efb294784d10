package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
import static io.peerwatch.signatures.proto.TunnelPayloads.clientHello;
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

class TlsSignatureTest {

    private static final ByteBuffer HELLO = clientHello("www.ntop.org", List.of("h2", "http/1.1"), true);

    private static FlowDriver flow() {
        return new FlowDriver(TlsSignature.INSTANCE, IpProtocol.TCP, 50000, 443);
    }

    @Test
    void handshakeRecordsMatch() {
        assertThat(flow().up(HELLO)).isEqualTo(Verdict.MATCH);
        assertThat(flow().down(TunnelPayloads.serverHello())).isEqualTo(Verdict.MATCH);
        assertThat(flow().up(clientHello(null, List.of(), false))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void midStreamApplicationDataAndSsl2HellosMatch() {
        assertThat(flow().up(build().u8(23, 3, 3).u16(64).random(64, 1).buffer())).isEqualTo(Verdict.MATCH);
        assertThat(flow().up(build().u8(0x80, 0x2e, 1, 3, 1).u16(21).u16(0).u16(16).random(37, 2).buffer()))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void otherPayloadsDoNotMatch() {
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(22, 3, 9).u16(100).u8(1).random(99, 1).buffer())).as("version 3.9")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(22, 3, 1).u16(0).buffer())).as("empty record").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(22, 3, 1).u16(100).u8(11).random(99, 1).buffer())).as("certificate first")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.random(300, 4))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedRecordHeaderDoesNotMatch() {
        for (int n = 0; n < 6; n++) {
            assertThat(flow().up(TunnelPayloads.truncate(HELLO, n))).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void describeNamesSniAndAlpn() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        TlsSignature.INSTANCE.describe(HELLO, Direction.CLIENT_TO_SERVER, flow().scratch(), m);
        assertThat(m.get(MetadataKey.TLS_SNI)).containsExactly("www.ntop.org");
        assertThat(m.get(MetadataKey.TLS_ALPN)).containsExactly("h2,http/1.1");
    }

    @Test
    void describeOfACutHelloKeepsWhatIsVisible() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        for (int n = 0; n < HELLO.limit(); n++) {
            TlsSignature.INSTANCE.describe(TunnelPayloads.truncate(HELLO, n), Direction.CLIENT_TO_SERVER, flow().scratch(), m);
        }
        assertThat(m.get(MetadataKey.TLS_SNI)).containsExactly("www.ntop.org");
    }

    @Test
    void engineNamesTlsForABrowserHello() {
        Classification c = new EngineRun(IpProtocol.TCP, 50000, 443).up(HELLO).down(TunnelPayloads.serverHello())
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.TLS);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
    }
}
