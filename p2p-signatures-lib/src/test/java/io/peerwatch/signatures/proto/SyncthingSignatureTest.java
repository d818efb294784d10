package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.LegacyP2pPayloads.buf;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.signatures.proto.SigHarness.Pkt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Syncthing: BEP ALPN "bep/1.0" (BEP v1 spec) and local discovery v4 datagrams (magic 0x2EA7D90B,
 * protobuf field 1 = 32-byte device id), as also seen in nDPI's syncthing.pcap.
 */
class SyncthingSignatureTest {

    static ByteBuffer announce() {
        return buf().be32(0x2EA7D90BL).u8(0x0a, 0x20).fill(32, 0x92).u8(0x12, 0x14).ascii("tcp://0.0.0.0:22000").buffer();
    }

    @Test
    void discoveryAndBepHelloMatch() {
        assertThat(SigHarness.udp(SyncthingSignature.INSTANCE).c2s(announce())).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(SyncthingSignature.INSTANCE).c2s(LegacyP2pPayloads.tlsClientHello(null, "bep/1.0")))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void othersDoNotMatch() {
        assertThat(SigHarness.udp(SyncthingSignature.INSTANCE).c2s(buf().be32(0x2EA7D90BL).u8(0x0a, 0x10).fill(16, 1).buffer()))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.udp(SyncthingSignature.INSTANCE).c2s(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(SyncthingSignature.INSTANCE).c2s(LegacyP2pPayloads.tlsClientHello("a.example", "h2")))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(SyncthingSignature.INSTANCE).c2s(LegacyP2pPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedAnnouncementsDoNotMatch() {
        ByteBuffer a = announce();
        assertThat(SigHarness.prefixMatches(SyncthingSignature.INSTANCE, IpProtocol.UDP, Direction.CLIENT_TO_SERVER, a))
                .isEqualTo(a.limit() - 38);
    }

    @Test
    void engineLabelsDiscovery() {
        Classification c = SigHarness.classify(IpProtocol.UDP, 54977, 21027, Pkt.c2s(announce())).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.SYNCTHING);
    }
}
