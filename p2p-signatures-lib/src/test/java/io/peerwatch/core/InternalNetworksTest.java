package io.peerwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InternalNetworksTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void cidrContainment() {
        Cidr c = Cidr.parse("172.16.0.0/12");
        assertThat(c.contains(ip("172.31.255.255"))).isTrue();
        assertThat(c.contains(ip("172.32.0.0"))).isFalse();
        assertThat(Cidr.parse("10.1.2.3/8").network()).isEqualTo(ip("10.0.0.0"));
        assertThat(Cidr.parse("fc00::/7").contains(ip("fd12::1"))).isTrue();
        assertThat(Cidr.parse("fc00::/7").contains(ip("10.0.0.1"))).as("other family").isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").prefixLength()).isEqualTo(32);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix");
    }

    @Test
    void defaultsCoverRfc1918SharedSpaceUlaAndLinkLocal() {
        InternalNetworks n = InternalNetworks.defaults();
        for (String a : List.of("10.9.8.7", "172.20.0.1", "192.168.1.1", "100.64.0.1", "169.254.1.1", "fd00::1", "fe80::1")) {
            assertThat(n.isConfiguredInternal(ip(a))).as(a).isTrue();
        }
        for (String a : List.of("8.8.8.8", "198.18.0.1", "2001:db8::1", "100.128.0.1")) {
            assertThat(n.isConfiguredInternal(ip(a))).as(a).isFalse();
        }
    }

    @Test
    void hostRule() {
        InternalNetworks n = InternalNetworks.defaults();
        // internal <-> external: the internal side, whichever direction
        assertThat(n.hostOf(ip("8.8.8.8"), ip("10.0.0.5"))).isEqualTo(ip("10.0.0.5"));
        assertThat(n.hostOf(ip("10.0.0.5"), ip("8.8.8.8"))).isEqualTo(ip("10.0.0.5"));
        // internal <-> internal: the initiator
        assertThat(n.hostOf(ip("10.0.0.6"), ip("10.0.0.5"))).isEqualTo(ip("10.0.0.6"));
        // nothing internal: the initiator
        assertThat(n.hostOf(ip("198.18.0.1"), ip("198.19.0.2"))).isEqualTo(ip("198.18.0.1"));
        assertThat(n.peerOf(ip("8.8.8.8"), ip("10.0.0.5"))).isEqualTo(ip("8.8.8.8"));
        assertThat(InternalNetworks.parse("198.18.0.0/15, 10.0.0.0/8").hostOf(ip("8.8.8.8"), ip("198.19.0.2")))
                .isEqualTo(ip("198.19.0.2"));
    }
}
