package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IcmpTunnelSignatureTest {

    private static final int ECHO_REQUEST = 8;
    private static final int ECHO_REPLY = 0;

    private static FlowDriver flow() {
        return new FlowDriver(IcmpTunnelSignature.INSTANCE, IpProtocol.ICMP, 0, 0);
    }

    private static Verdict request(FlowDriver f, ByteBuffer p) {
        return f.icmp(ECHO_REQUEST, 0).up(p);
    }

    /** iputils ping: 8-byte timestamp, then byte i holds i (56 bytes by default; -s for more). */
    private static ByteBuffer linuxPing(int size, int seq) {
        TunnelPayloads.Builder b = build().u32(1_700_000_000L + seq).u32(seq * 1000L);
        for (int i = 8; i < size; i++) {
            b.u8(i & 0xff);
        }
        return b.buffer();
    }

    /** Windows ping: "abcdefghijklmnopqrstuvw" repeated. */
    private static ByteBuffer windowsPing(int size) {
        String alphabet = "abcdefghijklmnopqrstuvw";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append(alphabet);
        }
        return TunnelPayloads.ascii(sb.substring(0, size));
    }

    @Test
    void ptunnelMagicsMatchAtOnce() {
        assertThat(request(flow(), build().u32(0xD5200880L).random(24, 1).buffer())).isEqualTo(Verdict.MATCH);
        assertThat(request(flow(), build().u32(0xDEADC0DEL).u32(0x7f000001L).u32(2222).u32(0x40000000L).zeros(12).buffer()))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void anIpPacketInsideTheEchoMatches() {
        ByteBuffer inner = build().u8(0x45, 0).u16(84).u16(0).u16(0x4000).u8(64, 1).u16(0).u8(10, 95, 1, 1)
                .u8(10, 95, 1, 2).bytes(linuxPing(64, 1).array()).buffer();
        assertThat(request(flow(), inner)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void ordinaryPingsAreClearedAfterAFewEchoes() {
        FlowDriver f = flow();
        for (int seq = 1; seq < SignatureConfig.DEFAULT_ICMP_REGULAR_ECHOES; seq++) {
            assertThat(request(f, linuxPing(1000, seq))).isEqualTo(Verdict.NEED_MORE);
        }
        assertThat(request(f, linuxPing(1000, 9))).isEqualTo(Verdict.NO_MATCH);
        FlowDriver w = flow();
        for (int i = 1; i < SignatureConfig.DEFAULT_ICMP_REGULAR_ECHOES; i++) {
            w.icmp(i % 2 == 0 ? ECHO_REPLY : ECHO_REQUEST, 0).feed(windowsPing(96), Direction.CLIENT_TO_SERVER);
        }
        assertThat(request(w, windowsPing(1472))).isEqualTo(Verdict.NO_MATCH);
        FlowDriver z = flow();
        for (int i = 1; i < SignatureConfig.DEFAULT_ICMP_REGULAR_ECHOES; i++) {
            request(z, build().zeros(500).buffer());
        }
        assertThat(request(z, build().u8(0xab, 0xcd, 0xab, 0xcd).zeros(0).random(12, 1).bytes(new byte[0])
                .u8(0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd)
                .u8(0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd)
                .u8(0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0xcd)
                .buffer())) // 64 bytes: long enough to be judged
                .as("a period-2 fill after a 16-byte timestamp").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void variedUnpatternedPayloadsMatch() {
        FlowDriver f = flow();
        assertThat(request(f, TunnelPayloads.random(500, 1))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.icmp(ECHO_REPLY, 0).down(TunnelPayloads.random(500, 1))).as("kernel reply mirrors the request")
                .isEqualTo(Verdict.NEED_MORE);
        assertThat(request(f, TunnelPayloads.random(700, 2))).isEqualTo(Verdict.NEED_MORE);
        assertThat(request(f, TunnelPayloads.random(300, 3))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void smallOrNonEchoPacketsAreNotTunnelData() {
        FlowDriver f = flow();
        for (int i = 0; i < 8; i++) {
            // short payloads count neither way: a tunnel's control and authentication messages
            // come first and are short, so they neither make nor clear a tunnel
            assertThat(request(f, TunnelPayloads.random(40, i))).as("short payloads decide nothing").isEqualTo(Verdict.NEED_MORE);
        }
        FlowDriver u = flow();
        ByteBuffer quotedHeader = build().u8(0x45, 0).u16(60).random(24, 5).buffer();
        assertThat(u.icmp(3, 3).up(quotedHeader)).as("destination unreachable quotes a header").isEqualTo(Verdict.NEED_MORE);
    }

    @Test
    void truncatedPayloadsNeverMatchOrThrow() {
        ByteBuffer magic = build().u32(0xD5200880L).random(24, 1).buffer();
        for (int n = 1; n < 4; n++) {
            assertThat(request(flow(), TunnelPayloads.truncate(magic, n))).isNotEqualTo(Verdict.MATCH);
        }
    }

    @Test
    void engineNamesTheIcmpTunnel() {
        Classification c = new EngineRun(IpProtocol.ICMP, 0, 0)
                .icmp(ECHO_REQUEST, build().u32(0xDEADC0DEL).random(1024, 2).buffer(), Direction.CLIENT_TO_SERVER)
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.ICMP_TUNNEL);
        assertThat(c.first(MetadataKey.NOTE)).isEqualTo("ptunnel magic deadc0de");
    }

    @Test
    void engineGivesOrdinaryPingsNoLabel() {
        EngineRun large = new EngineRun(IpProtocol.ICMP, 0, 0);
        for (int seq = 1; seq <= SignatureConfig.DEFAULT_ICMP_REGULAR_ECHOES; seq++) {
            large.icmp(ECHO_REQUEST, linuxPing(1000, seq), Direction.CLIENT_TO_SERVER);
            large.icmp(ECHO_REPLY, linuxPing(1000, seq), Direction.SERVER_TO_CLIENT);
        }
        assertThat(large.result()).isEmpty();
        assertThat(large.isFinal()).as("patterned large pings clear the flow").isTrue();
        EngineRun small = new EngineRun(IpProtocol.ICMP, 0, 0);
        for (int seq = 1; seq <= 3 * SignatureConfig.DEFAULT_ICMP_REGULAR_ECHOES; seq++) {
            small.icmp(ECHO_REQUEST, linuxPing(56, seq), Direction.CLIENT_TO_SERVER);
            small.icmp(ECHO_REPLY, linuxPing(56, seq), Direction.SERVER_TO_CLIENT);
        }
        assertThat(small.result()).as("default-size pings (too short to judge) get no label").isEmpty();
    }
}
