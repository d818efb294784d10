package io.peerwatch.signatures.proto;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Signature;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Attacker-controlled bytes must never make a signature throw: every signature's inspect and
 * describe run over mutated and cut versions of the valid vectors of the other tests (bytes
 * overwritten, lengths cut or extended) and over random payloads, in both directions and on both
 * transports. The mutations are seeded, so a failure reproduces.
 */
class LegacyP2pRobustnessTest {

    private static List<ByteBuffer> samples() {
        List<ByteBuffer> s = new ArrayList<>();
        s.add(LegacyP2pPayloads.ascii(GnutellaSignatureTest.CONNECT));
        s.add(LegacyP2pPayloads.ascii(GnutellaSignatureTest.OK_DEFLATE + "x\u00da"));
        s.add(LegacyP2pPayloads.ascii("GET /get/12/a%2 HTTP/1.1\r\nX-Nick: %zz\r\nContent-Disposition: filename=\r\n\r\n"));
        s.add(LegacyP2pPayloads.ascii("GIV 1:0123456789abcdef0123456789ABCDEF/"));
        s.add(ByteBuffer.wrap(GnutellaSignatureTest.queryHit("a", "b")));
        s.add(Gnutella2SignatureTest.gnd(0, 1, 1, Gnutella2SignatureTest.q2("abc")));
        s.add(Gnutella2SignatureTest.gnd(1, 1, 1, LegacyP2pPayloads.deflate(Gnutella2SignatureTest.q2("abc"), true)));
        s.add(ByteBuffer.wrap(EdonkeySignatureTest.message(0xe3, 0x01, EdonkeySignatureTest.helloBody(true, "alice"))));
        s.add(ByteBuffer.wrap(EdonkeySignatureTest.message(0xe3, 0x16, EdonkeySignatureTest.searchTree("a", "b"))));
        s.add(ByteBuffer.wrap(EdonkeySignatureTest.message(0xe3, 0x33, LegacyP2pPayloads.buf().le32(2).fill(22, 1).le32(1)
                .u8(0x82, 0x01).le16(3).ascii("x.y").array())));
        s.add(EdonkeyUdpSignatureTest.udp(0xe3, 0x99, LegacyP2pPayloads.buf().fill(22, 1).le32(1).u8(0x82, 0x01).le16(3)
                .ascii("x.y").array()));
        s.add(KadSignatureTest.kad(0x11, LegacyP2pPayloads.buf().fill(16, 4).le16(4662).u8(8).u8(2).u8(0x09).le16(1)
                .u8(0xf2).u8(3).array()));
        s.add(LegacyP2pPayloads.ascii(DirectConnectNmdcSignatureTest.HUB_HELLO
                + "$MyINFO $ALL a b<x V:1>$|$MyINFO $ALL <|$Search a|$Search Hub:a F?T|$SR a\u0005|$ADCGET file|$Get $|"));
        s.add(LegacyP2pPayloads.ascii("BINF AAAC NIa\\ VE\\\nBSCH AN TR\nDRES FN\nCGET file\nI\n"));
        s.add(LegacyP2pPayloads.tlsClientHello("hub.example", "adc", "nmdc"));
        s.add(LegacyP2pPayloads.ascii(FastTrackSignatureTest.HASH_GET));
        s.add(FastTrackSignatureTest.udpPing());
        s.add(LegacyP2pPayloads.ascii("GETalice \"x\" 0"));
        s.add(OpenNapSignatureTest.msg(2, "a b 1 \"c\" 1"));
        s.add(OpenNapSignatureTest.msg(200, "FILENAME CONTAINS \"x"));
        s.add(SoulseekSignatureTest.login());
        s.add(SoulseekSignatureTest.fileSearch("q"));
        s.add(SoulseekSignatureTest.peerInit("u", "P"));
        s.add(AresSignatureTest.prelogin());
        s.add(LegacyP2pPayloads.ascii(AresSignatureTest.UPLOAD_REPLY));
        s.add(SyncthingSignatureTest.announce());
        s.add(GnutellaTlsSignatureTest.hello(null, 0xc02f, 0x0034));
        s.add(GnutellaTlsSignatureTest.serverFlight("gtk-gnutella/1.2.1"));
        return s;
    }

    @Test
    void mutatedAndRandomPayloadsNeverThrow() {
        Random rnd = new Random(20261125);
        List<ByteBuffer> inputs = new ArrayList<>();
        for (ByteBuffer sample : samples()) {
            inputs.add(sample);
            for (int k = 0; k < 150; k++) {
                inputs.add(mutate(sample, rnd));
            }
        }
        for (int k = 0; k < 300; k++) {
            inputs.add(LegacyP2pPayloads.random(rnd.nextInt(1500), rnd.nextLong()));
        }
        for (Signature sig : SigHarness.LEGACY) {
            for (int proto : new int[] {IpProtocol.TCP, IpProtocol.UDP}) {
                for (ByteBuffer in : inputs) {
                    assertThatCode(() -> exercise(sig, proto, in)).as(sig.id() + " on " + in.limit() + " bytes")
                            .doesNotThrowAnyException();
                }
            }
        }
    }

    private static void exercise(Signature sig, int proto, ByteBuffer in) {
        FlowScratch s = new FlowScratch();
        SigHarness.ENGINE.begin(s, proto, 51000, 5665);
        Metadata m = new Metadata(DetectionConfig.defaults());
        for (Direction d : Direction.values()) {
            sig.inspect(in, d, s);
            sig.describe(in, d, s, m);
            sig.inspect(in, d, s);
        }
        s.attach(null);
    }

    private static ByteBuffer mutate(ByteBuffer sample, Random rnd) {
        byte[] b = LegacyP2pPayloads.prefix(sample, sample.limit()).array();
        switch (rnd.nextInt(3)) {
            case 0 -> {
                for (int i = 0; i < 1 + rnd.nextInt(4) && b.length > 0; i++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                return ByteBuffer.wrap(b);
            }
            case 1 -> {
                return LegacyP2pPayloads.prefix(ByteBuffer.wrap(b), b.length == 0 ? 0 : rnd.nextInt(b.length));
            }
            default -> {
                byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(40));
                return ByteBuffer.wrap(longer);
            }
        }
    }
}
