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

class SshSignatureTest {

    private static final ByteBuffer CLIENT_BANNER = ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
    private static final ByteBuffer SERVER_BANNER = ascii("SSH-1.99-Cisco-1.25\r\n");

    private static FlowDriver flow() {
        return new FlowDriver(SshSignature.INSTANCE, IpProtocol.TCP, 50000, 22);
    }

    @Test
    void clientBannerMatches() {
        assertThat(flow().up(CLIENT_BANNER)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void serverBannerWithProtocolVersion199Matches() {
        assertThat(flow().down(SERVER_BANNER)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void serverMaySendOtherLinesBeforeItsVersion() {
        assertThat(flow().down(ascii("Authorised use only\r\nSSH-2.0-dropbear_2022.83\r\n"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void clientMustStartWithItsVersion() {
        assertThat(flow().up(ascii("hello\r\nSSH-2.0-x\r\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.clientHello("example.com", java.util.List.of("h2"), true)))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.random(300, 1))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().down(ascii("220 mail.example.com ESMTP\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(ascii("SSH-1.5-old\r\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void decidesOnTheFirstPayloadOfEachDirection() {
        FlowDriver f = flow();
        assertThat(f.down(ascii("220 ready\r\n"))).isEqualTo(Verdict.NO_MATCH);
        FlowDriver g = flow();
        g.up(CLIENT_BANNER);
        assertThat(g.up(CLIENT_BANNER)).as("a later payload is not a version exchange").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedBannerDoesNotMatchOrThrow() {
        for (int n = 0; n < "SSH-2.0-".length(); n++) {
            assertThat(flow().up(TunnelPayloads.truncate(CLIENT_BANNER, n))).isEqualTo(Verdict.NO_MATCH);
            assertThat(flow().down(TunnelPayloads.truncate(ascii("motd\r\nSSH-2.0-x\r\n"), 6 + n)))
                    .isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void describeNamesTheSoftwareVersion() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        SshSignature.INSTANCE.describe(CLIENT_BANNER, Direction.CLIENT_TO_SERVER, flow().scratch(), m);
        assertThat(m.get(MetadataKey.CLIENT)).containsExactly("OpenSSH_9.2p1 Debian-2");
    }

    @Test
    void engineNamesSshAndBothVersions() {
        Classification c = new EngineRun(IpProtocol.TCP, 50000, 22).down(SERVER_BANNER).up(CLIENT_BANNER)
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.SSH);
        assertThat(c.metadata().get(MetadataKey.CLIENT)).containsExactly("Cisco-1.25", "OpenSSH_9.2p1 Debian-2");
    }
}
