package io.peerwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsNameTest {

    @Test
    void canonicalFormIsLowerCaseAsciiWithoutTrailingDot() {
        assertThat(DnsName.parse("Tracker.Example.").name()).isEqualTo("tracker.example");
        assertThat(DnsName.parse("b\u00fccher.example").name()).isEqualTo("xn--bcher-kva.example");
        assertThat(DnsName.parse("_sip._tcp.example").name()).isEqualTo("_sip._tcp.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example;reboot", "\"quoted.example\"", "bad}brace.example", "a b.example",
            "line\nbreak.example", "tab\t.example", "x\";drop.example", "nul\u0000.example", "line\u2028sep.example",
            "nel\u0085.example", "\u202egpj.example", "a..example", ".example", "com", "localhost", "1.2.3",
            "slash/path.example", "star.*.example", "back\\slash.example", "$origin.example", "@.example"})
    void rejectsWhatCouldInjectSyntaxOrIsNotANameToBlock(String hostile) {
        assertThatThrownBy(() -> DnsName.parse(hostile)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enforcesLabelAndNameLengths() {
        String label63 = "a".repeat(63);
        assertThat(DnsName.parse(label63 + ".example").name()).hasSize(71);
        assertThatThrownBy(() -> DnsName.parse("a".repeat(64) + ".example")).hasMessageContaining("63");
        String name253 = (label63 + ".").repeat(3) + "a".repeat(61);
        assertThat(name253).hasSize(253);
        assertThat(DnsName.parse(name253).name()).hasSize(253);
        assertThatThrownBy(() -> DnsName.parse(name253 + "a")).hasMessageContaining("253");
        assertThatThrownBy(() -> new DnsName("Upper.example")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withinMeansTheNameOrASubdomain() {
        DnsName parent = DnsName.parse("example.com");
        assertThat(DnsName.parse("a.b.example.com").isWithin(parent)).isTrue();
        assertThat(parent.isWithin(parent)).isTrue();
        assertThat(DnsName.parse("notexample.com").isWithin(parent)).isFalse();
        assertThat(DnsName.parse("a.b.example.com").parentOrNull()).isEqualTo(DnsName.parse("b.example.com"));
        assertThat(parent.parentOrNull()).isNull();
    }
}
