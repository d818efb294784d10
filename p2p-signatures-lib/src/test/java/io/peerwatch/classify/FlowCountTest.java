package io.peerwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.testing.Corpus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The readers, decoder and flow table agree with Wireshark on real captures of every link type
 * in the corpus: per file, the number of packets equals {@code capinfos -c} and the number of
 * TCP and UDP flows equals the number of conversations {@code tshark} lists.
 *
 * <p>Expected numbers were computed once with TShark 4.0.17 / capinfos (Debian 12):
 * <pre>{@code
 * tshark -r F -q -z conv,tcp | grep -c '<->'     # tcp
 * tshark -r F -q -z conv,udp | grep -c '<->'     # udp
 * capinfos -c -M F                                # packets
 * }</pre>
 * tshark's conversation table has no timeouts, so the flow table runs here with idle and active
 * timeouts of a year; with the 120 s default idle timeout some long-silent UDP conversations are
 * (rightly) split, e.g. gnutella.pcap has 719 UDP flows instead of 613.
 */
class FlowCountTest {

    private static final DetectionConfig NO_TIMEOUTS = DetectionConfig.builder()
            .flowIdleTimeout(Duration.ofDays(365))
            .flowActiveTimeout(Duration.ofDays(365))
            .build();

    @ParameterizedTest(name = "{0} ({4})")
    @CsvSource({
            // capture,                              packets, tcp, udp, link type / format
            "ndpi/pcap/dns2tcp_tunnel.pcap,            50,   1,   0, Linux cooked SLL",
            "ndpi/pcap/openvpn-tlscrypt.pcap,          13,   0,   1, BSD loopback (null) IPv6",
            "ndpi/pcap/psiphon3.pcap,                  62,   1,   0, raw IP",
            "ndpi/pcap/ultrasurf.pcap,                333,   3,   0, Ethernet 802.1Q VLAN",
            "ndpi/pcap/dns.pcap,                        5,   0,   2, pcapng QinQ + PPPoE",
            "ndpi/pcap/bittorrent_transmission.pcapng, 7723, 279, 665, pcapng nanosecond",
            "ndpi/pcap/bittorrent_utp.pcap,            92,   0,   2, pcapng named .pcap",
            "ndpi/pcap/lru_ipv6_caches.pcapng,         88,   3,   9, pcapng IPv6",
            "ndpi/pcap/http_ipv6.pcap,                193,  13,   2, Ethernet IPv6",
            "ndpi/pcap/gnutella.pcap,                3905, 137, 613, Ethernet IPv4+IPv6 truncated frames",
    })
    void flowsMatchWiresharkConversations(String capture, long packets, long tcp, long udp, String what) {
        Corpus.require();
        ClassifyReport report = Classifier.builder().config(NO_TIMEOUTS).build()
                .classify(List.of(Corpus.capture(capture)));
        assertThat(report.summary().losses()).isEmpty();
        assertThat(report.summary().packetsRead()).as("packets").isEqualTo(packets);
        assertThat(report.flows()).filteredOn(r -> r.key().ipProtocol() == IpProtocol.TCP).as("tcp flows").hasSize((int) tcp);
        assertThat(report.flows()).filteredOn(r -> r.key().ipProtocol() == IpProtocol.UDP).as("udp flows").hasSize((int) udp);
    }
}
