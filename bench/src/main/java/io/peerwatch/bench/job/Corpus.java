package io.peerwatch.bench.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab corpus files each input is made of (../shared/corpus/lab), and which of their hosts
 * are inside the company. See bench/job/README.md for why these.
 */
final class Corpus {

    /**
     * The lab's client-side hosts, per ../shared/corpus/lab/hosts.csv: BitTorrent seeder and
     * leecher, the Direct Connect clients, the workstation (benign browsing and HTTP-tunnel
     * client), the tunnel clients and the corporate proxy. Trackers, hubs, web servers and tunnel
     * servers stay external.
     */
    static final List<String> INTERNAL_HOSTS = List.of(
            "198.18.1.11", "198.18.1.12", "198.18.1.20", "198.18.1.40",
            "198.18.60.11", "198.18.60.12", "198.18.60.40");

    /** Flow records: the lab's NetFlow v9 export (softflowd over the BitTorrent, tunnel and browsing captures). */
    static final List<String> FLOW_FILES = List.of("netflow/export-netflow-v9-s1.pcap");

    /** Proxy requests: the lab Squid's native access logs (HTTP tunnels, CONNECT tunnels, browsing and downloads). */
    static final List<String> PROXY_FILES = List.of(
            "http-tunnel/squid-access-native.log",
            "benign-proxy/squid-access-native.log");

    /** Packets: a span-port mix of P2P, tunnels and browsing. */
    static final List<String> PACKET_FILES = List.of(
            "bittorrent/bt-tcp-plain-transmission-s1.pcap",
            "bittorrent/bt-utp-transmission-s1.pcap",
            "directconnect/dc-adc-ncdc-s1.pcap",
            "dns-tunnel/dns-iodine-s1.pcap",
            "http-tunnel/connect-corkscrew-4662-s1.pcap",
            "http-tunnel/httptunnel-htc-s1.pcap",
            "icmp-tunnel/icmp-ptunnel-ng-s1.pcap",
            "tls-tunnel/tls-stunnel-port443-s1.pcap",
            "shadowsocks/shadowsocks-chacha20-ietf-poly1305-port8388-s1.pcap",
            "benign-proxy/benign-browse-s1.pcap");

    private Corpus() {
    }

    /** The tracks of one input. */
    static List<RecordSet.Track> tracks(Path lab, String input) throws IOException {
        List<RecordSet.Track> out = new ArrayList<>();
        for (String f : files(input)) {
            Path p = lab.resolve(f);
            if (!Files.isReadable(p)) {
                throw new IOException("corpus file missing: " + p);
            }
            out.add(new RecordSet.Track(f, switch (input) {
                case "flows" -> BenchRecords.flows(p);
                case "proxy" -> BenchRecords.squidLog(p);
                case "packets" -> BenchRecords.packets(p);
                default -> throw new IllegalArgumentException("unknown input " + input);
            }));
        }
        return out;
    }

    static List<String> files(String input) {
        return switch (input) {
            case "flows" -> FLOW_FILES;
            case "proxy" -> PROXY_FILES;
            case "packets" -> PACKET_FILES;
            default -> throw new IllegalArgumentException("unknown input " + input + " (flows, proxy, packets)");
        };
    }
}
