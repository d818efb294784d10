package io.peerwatch.signatures.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.signatures.SignatureConfig;
import org.junit.jupiter.api.Test;

class DnsTunnelNamesTest {

    private static final SignatureConfig CFG = SignatureConfig.defaults();

    @Test
    void ordinaryAndMdnsNamesHaveNoReason() {
        assertThat(DnsTunnelNames.reasons("www.example.org", DnsTunnelNames.QTYPE_A, CFG)).isEmpty();
        assertThat(DnsTunnelNames.reasons("www.example.org.", DnsTunnelNames.QTYPE_A, CFG)).isEmpty();
        assertThat(DnsTunnelNames.reasons("printer+scan=x.local", DnsTunnelNames.QTYPE_A, CFG)).isEmpty();
    }

    @Test
    void encodedLongAndNullTypeQueriesGiveTheSignaturesReasons() {
        assertThat(DnsTunnelNames.reasons("aGVsbG8gd29ybGQ=.t.example.net", DnsTunnelNames.QTYPE_A, CFG))
                .containsExactly(DnsTunnelNames.ENCODED);
        assertThat(DnsTunnelNames.reasons("www.example.org", 10, CFG)).containsExactly(DnsTunnelNames.TYPE);
        String label = "k3j9x7q2m8v4b6n1z5c0w7e3r9t2y8u4i6o1p5a0s7d3f9g2h8";
        String longName = label + "." + label + "." + label + ".t.example.net";
        assertThat(DnsTunnelNames.reasons(longName, DnsTunnelNames.QTYPE_A, CFG))
                .contains(DnsTunnelNames.ENTROPY, DnsTunnelNames.LONG_NAME);
    }

    @Test
    void namesThatCannotBeDnsNamesHaveNoReason() {
        assertThat(DnsTunnelNames.reasons("", DnsTunnelNames.QTYPE_A, CFG)).isEmpty();
        assertThat(DnsTunnelNames.reasons("a..b", DnsTunnelNames.QTYPE_A, CFG)).isEmpty();
        assertThat(DnsTunnelNames.reasons("x".repeat(64) + ".example", DnsTunnelNames.QTYPE_A, CFG)).isEmpty();
        assertThat(DnsTunnelNames.reasons(null, DnsTunnelNames.QTYPE_A, CFG)).isEmpty();
    }
}
