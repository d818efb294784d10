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
 * ADC. Vectors follow ADC 1.0.3 (https://adc.sourceforge.io/ADC.html): message = type letter,
 * command, space-separated parameters, LF; {@code HSUP ADBASE ADTIGR}, {@code BINF} with NI/VE,
 * {@code BSCH} with AN terms, {@code URES} over UDP with a base32 CID. The same messages appear in
 * the lab capture {@code lab/directconnect/dc-adc-ncdc-s1.pcap} (uhub 0.4.1 + ncdc 1.23.1).
 */
class DirectConnectAdcSignatureTest {

    static final String CID = "CI7SGWIGW72QTKRSS3KP6FETQLJS4FISKF3TKIQ";

    @Test
    void supAndOtherMessagesMatch() {
        assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).c2s(ascii("HSUP ADBASE ADTIGR\n"))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).c2s(ascii("CSUP ADBASE ADTIGR ADBZIP\n")))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).s2c(ascii("ISID AAAC\n"))).isEqualTo(Verdict.MATCH);
    }

    @Test
    void malformedLinesDoNotMatch() {
        assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).c2s(ascii("HSUP BASE\n"))).as("no AD feature")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).c2s(ascii("BINF AAAC NIa\r\n"))).as("CRLF")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).c2s(ascii("BXYZ AAAC\n"))).as("command")
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).c2s(ascii("HELO mail.example\r\n"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).c2s(ascii("USER anonymous\r\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void udpResultsNeedACid() {
        String res = "URES " + CID + " TOVBUNBSXJL5ZSS SL5 SI2097152 FN/Stuff/quarterly-report.pdf\n";
        assertThat(SigHarness.udp(DirectConnectAdcSignature.INSTANCE).c2s(ascii(res))).isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.udp(DirectConnectAdcSignature.INSTANCE).c2s(ascii("URES short SL5\n"))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        for (ByteBuffer p : new ByteBuffer[] {LegacyP2pPayloads.httpGet(), LegacyP2pPayloads.tlsClientHello("a.example"),
            LegacyP2pPayloads.sshBanner(), LegacyP2pPayloads.random(100, 4)}) {
            assertThat(SigHarness.tcp(DirectConnectAdcSignature.INSTANCE).c2s(p)).isEqualTo(Verdict.NO_MATCH);
        }
        assertThat(SigHarness.udp(DirectConnectAdcSignature.INSTANCE).c2s(LegacyP2pPayloads.dnsQuery())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedLinesWithoutTheirLfDoNotMatch() {
        ByteBuffer inf = ascii("BINF AAAC ID" + CID + " VEncdc\\s1.23.1 NIalice_s1\n");
        assertThat(SigHarness.prefixMatches(DirectConnectAdcSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, inf))
                .isZero();
    }

    @Test
    void describeKeepsOnlyTheClientsOwnNickAndSearches() {
        SigHarness h = SigHarness.tcp(DirectConnectAdcSignature.INSTANCE);
        Metadata own = h.describe(Direction.CLIENT_TO_SERVER,
                ascii("BINF AAAC ID" + CID + " VEncdc\\s1.23.1 NIalice_s1 SS4194304\n"),
                ascii("BSCH AAAC TOVBUNBSXJL5ZSS ANquarterly ANreport\n"));
        assertThat(own.get(MetadataKey.NICK)).containsExactly("alice_s1");
        assertThat(own.get(MetadataKey.CLIENT)).containsExactly("ncdc 1.23.1");
        assertThat(own.get(MetadataKey.SEARCH)).containsExactly("quarterly report");
        Metadata relayed = h.describe(Direction.SERVER_TO_CLIENT,
                ascii("IINF CT32 VEuhub/0.4.1 NILabHub\\sAlpha\nBINF AAAB IDX NIbob_s1 VEncdc\\s1.23.1\n"));
        assertThat(relayed.get(MetadataKey.SERVER_HOST)).containsExactly("LabHub Alpha");
        assertThat(relayed.get(MetadataKey.NICK)).isEmpty();
    }

    @Test
    void engineLabelsHubSessionOnItsFirstPacket() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 36687, 1511,
                Pkt.c2s(ascii("HSUP ADBASE ADTIGR\n")), Pkt.s2c(ascii("ISUP ADBASE ADTIGR ADPING\nISID AAAC\n")))
                .orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.DIRECT_CONNECT_ADC);
        assertThat(c.packetsToVerdict()).isEqualTo(1);
    }
}
