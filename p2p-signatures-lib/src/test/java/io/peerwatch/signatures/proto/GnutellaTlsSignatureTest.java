package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.TunnelPayloads.build;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vectors built from RFC 5246 §7.4 framing, shaped like gtk-gnutella 1.2's hello and answer. */
class GnutellaTlsSignatureTest {

    /** ECDHE_RSA_WITH_AES_128_GCM_SHA256, DH_anon_WITH_AES_128_CBC_SHA, ECDH_anon_WITH_AES_128_CBC_SHA. */
    private static final int[] GTK_SUITES = {0xc02f, 0x0034, 0xc018};
    private static final int[] BROWSER_SUITES = {0x1301, 0xc02f, 0x009c};

    /** A TLS 1.2 ClientHello with the given suites, SNI when {@code sni} is non-null. */
    static ByteBuffer hello(String sni, int... suites) {
        TunnelPayloads.Builder ext = build();
        if (sni != null) {
            ext.u16(0).u16(sni.length() + 5).u16(sni.length() + 3).u8(0).u16(sni.length()).ascii(sni);
        }
        ext.u16(23).u16(0).u16(22).u16(0); // extended_master_secret, encrypt_then_mac
        TunnelPayloads.Builder body = build().u16(0x0303).random(32, 1).u8(0).u16(2 * suites.length);
        for (int s : suites) {
            body.u16(s);
        }
        body.u8(1).u8(0).u16(ext.size()).bytes(ext.array());
        TunnelPayloads.Builder hs = build().u8(1).u24(body.size()).bytes(body.array());
        return build().u8(22).u16(0x0301).u16(hs.size()).bytes(hs.array()).buffer();
    }

    /** ServerHello choosing ECDHE_RSA, then a Certificate whose subject CN is {@code cn}. */
    static ByteBuffer serverFlight(String cn) {
        TunnelPayloads.Builder sh = build().u16(0x0303).random(32, 3).u8(0).u16(0xc02f).u8(0).u16(0);
        TunnelPayloads.Builder name = build().u8(0x31).u8(cn.length() + 11).u8(0x30).u8(cn.length() + 9)
                .u8(0x06, 0x03, 0x55, 0x04, 0x03).u8(0x0c).u8(cn.length()).ascii(cn);
        TunnelPayloads.Builder cert = build().u8(0x30, 0x82).u16(name.size() + 300).random(40, 4)
                .u8(0x30).u8(name.size()).bytes(name.array()).random(260, 5);
        TunnelPayloads.Builder certMsg = build().u24(cert.size() + 3).u24(cert.size()).bytes(cert.array());
        TunnelPayloads.Builder hs = build().u8(2).u24(sh.size()).bytes(sh.array()).u8(11).u24(certMsg.size())
                .bytes(certMsg.array());
        return build().u8(22).u16(0x0303).u16(hs.size()).bytes(hs.array()).buffer();
    }

    private static FlowDriver flow() {
        return new FlowDriver(GnutellaTlsSignature.INSTANCE, IpProtocol.TCP, 50314, 6888);
    }

    @Test
    void anonymousHelloAnsweredByAGtkGnutellaCertificateMatches() {
        FlowDriver f = flow();
        assertThat(f.up(hello(null, GTK_SUITES))).isEqualTo(Verdict.NEED_MORE);
        assertThat(f.up(hello(null, GTK_SUITES))).as("retransmitted hello").isEqualTo(Verdict.NEED_MORE);
        assertThat(f.down(serverFlight("gtk-gnutella/1.2.1"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void certificateInASecondSegmentIsFound() {
        ByteBuffer flight = serverFlight("gtk-gnutella/1.2.1");
        FlowDriver f = flow();
        f.up(hello(null, GTK_SUITES));
        assertThat(f.down(TunnelPayloads.truncate(flight, 60))).isEqualTo(Verdict.NEED_MORE);
        byte[] rest = java.util.Arrays.copyOfRange(flight.array(), 60, flight.limit());
        assertThat(f.down(ByteBuffer.wrap(rest))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void otherHellosAndAnswersDoNotMatch() {
        assertThat(flow().up(hello("peer.example", GTK_SUITES))).as("SNI").isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().up(hello(null, BROWSER_SUITES))).as("no anonymous suite").isEqualTo(Verdict.NO_MATCH);
        FlowDriver otherCert = flow();
        otherCert.up(hello(null, GTK_SUITES));
        assertThat(otherCert.down(serverFlight("vpn.example.test"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(otherCert.up(TunnelPayloads.random(150, 6))).as("client's next flight: no servent certificate")
                .isEqualTo(Verdict.NO_MATCH);
        FlowDriver notTls = flow();
        notTls.up(hello(null, GTK_SUITES));
        assertThat(notTls.down(TunnelPayloads.ascii("GNUTELLA/0.6 200 OK\r\n\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(flow().down(serverFlight("gtk-gnutella/1.2.1"))).as("server first").isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedHellosDoNotMatch() {
        ByteBuffer h = hello(null, GTK_SUITES);
        for (int n = 0; n < 50; n++) {
            assertThat(flow().up(TunnelPayloads.truncate(h, n))).as("prefix %d", n).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer other : List.of(TunnelPayloads.httpGet(), TunnelPayloads.dnsQuery(1, "www.example.com", 1),
                TunnelPayloads.random(300, 7), TunnelPayloads.clientHello("www.example.com", List.of("h2"), true),
                TunnelPayloads.clientHello(null, List.of(), false))) {
            assertThat(flow().up(other)).isEqualTo(Verdict.NO_MATCH);
        }
    }

    @Test
    void engineNamesGnutellaBeforeTheTlsTunnelSignature() {
        Classification c = new EngineRun(IpProtocol.TCP, 50314, 6888).up(hello(null, GTK_SUITES))
                .down(serverFlight("gtk-gnutella/1.2.1")).result().orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.GNUTELLA_TLS);
        assertThat(c.protocol()).isEqualTo(Protocol.GNUTELLA);
        assertThat(c.first(MetadataKey.CLIENT)).isEqualTo("gtk-gnutella/1.2.1");
        // the same hello answered by another certificate stays a TLS-tunnel suspicion
        Classification other = new EngineRun(IpProtocol.TCP, 50314, 6888).up(hello(null, GTK_SUITES))
                .down(serverFlight("vpn.example.test")).up(TunnelPayloads.random(150, 8)).result().orElseThrow();
        assertThat(other.signature()).isEqualTo(SignatureId.TLS_TUNNEL);
    }
}
