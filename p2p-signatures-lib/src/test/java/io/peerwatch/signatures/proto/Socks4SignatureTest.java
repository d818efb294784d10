package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
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

class Socks4SignatureTest {

    /** VN=4 CD=1 port 80 ip 93.184.216.34 userid "" NUL. */
    private static final ByteBuffer REQUEST = build().u8(4, 1).u16(80).u8(93, 184, 216, 34).u8(0).buffer();
    /** SOCKS 4A: ip 0.0.0.1, userid "bob", host "www.example.com". */
    private static final ByteBuffer REQUEST_4A = build().u8(4, 1).u16(443).u8(0, 0, 0, 1).ascii("bob").u8(0)
            .ascii("www.example.com").u8(0).buffer();
    private static final ByteBuffer GRANTED = build().u8(0, 90).u16(0).u32(0).buffer();

    private static FlowDriver flow() {
        return new FlowDriver(Socks4Signature.INSTANCE, IpProtocol.TCP, 50000, 1080);
    }

    @Test
    void requestThenReplyMatches() {
        FlowDriver f = flow();
        assertThat(f.up(REQUEST)).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(GRANTED)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void rejectedRequestStillMatches() {
        FlowDriver f = flow();
        f.up(REQUEST);
        assertThat(f.down(build().u8(0, 91).u16(0).u32(0).buffer())).isEqualTo(Verdict.MATCH);
    }

    @Test
    void socks4aHostRequestMatchesAlone() {
        assertThat(flow().up(REQUEST_4A)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void wrongReplyRulesOut() {
        FlowDriver f = flow();
        f.up(REQUEST);
        assertThat(f.down(build().u8(0, 94).u16(0).u32(0).buffer())).isEqualTo(Verdict.NO_MATCH);
        FlowDriver g = flow();
        g.up(REQUEST);
        assertThat(g.down(build().u8(0, 90).u16(0).u32(0).u8(1).buffer())).as("9 bytes").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void malformedRequestsAndOtherProtocolsDoNotMatch() {
        assertThat(flow().up(build().u8(4, 3).u16(80).u8(1, 2, 3, 4).u8(0).buffer())).as("command 3").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(4, 1).u16(80).u8(1, 2, 3, 4).u8(0, 7).buffer())).as("trailing byte")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(4, 1).u16(80).u8(1, 2, 3, 4).u8(1, 2, 0).buffer())).as("binary user id")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(4, 1).u16(80).u8(0, 0, 0, 1).u8(0).ascii("a b").u8(0).buffer()))
                .as("space in host").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.random(9, 5))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().down(GRANTED)).as("server first").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedRequestsDoNotMatch() {
        for (int n = 0; n < REQUEST_4A.limit(); n++) {
            assertThat(flow().up(TunnelPayloads.truncate(REQUEST_4A, n))).as("prefix %d", n).isNotEqualTo(Verdict.MATCH);
        }
        for (int n = 0; n < REQUEST.limit(); n++) {
            assertThat(flow().up(TunnelPayloads.truncate(REQUEST, n))).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void describeNamesTheDestination() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        Socks4Signature.INSTANCE.describe(REQUEST_4A, Direction.CLIENT_TO_SERVER, flow().scratch(), m);
        assertThat(m.get(MetadataKey.SERVER_HOST)).containsExactly("www.example.com:443");
        assertThat(m.get(MetadataKey.NICK)).containsExactly("bob");
    }

    @Test
    void engineNamesSocksWithTheRequestedAddress() {
        Classification c = new EngineRun(IpProtocol.TCP, 50000, 1080).up(REQUEST).down(GRANTED)
                .up(TunnelPayloads.httpGet()).result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.SOCKS);
        assertThat(c.first(MetadataKey.SERVER_HOST)).isEqualTo("93.184.216.34:80");
        assertThat(c.first(MetadataKey.HTTP_HOST)).isEqualTo("www.example.com");
    }
}
