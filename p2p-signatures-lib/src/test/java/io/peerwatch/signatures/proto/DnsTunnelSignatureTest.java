package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.dnsQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import io.peerwatch.signatures.SignatureConfig;
import org.junit.jupiter.api.Test;

class DnsTunnelSignatureTest {

    private static final int A = 1;
    private static final int NULL = 10;
    private static final int TXT = 16;

    private static FlowDriver flow() {
        return new FlowDriver(DnsTunnelSignature.INSTANCE, IpProtocol.UDP, 52144, 53);
    }

    /** A 60-character base64 label of random bytes, the way dns2tcp encodes data. */
    private static String base64Label(long seed) {
        return Base64.getEncoder().withoutPadding().encodeToString(TunnelPayloads.randomBytes(45, seed))
                .replace('+', 'a').replace('/', 'b');
    }

    @Test
    void ordinaryQueriesRuleAFlowOutAfterTheConfiguredCountNotOnTheFirst() {
        // a tunnel may open with ordinary-looking names, so one ordinary query decides nothing
        java.util.Map<String, Integer> names = java.util.Map.of("www.example.com", A,
                "selector1._domainkey.example.com", TXT,
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", 12);
        names.forEach((name, type) -> {
            FlowDriver f = flow();
            for (int i = 1; i < SignatureConfig.DEFAULT_DNS_ORDINARY_QUERIES; i++) {
                assertThat(f.up(dnsQuery(i, name, type))).as(name + " #" + i).isEqualTo(Verdict.NEED_MORE);
            }
            assertThat(f.up(dnsQuery(99, name, type))).as(name).isEqualTo(Verdict.NO_MATCH);
        });
    }

    @Test
    void twoNullQueriesUnderOneDomainMatch() {
        FlowDriver f = flow();
        assertThat(f.up(dnsQuery(1, "yrbj5z.t.tunnel.example", NULL))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(TunnelPayloads.dnsResponse(dnsQuery(1, "yrbj5z.t.tunnel.example", NULL))))
                .as("answers are not judged").isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(dnsQuery(2, "vaaaakarh5i.t.tunnel.example", NULL))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void oneQueryWithTwoStrongReasonsMatches() {
        byte[] binary = TunnelPayloads.randomBytes(50, 4);
        binary[0] = (byte) 0xe9;
        assertThat(flow().up(dnsQuery(1, List.of(binary), "t.tunnel.example", NULL))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void txtQueriesWithEncodedLabelsMatch() {
        FlowDriver f = flow();
        assertThat(f.up(dnsQuery(1, "AAAAAI0JAA.=auth.d.tunnel.example", TXT))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(dnsQuery(2, base64Label(1) + ".d.tunnel.example", TXT))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void suspiciousQueriesUnderDifferentDomainsDoNotAddUp() {
        FlowDriver f = flow();
        f.up(dnsQuery(1, base64Label(2) + ".sophosxl.example", A));
        assertThat(f.up(dnsQuery(2, base64Label(3) + ".other.example", A))).isEqualTo(Verdict.NEED_MORE);
    }

    @Test
    void hexHashLabelsAndMdnsAreNotEvidence() {
        String hex40 = HexFormat.of().formatHex(TunnelPayloads.randomBytes(20, 5));
        for (String name : java.util.List.of(hex40 + ".avqs.example.com", "My=Printer+Name._ipp._tcp.local")) {
            FlowDriver f = flow();
            Verdict v = Verdict.NEED_MORE;
            for (int i = 1; i <= SignatureConfig.DEFAULT_DNS_ORDINARY_QUERIES; i++) {
                v = f.up(dnsQuery(i, name, name.endsWith(".local") ? TXT : A));
                assertThat(v).as(name).isNotEqualTo(Verdict.MATCH);
            }
            assertThat(v).as(name).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void iodineRawModeMatchesWithoutDns() {
        assertThat(flow().up(TunnelPayloads.build().u8(0x10, 0xd1, 0x9e, 0x20).random(100, 6).buffer()))
                .isEqualTo(Verdict.MATCH);
        assertThat(flow().up(TunnelPayloads.bytes(0x10, 0xd1, 0x9e, 0x40))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherPayloadsDoNotMatch() {
        assertThat(flow().up(TunnelPayloads.random(200, 7))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(TunnelPayloads.ascii("M-SEARCH * HTTP/1.1\r\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedQueriesDoNotMatchOrThrow() {
        ByteBuffer q = dnsQuery(1, "yrbj5z.t.tunnel.example", NULL);
        for (int n = 0; n < q.limit(); n++) {
            FlowDriver f = flow();
            f.up(dnsQuery(9, "abcdef.t.tunnel.example", NULL));
            assertThat(f.up(TunnelPayloads.truncate(q, n))).as("prefix %d", n).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesTheTunnelAndItsDomain() {
        Classification c = new EngineRun(IpProtocol.UDP, 50408, 53)
                .up(dnsQuery(1, "AAAAAI0JAA.=auth.d.tunnel.example", TXT))
                .up(dnsQuery(2, base64Label(8) + "." + base64Label(9) + ".d.tunnel.example", TXT))
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.DNS_TUNNEL);
        assertThat(c.first(MetadataKey.DNS_QUERY)).isEqualTo("d.tunnel.example");
        assertThat(c.metadata().get(MetadataKey.NOTE)).anyMatch(n -> n.startsWith("long high-entropy labels"))
                .anyMatch(n -> n.startsWith("labels with binary-encoding bytes"));
    }

    @Test
    void engineLeavesAnOrdinaryLookupToDns() {
        ByteBuffer q = dnsQuery(7, "www.example.com", A);
        Classification c = new EngineRun(IpProtocol.UDP, 40000, 53).up(q).down(TunnelPayloads.dnsResponse(q))
                .result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.DNS);
        // the tunnel hint waits past one ordinary query, so DNS is decided with the response
        assertThat(c.packetsToVerdict()).isEqualTo(2);
    }
}
