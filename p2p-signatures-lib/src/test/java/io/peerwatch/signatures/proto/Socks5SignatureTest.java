package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
import static io.peerwatch.signatures.proto.TunnelPayloads.bytes;
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

class Socks5SignatureTest {

    /** VER 5, two methods: no auth, username/password. */
    private static final ByteBuffer GREETING = bytes(5, 2, 0, 2);
    private static final ByteBuffer CONNECT_DOMAIN = build().u8(5, 1, 0, 3, 15).ascii("www.example.com").u16(80).buffer();
    private static final ByteBuffer CONNECT_IPV4 = build().u8(5, 1, 0, 1, 192, 0, 2, 7).u16(443).buffer();
    private static final ByteBuffer CONNECT_IPV6 = build().u8(5, 1, 0, 4).u16(0x2001).u16(0xdb8).zeros(11).u8(1).u16(22)
            .buffer();
    private static final ByteBuffer AUTH = build().u8(1, 5).ascii("alice").u8(6).ascii("secret").buffer();

    private static FlowDriver flow() {
        return new FlowDriver(Socks5Signature.INSTANCE, IpProtocol.TCP, 50000, 1080);
    }

    @Test
    void greetingThenServerChoiceMatches() {
        FlowDriver f = flow();
        assertThat(f.up(GREETING)).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(bytes(5, 2))).isEqualTo(Verdict.MATCH);
        FlowDriver g = flow();
        g.up(GREETING);
        assertThat(g.down(bytes(5, 0xFF))).as("no acceptable method").isEqualTo(Verdict.MATCH);
    }

    @Test
    void serverChoosingAMethodNotOfferedRulesOut() {
        FlowDriver f = flow();
        f.up(GREETING);
        assertThat(f.down(bytes(5, 1))).isEqualTo(Verdict.NO_MATCH);
        FlowDriver g = flow();
        g.up(GREETING);
        assertThat(g.down(bytes(5, 0, 0))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void clientSideAloneNeedsAnExactRequestOrAuthentication() {
        FlowDriver f = flow();
        f.up(GREETING);
        assertThat(f.up(CONNECT_DOMAIN)).isEqualTo(Verdict.MATCH);
        FlowDriver g = flow();
        g.up(GREETING);
        assertThat(g.up(AUTH)).isEqualTo(Verdict.MATCH);
        FlowDriver h = flow();
        h.up(bytes(5, 1, 0));
        assertThat(h.up(TunnelPayloads.random(40, 1))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void pipelinedGreetingAndRequestMatch() {
        ByteBuffer both = build().u8(5, 1, 0).bytes(CONNECT_IPV4.array()).buffer();
        assertThat(flow().up(both)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void malformedGreetingsAndOtherProtocolsDoNotMatch() {
        assertThat(flow().up(bytes(5, 2, 0))).as("short").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(bytes(5, 1, 0x20))).as("unassigned method").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(bytes(5, 0))).as("no methods").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(bytes(5, 1, 0, 9, 9))).as("trailing garbage").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.random(3, 9))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().down(bytes(5, 0))).as("server first").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedPayloadsDoNotMatch() {
        for (int n = 0; n < GREETING.limit(); n++) {
            FlowDriver f = flow();
            assertThat(f.up(TunnelPayloads.truncate(GREETING, n))).isNotEqualTo(Verdict.MATCH);
        }
        for (int n = 0; n < CONNECT_DOMAIN.limit(); n++) {
            FlowDriver f = flow();
            f.up(GREETING);
            assertThat(f.up(TunnelPayloads.truncate(CONNECT_DOMAIN, n))).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void describeNamesDestinationsAndUser() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        for (ByteBuffer p : new ByteBuffer[] {CONNECT_DOMAIN, CONNECT_IPV4, CONNECT_IPV6, AUTH}) {
            Socks5Signature.INSTANCE.describe(p, Direction.CLIENT_TO_SERVER, flow().scratch(), m);
        }
        assertThat(m.get(MetadataKey.SERVER_HOST))
                .containsExactly("www.example.com:80", "192.0.2.7:443", "[2001:db8:0:0:0:0:0:1]:22");
        assertThat(m.get(MetadataKey.NICK)).containsExactly("alice");
    }

    @Test
    void engineNamesSocksAndTheDestination() {
        Classification c = new EngineRun(IpProtocol.TCP, 50000, 1080).up(GREETING).down(bytes(5, 0))
                .up(CONNECT_DOMAIN).down(build().u8(5, 0, 0, 1, 0, 0, 0, 0).u16(0).buffer()).up(TunnelPayloads.httpGet())
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.SOCKS);
        assertThat(c.first(MetadataKey.SERVER_HOST)).isEqualTo("www.example.com:80");
    }
}
