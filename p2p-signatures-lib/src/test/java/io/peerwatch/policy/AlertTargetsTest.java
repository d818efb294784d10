package io.peerwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.blacklist.BlacklistDetector;
import io.peerwatch.blacklist.BlacklistHolder;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.detect.proxy.TunnelDetector;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destinations are read from what the library's detectors really write: the packet path over the
 * lab's captures (addresses and names from their LABELS.md) and the proxy detectors.
 */
class AlertTargetsTest {

    private static final IpAddress CLIENT = IpAddress.parse("10.1.2.3");

    private static Set<String> destinations(String capture, AlertType type) throws Exception {
        List<Alert> alerts = LabAlerts.of(Corpus.lab(capture));
        assertThat(alerts).extracting(Alert::type).contains(type);
        return alerts.stream().filter(a -> a.type() == type).flatMap(a -> AlertTargets.destinations(a).stream())
                .collect(Collectors.toSet());
    }

    @Test
    void dnsTunnelGivesTheTunnelDomainNotTheResolver() throws Exception {
        assertThat(destinations("dns-tunnel/dns-iodine-s1.pcap", AlertType.DNS_TUNNEL)).containsExactly("t.lab.test");
    }

    @Test
    void icmpTunnelGivesTheTunnelServer() throws Exception {
        assertThat(destinations("icmp-tunnel/icmp-ptunnel-ng-s1.pcap", AlertType.ICMP_TUNNEL)).containsExactly("198.18.60.30");
    }

    @Test
    void tunnelsThroughTheProxyGiveTheirTargetNeverTheProxy() throws Exception {
        // the client talks to the proxy 198.18.1.20; the tunnel endpoint is 198.18.1.30
        assertThat(destinations("http-tunnel/connect-corkscrew-4662-s1.pcap", AlertType.NONSTANDARD_CONNECT))
                .containsExactly("198.18.1.30");
        assertThat(destinations("http-tunnel/httptunnel-htc-s1.pcap", AlertType.HTTP_TUNNEL)).containsExactly("198.18.1.30");
    }

    @Test
    void p2pClientsGiveTheirPeersAndTracker() throws Exception {
        // seeder .11 and tracker .10 (port 6969) for the leecher .12
        assertThat(destinations("bittorrent/bt-tcp-plain-transmission-s1.pcap", AlertType.P2P_CLIENT))
                .contains("198.18.1.10", "198.18.1.11").doesNotContain("198.18.1.12");
    }

    @Test
    void proxyAlertsGiveTheRequestedHost(@TempDir Path dir) throws Exception {
        TunnelDetector tunnels = new TunnelDetector(TunnelConfig.defaults());
        Alert connect = tunnels.inspectConnect(ProxyRecord.builder(1000, CLIENT, "CONNECT", "peer.example:6881")
                .status(200).user("alice smith").deriveDestination().build()).orElseThrow();
        assertThat(AlertTargets.destinations(connect)).containsExactly("peer.example");
        Alert v6 = tunnels.inspectConnect(ProxyRecord.builder(1000, CLIENT, "CONNECT", "[2001:db8::5]:8080")
                .status(200).deriveDestination().build()).orElseThrow();
        assertThat(AlertTargets.destinations(v6)).containsExactly("2001:db8::5");

        Path list = Files.writeString(dir.resolve("hosts.txt"), "0.0.0.0 warez.example\n");
        BlacklistHolder holder = new BlacklistHolder(List.of(list));
        holder.reload();
        Alert listed = new BlacklistDetector(holder).inspect(ProxyRecord.builder(1000, CLIENT, "GET",
                "http://dl.warez.example/a.zip").status(200).deriveDestination().build()).orElseThrow();
        assertThat(AlertTargets.destinations(listed)).containsExactly("dl.warez.example");
    }

    @Test
    void hostOnlyTypesGiveNoDestination() {
        Alert scan = Fixtures.flowAlert(AlertType.INTERNAL_SCAN, "10.1.2.3", "10.1.2.9", io.peerwatch.core.Severity.HIGH, 0);
        assertThat(AlertTargets.destinations(scan)).isEmpty();
        assertThat(AlertTargets.namesDestinations(AlertType.VOLUME_QUOTA)).isFalse();
        assertThat(AlertTargets.namesDestinations(AlertType.DNS_TUNNEL)).isTrue();
    }
}
