package io.peerwatch.policy;

import io.peerwatch.blacklist.BlacklistDetector;
import io.peerwatch.blacklist.BlacklistHolder;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.detect.proxy.TunnelDetector;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.ports.PortTable;
import io.peerwatch.proxy.ProxyRecord;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy with every kind of rule and hostile input: a blacklist whose lines try to inject
 * configuration syntax, alerts from the real proxy detectors (one with a hostile host name),
 * flow alerts in the packet path's evidence format, IPv4 and IPv6, and an allow-list.
 */
final class Fixtures {

    /** Event time of the fixture's recent alerts. */
    static final long NOW = 1_800_000_000_000L;
    static final long HOUR = 3_600_000L;

    /** Names the hostile list lines try to smuggle into configuration files. */
    static final List<String> HOSTILE_FRAGMENTS = List.of(";reboot", "\"quoted", "bad}brace", "rm -rf",
            "\u2028", "\u0085", "\u202e", "bad\"name", "x\";drop", "\u0000");

    static final String BLACKLIST = String.join("\n",
            "# a hosts-file list with hostile lines",
            "0.0.0.0 tracker.p2p.example",
            "0.0.0.0 ads.tracker.p2p.example  # under a listed parent",
            "evil.example;reboot",
            "\"quoted.example\"",
            "bad}brace.example",
            "}",
            "0.0.0.0 ok.example bad\"name.example",
            "b\u00fccher.example",
            "line\u2028separator.example",
            "nel\u0085.example",
            "\u202egpj.example",
            "a".repeat(64) + ".example",
            "com",
            "1.2.3",
            "203.0.113.7",
            "p2p-index.example/files/",
            "p2p-index.example/search?q=x",
            "partner.example",
            "www.partner.example",
            "sub.cdn.partner-cdn.example",
            "partner-cdn.example",
            "1.0.0.127.rpz-ip",
            "nul\u0000.example",
            "0.0.0.0 tracker.p2p.example",
            "");

    static final String EXEMPT = String.join("\n",
            "# allow-list",
            "partner.example          # a partner's sites",
            "*.sub.cdn.partner-cdn.example",
            "10.9.0.0/16              # the lab network",
            "10.1.2.4                 # the CEO's laptop",
            "2001:db8:9::/48",
            "");

    private Fixtures() {
    }

    static Exemptions exemptions() {
        try {
            return Exemptions.parse(new StringReader(EXEMPT), "exempt.txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The full policy. */
    static Policy policy() {
        try {
            return Policy.builder()
                    .portTable(PortTable.defaults())
                    .blacklist(new StringReader(BLACKLIST), "lists/hostile-hosts.txt")
                    .alerts(alerts(), AlertSelection.since(NOW - 24 * HOUR))
                    .exemptions(exemptions())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alerts: from the real proxy detectors, and in the packet path's evidence format. */
    static List<Alert> alerts() {
        List<Alert> out = new ArrayList<>();
        IpAddress client = IpAddress.parse("10.1.2.3");
        TunnelDetector tunnels = new TunnelDetector(TunnelConfig.defaults());
        out.add(tunnels.inspectConnect(ProxyRecord.builder(NOW, client, "CONNECT", "peer.p2p-net.example:6881").status(200)
                .bytesToClient(500).deriveDestination().build()).orElseThrow());
        out.add(tunnels.inspectConnect(ProxyRecord.builder(NOW, IpAddress.parse("10.1.2.5"), "CONNECT",
                "x\";drop.example:8080").status(200).bytesToClient(500).deriveDestination().build()).orElseThrow());
        BlacklistHolder holder = new BlacklistHolder(List.of());
        Path list = writeTemp("blocked-sites.txt", "0.0.0.0 warez.example\n");
        holder = new BlacklistHolder(List.of(list));
        holder.reload();
        out.add(new BlacklistDetector(holder).inspect(ProxyRecord.builder(NOW, IpAddress.parse("10.1.2.4"), "GET",
                "http://dl.warez.example/a.zip").status(200).bytesToClient(500).deriveDestination().build()).orElseThrow());
        out.add(flowAlert(AlertType.ICMP_TUNNEL, "10.1.2.6", "2001:db8::7", Severity.HIGH, NOW - HOUR));
        out.add(flowAlert(AlertType.P2P_CLIENT, "10.1.2.3", "10.1.2.99", Severity.HIGH, NOW - HOUR));
        out.add(flowAlert(AlertType.P2P_CLIENT, "10.1.2.7", "198.51.100.20", Severity.HIGH, NOW - 48 * HOUR));
        out.add(flowAlert(AlertType.ENCRYPTED_TUNNEL_SUSPECT, "10.1.2.8", "198.51.100.21", Severity.LOW, NOW - HOUR));
        out.add(flowAlert(AlertType.P2P_CLIENT, "fd00::3", "2001:db8:9::1", Severity.HIGH, NOW - HOUR));
        return out;
    }

    /** An alert as ClassifiedFlowAlerts writes it (its "flow" evidence names the peer). */
    static Alert flowAlert(AlertType type, String host, String peer, Severity severity, long timeMs) {
        String p = peer.indexOf(':') >= 0 ? "[" + peer + "]" : peer;
        return Alert.builder(type, IpAddress.parse(host), timeMs, timeMs + 1)
                .severity(severity)
                .evidence(List.of(new Evidence("payload", "X after 1 payload packets", 1),
                        new Evidence("flow", "tcp " + host + ":50000 -> " + p + ":6881 (peer " + peer + ")", 1)))
                .identifier(host + " X")
                .build();
    }

    private static Path writeTemp(String name, String text) {
        try {
            Path dir = Files.createTempDirectory("policy-fixture");
            Path f = dir.resolve(name);
            Files.writeString(f, text);
            f.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
