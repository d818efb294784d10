package io.peerwatch.signatures.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import io.peerwatch.signatures.proto.SigHarness.Pkt;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * ADCS/NMDCS by ALPN (DC++ ALPN proposal: protocol ids "adc" and "nmdc"; RFC 7301 encoding).
 * The hello mirrors what ncdc 1.23.1 sends to an ADCS hub in the lab capture
 * {@code dc-adcs-ncdc-s1.pcap}: ALPN "adc", "nmdc" and no SNI.
 */
class DirectConnectAdcsSignatureTest {

    @Test
    void helloOfferingAdcMatches() {
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).c2s(LegacyP2pPayloads.tlsClientHello(null, "adc", "nmdc")))
                .isEqualTo(Verdict.MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).c2s(LegacyP2pPayloads.tlsClientHello("hub.example", "nmdc")))
                .isEqualTo(Verdict.MATCH);
    }

    @Test
    void otherHellosAndProtocolsDoNotMatch() {
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).c2s(LegacyP2pPayloads.tlsClientHello("www.example.com", "h2",
                "http/1.1"))).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).c2s(LegacyP2pPayloads.tlsClientHello(null)))
                .as("client-client ADCS hello of ncdc: no ALPN").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).c2s(LegacyP2pPayloads.tlsClientHello(null, "adcx")))
                .isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).s2c(LegacyP2pPayloads.tlsClientHello(null, "adc")))
                .as("only the client's hello counts").isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).c2s(LegacyP2pPayloads.httpGet())).isEqualTo(Verdict.NO_MATCH);
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).c2s(LegacyP2pPayloads.random(300, 8))).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void truncatedHellosDoNotMatch() {
        ByteBuffer hello = LegacyP2pPayloads.tlsClientHello(null, "adc", "nmdc");
        int matches = SigHarness.prefixMatches(DirectConnectAdcsSignature.INSTANCE, IpProtocol.TCP, Direction.CLIENT_TO_SERVER, hello);
        // Only prefixes that still hold the whole ALPN extension can match.
        assertThat(matches).isLessThan(hello.limit() - 40);
        assertThat(SigHarness.tcp(DirectConnectAdcsSignature.INSTANCE).c2s(LegacyP2pPayloads.prefix(hello, 60)))
                .isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void engineLabelsAdcsBeforeGenericTls() {
        Classification c = SigHarness.classify(IpProtocol.TCP, 35069, 1512,
                Pkt.c2s(LegacyP2pPayloads.tlsClientHello(null, "adc", "nmdc"))).orElseThrow();
        assertThat(c.signature()).isEqualTo(SignatureId.DIRECT_CONNECT_ADCS);
        assertThat(c.metadata().get(MetadataKey.TLS_ALPN)).containsExactly("adc", "nmdc");
    }
}
