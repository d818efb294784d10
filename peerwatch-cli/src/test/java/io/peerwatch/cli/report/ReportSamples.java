package io.peerwatch.cli.report;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/** A report of a generated day: every section filled, and hostile text where the input can put text. */
final class ReportSamples {

    /** Text a log line or a capture could carry into the report. */
    static final String HOSTILE = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>&'\u001b[2J";
    static final long T0 = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    private ReportSamples() {
    }

    static Alert alert(AlertType type, String host, String protocol, long t, String detail) {
        return Alert.builder(type, IpAddress.parse(host), t, t + HOUR).eventTime(t + 1).protocol(protocol).severity(Severity.HIGH)
                .confidence(0.9).evidence(List.of(new Evidence("payload", detail, 1))).bytes(1_500_000)
                .cost(new BigDecimal("0.18"), "AUD").identifier(host + " " + protocol).build();
    }

    static ReportData day() {
        Random r = new Random(11);
        List<ReportData.BandwidthPoint> points = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            long expected = (long) (2e9 * (1.2 + Math.sin(Math.PI * (h - 6) / 12)));
            long observed = h == 15 ? expected * 4 : (long) (expected * (0.9 + 0.2 * r.nextDouble()));
            points.add(new ReportData.BandwidthPoint(T0 + h * HOUR, HOUR, observed * 3 / 4, observed / 4,
                    h < 2 ? OptionalLong.empty() : OptionalLong.of(expected)));
        }
        List<Alert> alerts = List.of(
                alert(AlertType.P2P_CLIENT, "10.10.1.21", "BitTorrent", T0 + 15 * HOUR, "BITTORRENT_PEER_WIRE after 1 payload packets"),
                alert(AlertType.P2P_CLIENT, "10.10.1.22", "Gnutella", T0 + 9 * HOUR, "GNUTELLA after 1 payload packets"),
                alert(AlertType.P2P_PORT_ACTIVITY, "10.10.1.23", "BitTorrent", T0 + 10 * HOUR, "12 flows on P2P ports"),
                alert(AlertType.DNS_TUNNEL, "10.10.1.24", "DNS_Tunnel", T0 + 11 * HOUR, "domain t.tunnel.example"),
                alert(AlertType.BANDWIDTH_SPIKE, "10.10.1.21", "BitTorrent", T0 + 15 * HOUR, "observed 8 GB, expected 2 GB"),
                alert(AlertType.VOLUME_QUOTA, "10.10.1.30", "HTTP", T0 + 12 * HOUR, HOSTILE));
        List<ReportData.Talker> talkers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            talkers.add(new ReportData.Talker("10.10.2." + i, 1_000_000L * (20 - i), 200_000L * i,
                    i == 0 ? List.of("BitTorrent") : List.of()));
        }
        talkers.add(new ReportData.Talker(HOSTILE, 900_000_000L, 1, List.of()));
        List<ReportData.CostRow> costs = List.of(
                new ReportData.CostRow("10.10.2.0", 20_000_000L, new BigDecimal("2.40"), Optional.of(new BigDecimal("31.00")), "AUD"),
                new ReportData.CostRow(HOSTILE, 5_000_000L, new BigDecimal("0.60"), Optional.empty(), "AUD"));
        return new ReportData("PeerWatch report: " + HOSTILE, Instant.parse("2026-12-01T00:00:00Z"), alerts, points,
                List.of(new ReportData.Capacity("download capacity", 10e6), new ReportData.Capacity("upload capacity", 4e6)),
                talkers, costs);
    }
}
