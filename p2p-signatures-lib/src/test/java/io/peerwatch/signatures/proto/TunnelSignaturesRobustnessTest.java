package io.peerwatch.signatures.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated payloads never make a tunnel or benign signature throw (in inspect or
 * describe), and random bytes never satisfy a payload signature.
 */
class TunnelSignaturesRobustnessTest {

    private static final List<Signature> SIGNATURES = List.of(HttpConnectSignature.INSTANCE, HttpTunnelSignature.INSTANCE,
            Socks4Signature.INSTANCE, Socks5Signature.INSTANCE, SshSignature.INSTANCE, OpenVpnSignature.INSTANCE,
            WireGuardSignature.INSTANCE, DnsTunnelSignature.INSTANCE, IcmpTunnelSignature.INSTANCE, TorSignature.INSTANCE,
            TlsTunnelSignature.INSTANCE, ObfuscatedProxySignature.INSTANCE, HttpSignature.INSTANCE, TlsSignature.INSTANCE,
            DnsSignature.INSTANCE, QuicSignature.INSTANCE);
    private static final int[] PROTOCOLS = {IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP};
    private static final int FLOWS = 300;
    private static final int PACKETS = 6;

    /** Valid openings to mutate: a mutated valid payload reaches deeper parsing than noise. */
    private static final List<ByteBuffer> SEEDS = List.of(TunnelPayloads.httpGet(),
            TunnelPayloads.ascii("CONNECT 198.51.100.7:4662 HTTP/1.0\r\n\r\n"),
            TunnelPayloads.clientHello("www.ct7ctrgb6cr7.com", List.of(), true),
            TunnelPayloads.clientHello("www.example.com", List.of("h2"), true),
            TunnelPayloads.dnsQuery(1, "vaaaakarh5i.t.tunnel.example", 10),
            TunnelPayloads.build().u8(0x38).random(8, 1).u8(0).u32(0).buffer(),
            TunnelPayloads.build().u8(1, 0, 0, 0).random(144, 2).buffer(),
            TunnelPayloads.build().u8(5, 1, 0, 3, 15).ascii("www.example.com").u16(80).buffer(),
            TunnelPayloads.build().u8(4, 1).u16(80).u8(0, 0, 0, 1).u8(0).ascii("example.com").u8(0).buffer());

    @Test
    void randomAndMutatedPayloadsNeverThrow() {
        Random rnd = new Random(42);
        Metadata sink = new Metadata(DetectionConfig.defaults());
        for (Signature sig : SIGNATURES) {
            for (int protocol : PROTOCOLS) {
                if (!sig.selection().accepts(protocol, 1)) {
                    continue;
                }
                for (int flow = 0; flow < FLOWS; flow++) {
                    FlowDriver f = new FlowDriver(sig, protocol, 1024 + rnd.nextInt(60000), rnd.nextInt(3) == 0 ? 443 : 53);
                    for (int k = 0; k < PACKETS; k++) {
                        ByteBuffer p = rnd.nextBoolean() ? mutate(SEEDS.get(rnd.nextInt(SEEDS.size())), rnd)
                                : TunnelPayloads.random(rnd.nextInt(1500), rnd.nextLong());
                        Direction d = rnd.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
                        f.icmp(rnd.nextBoolean() ? 8 : rnd.nextInt(256), 0);
                        assertThatCode(() -> {
                            f.feed(p, d);
                            sig.describe(p, d, f.scratch(), sink);
                        }).as("%s on %s", sig.id(), TunnelPayloads.hexOf(p)).doesNotThrowAnyException();
                    }
                }
            }
        }
    }

    @Test
    void randomBytesNeverSatisfyAPayloadSignature() {
        Random rnd = new Random(7);
        for (Signature sig : SIGNATURES) {
            if (sig.id().kind() != ConfidenceKind.PAYLOAD) {
                continue;
            }
            int protocol = sig.selection().accepts(IpProtocol.TCP, 1) ? IpProtocol.TCP : IpProtocol.UDP;
            for (int flow = 0; flow < FLOWS; flow++) {
                FlowDriver f = new FlowDriver(sig, protocol, 40000, 443);
                for (int k = 0; k < PACKETS; k++) {
                    ByteBuffer p = TunnelPayloads.random(1 + rnd.nextInt(1400), rnd.nextLong());
                    assertThat(f.feed(p, k % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT))
                            .as("%s on random bytes", sig.id()).isNotEqualTo(Verdict.MATCH);
                }
            }
        }
    }

    private static ByteBuffer mutate(ByteBuffer seed, Random rnd) {
        byte[] b = new byte[seed.limit()];
        seed.duplicate().position(0).get(b);
        for (int i = rnd.nextInt(4); i >= 0; i--) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return TunnelPayloads.truncate(ByteBuffer.wrap(b), rnd.nextInt(b.length + 1));
    }
}
