package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.LegacyP2pPayloads.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.signatures.proto.SigHarness.Pkt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * NMDC. There is no public NMDC capture; vectors follow the NMDC protocol documentation
 * (https://nmdc.sourceforge.io/NMDC.html): hub greeting {@code $Lock <lock> Pk=<pk>|$HubName ...|},
 * client {@code $Supports ...|$Key ...|$ValidateNick ...|}, client-client {@code $MyNick n|$Lock ...|},
 * {@code $MyINFO $ALL}, {@code $Search} with its ?-separated fields and {@code $SR} results with
 * 0x05 separators (UDP to active clients).
 */
class DirectConnectNmdcSignatureTest {

    static final String HUB_HELLO = "$Lock EXTENDEDPROTOCOL_verlihub Pk=version0.9.8e-r2|$HubName Lab Hub|";
    static final String CLIENT_LOGIN = "$Supports UserCommand NoGetINFO NoHello UserIP2 TTHSearch|"
            + "$Key \u0014\u00d1\u00c0\u00b0\u00a0\u00a0|$ValidateNick alice|";

    @Test
    void hubLockAndClientCommandsMatch() {
        assertThat(SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE).s2c(ascii(HUB_HELLO))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE).c2s(ascii(CLIENT_LOGIN))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE)
                .c2s(ascii("$MyNick bob|$Lock EXTENDEDPROTOCOLABCABCABCABCABCABC Pk=DCPLUSPLUS0.868|"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void myNickAloneWaitsForTheLock() {
        SigHarness h = SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE);
        assertThat(h.c2s(ascii("$MyNick bob|"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(h.c2s(ascii("$Lock EXTENDEDPROTOCOLABCABC Pk=DCPLUSPLUS0.868|"))).isEqualTo(Verdict.MATCH);
        SigHarness answer = SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE);
        assertThat(answer.c2s(ascii("$MyNick bob|"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(answer.s2c(ascii("$MyNick alice|$Lock EXTENDEDPROTOCOLXYZ Pk=DCPLUSPLUS0.868|"))).isEqualTo(Verdict.MATCH);
        SigHarness other = SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE);
        assertThat(other.c2s(ascii("$MyNick bob|"))).isEqualTo(Verdict.NEED_MORE);
        assertThat(other.s2c(ascii("HTTP/1.1 400 Bad Request\r\n\r\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void malformedOrUnknownCommandsDoNotMatch() {
        assertThat(SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE).s2c(ascii("$Lock abc|"))).as("no Pk").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE).c2s(ascii("$Key abc"))).as("no '|'").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE).c2s(ascii("$Price 100|"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE).c2s(ascii("$MyNick two words|"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void udpSearchResultsMatch() {
        ByteBuffer sr = ascii("$SR bob Stuff\\quarterly-report.pdf\u00052097152 3/5\u0005Lab Hub (192.0.2.10:411)|");
        assertThat(SigHarness.udp(DirectConnectNmdcSignature.INSTANCE).c2s(sr)).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(DirectConnectNmdcSignature.INSTANCE).c2s(ascii("$Key x|"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), LegacyP2pPayloads.tlsClientHello("a.example"),
            LegacyP2pPayloads.sshBanner(), LegacyP2pPayloads.random(100, 2), ascii("$ echo hi | wc\n")}) {
            assertThat(SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
        assertThat(SigHarness.udp(DirectConnectNmdcSignature.INSTANCE).c2s(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedPacketsDoNotMatchBeforeTheirFirstBar() {
        ByteBuffer hub = ascii(HUB_HELLO);
        int firstBar = HUB_HELLO.indexOf('|');
        assertThat(SigHarness.prefixMatches(DirectConnectNmdcSignature.INSTANCE, IpProtocol.TCP, Direction.SERVER_TO_CLIENT, hub))
                .isEqualTo(hub.limit() - firstBar - 1);
    }

    @Test
    void describeReadsNickSearchResultsHubAndClient() {
        SigHarness h = SigHarness.tcp(DirectConnectNmdcSignature.INSTANCE);
        Metadata c = h.describe(Direction.CLIENT_TO_SERVER, ascii(CLIENT_LOGIN
                + "$MyINFO $ALL alice my files<++ V:0.868,M:A,H:1/0/0,S:3>$ $100\u0001$$1234567$|"
                + "$Search Hub:alice F?T?0?1?confidential$report|"));
        assertThat(c.get(MetadataKey.NICK)).containsExactly("alice");
        assertThat(c.get(MetadataKey.CLIENT)).containsExactly("++ 0.868");
        assertThat(c.get(MetadataKey.SEARCH)).containsExactly("confidential report");
        Metadata s = h.describe(Direction.SERVER_TO_CLIENT, ascii(HUB_HELLO
                + "$SR bob Stuff\\clock.avi\u0005734003200 3/5\u0005Lab Hub (192.0.2.10:411)|"
                + "$Search 192.0.2.8:412 F?T?0?9?TTH:LWPNACQDBZRYXW3VHJVCJ64QBZNGHOHHHZWCLNQ|"));
        assertThat(s.get(MetadataKey.SERVER_HOST)).containsExactly("Lab Hub");
        assertThat(s.get(MetadataKey.FILE_NAME)).containsExactly("Stuff\\clock.avi");
        assertThat(s.get(MetadataKey.SEARCH)).containsExactly("TTH:LWPNACQDBZRYXW3VHJVCJ64QBZNGHOHHHZWCLNQ");
    }

    @Test
    void engineLabelsHubSession() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 51000, 411,
                Pkt.s2c(ascii(HUB_HELLO)), Pkt.c2s(ascii(CLIENT_LOGIN))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.DIRECT_CONNECT_NMDC);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
        assertThat(c.metadata().get(MetadataKey.NICK)).containsExactly("alice");
    }
}
