package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class QuicSignatureTest {

    /** Long header Initial: flags, version, DCID (8), SCID (0), token length 0, then padding to {@code size}. */
    private static ByteBuffer initial(long version, int size) {
        TunnelPayloads.Builder b = build().u8(0xc3).u32(version).u8(8).random(8, 1).u8(0).u8(0).u16(0x4000 | 1100);
        return b.random(size - b.size(), 2).buffer();
    }

    private static FlowDriver flow() {
        return new FlowDriver(QuicSignature.INSTANCE, IpProtocol.UDP, 57833, 443);
    }

    @Test
    void clientInitialsOfKnownVersionsMatch() {
        for (long v : new long[] {1, 0x6b3343cfL, 0xff00001dL, 0xfaceb002L, 0x51303530L}) {
            assertThat(flow().up(initial(v, 1250))).as("version %x", v).isEqualTo(Verdict.MATCH);
        }
    }

    @Test
    void serverLongHeadersNeedNoPadding() {
        assertThat(flow().down(initial(1, 200))).isEqualTo(Verdict.MATCH);
        assertThat(flow().down(build().u8(0x80).u32(0).u8(8).random(8, 1).u8(8).random(8, 2).u32(1).buffer()))
                .as("version negotiation").isEqualTo(Verdict.MATCH);
    }

    @Test
    void googleQuicPublicHeaderMatches() {
        ByteBuffer gquic = build().u8(0x0d).random(8, 3).ascii("Q043").u8(1).random(1300, 4).buffer();
        assertThat(flow().up(gquic)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void otherDatagramsDoNotMatch() {
        assertThat(flow().up(initial(1, 600))).as("client Initial below 1200 bytes").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(initial(0x12345678L, 1250))).as("unknown version").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(0x43).random(1250, 5).buffer())).as("short header").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().down(build().u8(0xc0).u32(1).u8(21).random(40, 6).buffer())).as("DCID of 21")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.dnsQuery(1, "www.example.com", 1))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(build().u8(0x0d).random(8, 3).ascii("X043").random(1300, 4).buffer())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedHeadersDoNotMatch() {
        ByteBuffer server = initial(1, 200);
        for (int n = 0; n < 7 + 8; n++) {
            assertThat(flow().down(TunnelPayloads.truncate(server, n))).as("prefix %d", n).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesQuicWithItsVersion() {
        Classification c = new EngineRun(IpProtocol.UDP, 57833, 443).up(initial(1, 1252)).result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.QUIC);
        assertThat(c.first(MetadataKey.NOTE)).isEqualTo("QUIC version 0x00000001");
    }
}
