package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
import static io.peerwatch.signatures.proto.TunnelPayloads.dnsQuery;
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

class DnsSignatureTest {

    private static final ByteBuffer QUERY = dnsQuery(0x1234, "www.example.com", 28);

    private static FlowDriver udp() {
        return new FlowDriver(DnsSignature.INSTANCE, IpProtocol.UDP, 40000, 53);
    }

    /** Copy of {@code b} with byte {@code i} replaced. */
    private static ByteBuffer with(ByteBuffer b, int i, int v) {
        byte[] a = b.array().clone();
        a[i] = (byte) v;
        return ByteBuffer.wrap(a);
    }

    @Test
    void queriesAndResponsesMatch() {
        assertThat(udp().up(QUERY)).isEqualTo(Verdict.MATCH);
        assertThat(udp().down(TunnelPayloads.dnsResponse(QUERY))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void dnsOverTcpHasALengthPrefix() {
        FlowDriver tcp = new FlowDriver(DnsSignature.INSTANCE, IpProtocol.TCP, 40000, 53);
        assertThat(tcp.up(build().u16(QUERY.limit()).bytes(QUERY.array()).buffer())).isEqualTo(Verdict.MATCH);
        assertThat(new FlowDriver(DnsSignature.INSTANCE, IpProtocol.TCP, 40000, 53).up(QUERY)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void mdnsAnnouncementWithoutQuestionMatches() {
        ByteBuffer announce = build().u16(0).u16(0x8400).u16(0).u16(1).u16(0).u16(0).u8(7).ascii("printer").u8(5)
                .ascii("local").u8(0).u16(1).u16(0x8001).u32(120).u16(4).u8(192, 168, 1, 9).buffer();
        assertThat(new FlowDriver(DnsSignature.INSTANCE, IpProtocol.UDP, 5353, 5353).up(announce)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void malformedMessagesDoNotMatch() {
        assertThat(udp().up(with(QUERY, 2, 0x31))).as("opcode 6").isEqualTo(Verdict.NO_MATCH);
        assertThat(udp().up(with(QUERY, 3, 0x40))).as("Z bit").isEqualTo(Verdict.NO_MATCH);
        assertThat(udp().up(with(QUERY, 5, 0))).as("no question").isEqualTo(Verdict.NO_MATCH);
        assertThat(udp().up(with(QUERY, 7, 40))).as("more records than bytes").isEqualTo(Verdict.NO_MATCH);
        assertThat(udp().up(with(QUERY, QUERY.limit() - 1, 9))).as("class 9").isEqualTo(Verdict.NO_MATCH);
        assertThat(udp().up(with(QUERY, 12, 70))).as("label longer than 63").isEqualTo(Verdict.NO_MATCH);
        assertThat(udp().up(TunnelPayloads.random(60, 1))).isEqualTo(Verdict.NO_MATCH);
        assertThat(udp().up(TunnelPayloads.ascii("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n")))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedQueryDoesNotMatch() {
        for (int n = 0; n < QUERY.limit(); n++) {
            assertThat(udp().up(TunnelPayloads.truncate(QUERY, n))).as("prefix %d", n).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void describeNamesTheQuery() {
        Metadata m = new Metadata(DetectionConfig.defaults());
        DnsSignature.INSTANCE.describe(QUERY, Direction.CLIENT_TO_SERVER, udp().scratch(), m);
        assertThat(m.get(MetadataKey.DNS_QUERY)).containsExactly("www.example.com");
    }

    @Test
    void engineNamesDns() {
        Classification c = new EngineRun(IpProtocol.UDP, 40000, 53).up(QUERY).result().orElseThrow();
        assertThat(c.protocol()).isEqualTo(Protocol.DNS);
        assertThat(c.first(MetadataKey.DNS_QUERY)).isEqualTo("www.example.com");
    }

    /** "ENFDEFEEEHEFFHEJEODBDACACACACACA": MSEDGEWIN10 in NetBIOS first-level encoding. */
    private static final String NETBIOS_NAME = "ENFDEFEEEHEFFHEJEODBDACACACACACA";

    @Test
    void netbiosNameServiceIsNotDns() {
        // registration (opcode 5) with the name as an additional record, as Windows broadcasts it
        ByteBuffer registration = build().u16(0x9c29).u16(0x2910).u16(1).u16(0).u16(0).u16(1).u8(32)
                .ascii(NETBIOS_NAME).u8(0).u16(0x20).u16(1).u16(0xc00c).u16(0x20).u16(1).u32(300000).u16(6)
                .u16(0).u8(10, 0, 2, 15).buffer();
        ByteBuffer nameQuery = build().u16(0x1234).u16(0x0110).u16(1).u16(0).u16(0).u16(0).u8(32)
                .ascii(NETBIOS_NAME).u8(0).u16(0x20).u16(1).buffer();
        ByteBuffer statusQuery = build().u16(0x1235).u16(0x0000).u16(1).u16(0).u16(0).u16(0).u8(32)
                .ascii("CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").u8(0).u16(0x21).u16(1).buffer();
        FlowDriver nbns = new FlowDriver(DnsSignature.INSTANCE, IpProtocol.UDP, 137, 137);
        assertThat(nbns.up(registration)).isEqualTo(Verdict.NO_MATCH);
        assertThat(new FlowDriver(DnsSignature.INSTANCE, IpProtocol.UDP, 137, 137).up(nameQuery)).isEqualTo(Verdict.NO_MATCH);
        assertThat(new FlowDriver(DnsSignature.INSTANCE, IpProtocol.UDP, 137, 137).up(statusQuery)).isEqualTo(Verdict.NO_MATCH);
        assertThat(new EngineRun(IpProtocol.UDP, 137, 137).up(nameQuery).result()).as("no DNS label").isEmpty();
        // the same 32 letters asked as an ordinary DNS name (type A) are DNS
        assertThat(udp().up(dnsQuery(7, NETBIOS_NAME + ".example", 1))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void mdnsAndLlmnrAreDnsWithANote() {
        Classification llmnr = new EngineRun(IpProtocol.UDP, 50435, 5355).up(dnsQuery(9, "puppet", 1)).result()
                .orElseThrow();
        assertThat(llmnr.protocol()).isEqualTo(Protocol.DNS);
        assertThat(llmnr.first(MetadataKey.NOTE)).contains("LLMNR");
        Classification mdns = new EngineRun(IpProtocol.UDP, 5353, 5353).up(dnsQuery(0, "msedgewin10.local", 1)).result()
                .orElseThrow();
        assertThat(mdns.first(MetadataKey.NOTE)).contains("mDNS");
        assertThat(new EngineRun(IpProtocol.UDP, 40000, 53).up(QUERY).result().orElseThrow().first(MetadataKey.NOTE))
                .isEmpty();
    }
}
