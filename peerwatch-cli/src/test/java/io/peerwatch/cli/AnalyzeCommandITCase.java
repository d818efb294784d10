package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code peerwatch analyze} end to end: the job on a MiniCluster over the lab's real files. */
class AnalyzeCommandITCase {


    private static AnalyzeRun run(String... args) throws Exception {
        return AnalyzeRun.of(args);
    }

    @Test
    void netflowExportsOfTheLabFlagTheBitTorrentHostsWithoutPayloadAndNothingElse() throws Exception {
        AnalyzeRun r = run("analyze", "--netflow", Corpus.lab("netflow/export-netflow-v9-s1.pcap").toString(),
                Corpus.lab("netflow/export-netflow-v10-s1.pcap").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        // BitTorrent seeder .11 and leecher .12 by behaviour; tracker .10 and leecher by port table
        assertThat(r.hostsOf("P2P_BEHAVIOUR")).containsExactlyInAnyOrder("198.18.1.11", "198.18.1.12");
        assertThat(r.hostsOf("P2P_PORT_ACTIVITY")).contains("198.18.1.10", "198.18.1.12");
        Set<String> flagged = r.alerts().stream().map(a -> a.at("/source/ip").asText()).collect(Collectors.toSet());
        // the proxy, the web server and the browsing workstation are never flagged
        assertThat(flagged).doesNotContain("198.18.1.20", "198.18.1.30", "198.18.1.40");
        assertThat(r.err()).contains("2 files").contains("0 dead letters");
    }

    @Test
    void labCapturesGiveP2pClientAndTunnelAlertsAndBenignBrowsingNone() throws Exception {
        AnalyzeRun r = run("analyze", "--pcap", Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap").toString(),
                Corpus.lab("dns-tunnel/dns-iodine-s1.pcap").toString(),
                Corpus.lab("icmp-tunnel/icmp-ptunnel-ng-s1.pcap").toString(),
                Corpus.lab("benign-proxy/benign-browse-s1.pcap").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.hostsOf("P2P_CLIENT")).isNotEmpty().allSatisfy(h -> assertThat(h).isIn("198.18.1.10", "198.18.1.11", "198.18.1.12"));
        assertThat(r.hostsOf("DNS_TUNNEL")).containsExactly("198.18.60.40");
        assertThat(r.hostsOf("ICMP_TUNNEL")).containsExactly("198.18.60.40");
        Set<String> flagged = r.alerts().stream().map(a -> a.at("/source/ip").asText()).collect(Collectors.toSet());
        assertThat(flagged).as("benign browsing workstation and web server").doesNotContain("198.18.1.30", "198.18.1.40");
        assertThat(r.alerts()).filteredOn(a -> a.at("/rule/name").asText().equals("P2P_CLIENT"))
                .anySatisfy(a -> assertThat(a.at("/peerwatch/evidence").toString()).contains("info_hash"));
    }

    /**
     * Encrypted BitTorrent of the project's own lab ({@code lab/captures}, four clients and their options): the
     * per-host judgement names the host through {@code analyze --pcap} as it does through Kafka
     * ({@code HostJudgementsKafkaITCase}), and the plaintext tracker flow's alert does not suppress it.
     */
    @Test
    void encryptedBitTorrentOfTheLabIsCorroboratedPerHostThroughAnalyze() throws Exception {
        for (String capture : List.of("bt-mse-aria2-required-port40000.pcap", "bt-mse-transmission-required.pcap",
                "bt-mse-transmission-udp-tracker.pcap", "bt-mse-rtorrent-rc4-required.pcap",
                "bt-mse-qbittorrent-required.pcap")) {
            AnalyzeRun r = run("analyze", "--pcap", Path.of("../lab/captures", capture).toString());
            assertThat(r.exitCode()).as(capture + ": " + r.err()).isZero();
            assertThat(r.alerts()).as(capture).filteredOn(a -> a.at("/rule/name").asText().equals("P2P_CLIENT"))
                    .anySatisfy(a -> {
                        assertThat(a.at("/peerwatch/identifier").asText()).endsWith("BitTorrent encrypted (corroborated)");
                        assertThat(a.at("/source/ip").asText()).isEqualTo("198.18.100.10");
                        assertThat(a.at("/peerwatch/evidence").toString()).contains("corroborated");
                    });
        }
    }

    /**
     * TLS without ALPN through the job: stunnel pushing data through gives the tunnel alert with both
     * byte counts; wget, Python, Java and openssl s_client downloading a file send the same kind of
     * hello and give no alert at all (the project lab's captures).
     */
    @Test
    void tlsWithoutAlpnIsATunnelOnlyWhenDataIsPushedThrough() throws Exception {
        AnalyzeRun tunnel = run("analyze", "--pcap", Path.of("../lab/captures", "tls-stunnel-tls12-sni-port443.pcap").toString());
        assertThat(tunnel.exitCode()).as(tunnel.err()).isZero();
        assertThat(tunnel.alerts()).as(tunnel.err()).singleElement().satisfies(a -> {
            assertThat(a.at("/rule/name").asText()).isEqualTo("ENCRYPTED_TUNNEL_SUSPECT");
            assertThat(a.at("/source/ip").asText()).isEqualTo("198.18.100.10");
            assertThat(a.at("/peerwatch/evidence").toString()).contains("without ALPN").contains("pushed through");
        });
        for (String capture : List.of("benign-tls-no-alpn-wget.pcap", "benign-tls-no-alpn-python.pcap",
                "benign-tls-no-alpn-java.pcap", "benign-tls-no-alpn-openssl.pcap")) {
            AnalyzeRun r = run("analyze", "--pcap", Path.of("../lab/captures", capture).toString());
            assertThat(r.exitCode()).as(capture + ": " + r.err()).isZero();
            assertThat(r.alerts()).as(capture).isEmpty();
        }
    }

    /**
     * ADC over TLS between two real clients (the corpus lab's {@code dc-adcs-ncdc-s1.pcap}): the
     * client-to-client connection, TLS without SNI or ALPN opened by the uploader (.12) to the active
     * downloader (.11), goes to both ends' corroboration windows; the downloader's ADCS hub session
     * corroborates it, so the job names the downloader once, with that connection, and the uploader
     * (no evidence of its own) not at all.
     */
    @Test
    void adcOverTlsBetweenClientsIsCorroboratedByTheListenersHubSessionThroughAnalyze() throws Exception {
        AnalyzeRun r = run("analyze", "--pcap", Corpus.lab("directconnect/dc-adcs-ncdc-s1.pcap").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<com.fasterxml.jackson.databind.JsonNode> corroborated = r.of("P2P_CLIENT").stream()
                .filter(a -> a.at("/peerwatch/identifier").asText().endsWith("encrypted (corroborated)")).toList();
        assertThat(corroborated).as(r.alerts().toString()).singleElement().satisfies(a -> {
            assertThat(a.at("/source/ip").asText()).isEqualTo("198.18.60.11");
            assertThat(a.at("/peerwatch/identifier").asText()).isEqualTo("198.18.60.11 DirectConnect encrypted (corroborated)");
            assertThat(AnalyzeRun.evidence(a)).contains("TLS connections without SNI or ALPN between high ports",
                    "DirectConnect flows with payload evidence", "opened by 198.18.60.12 to this host");
        });
        assertThat(r.hostsOf("P2P_CLIENT")).as("the uploader has no Direct Connect evidence of its own")
                .doesNotContain("198.18.60.12");
    }

    /**
     * Precision through the job, not only through {@code classify}: every benign capture of the corpus (TLS,
     * QUIC, video streaming, DNS, mail, FTP, browsing through a proxy) in one run gives no P2P and no tunnel
     * alert ({@code AccuracyReportTest} checks the same captures' flow labels).
     */
    @Test
    void benignCapturesGiveNoP2pAndNoTunnelAlert() throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze", "--pcap"));
        Corpus.benignCaptures().forEach(c -> args.add(Corpus.capture(c).toString()));
        AnalyzeRun r = run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains((args.size() - 2) + " files");
        assertThat(r.alerts()).as("alerts on benign captures").noneSatisfy(a -> assertThat(a.at("/rule/name").asText())
                .matches("P2P_.*|.*TUNNEL.*"));
    }

    @Test
    void watchWordsInGnutellaSearchesGiveConfidentialSearch(@TempDir Path tmp) throws Exception {
        Path words = Files.writeString(tmp.resolve("words.txt"), "# test watch list\nspiderman\n");
        Path gnutella = Corpus.path("ndpi/pcap/gnutella.pcap");
        AnalyzeRun r = run("analyze", "--pcap", gnutella.toString(), "--watch-list", words.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.alerts()).filteredOn(a -> a.at("/rule/name").asText().equals("CONFIDENTIAL_SEARCH"))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.at("/peerwatch/evidence").toString()).containsIgnoringCase("spiderman"));
        AnalyzeRun without = run("analyze", "--pcap", gnutella.toString());
        assertThat(without.alerts()).noneSatisfy(a -> assertThat(a.at("/rule/name").asText()).isEqualTo("CONFIDENTIAL_SEARCH"));
    }

    @Test
    void labSquidLogsGiveTheTunnelAndMediaAlertsAndAVolumeTable() throws Exception {
        AnalyzeRun r = run("analyze", "--proxy-log", Corpus.lab("http-tunnel/squid-access-native.log").toString(),
                Corpus.lab("benign-proxy/squid-access-combined.log").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> types = r.alerts().stream().map(a -> a.at("/rule/name").asText()).sorted().toList();
        assertThat(types).containsExactly("HTTP_TUNNEL", "LARGE_MEDIA_DOWNLOAD", "NONSTANDARD_CONNECT", "NONSTANDARD_CONNECT");
        assertThat(r.err()).contains("198.18.1.40").contains("cost AUD").contains("4 alerts");
    }

    @Test
    void badLinesBecomeDeadLettersAndTheRestIsStillAnalysed(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("access.log");
        List<String> lines = new ArrayList<>(Files.readAllLines(Corpus.lab("http-tunnel/squid-access-native.log")));
        lines.add(3, "this is not a squid line");
        lines.add(7, "1795607587.706 oops");
        Files.write(log, lines);
        AnalyzeRun r = run("analyze", "--proxy-log", log.toString(), "--format", "squid");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("2 dead letters").contains(log + ":4:").contains(log + ":8:");
        assertThat(r.alerts()).extracting(a -> a.at("/rule/name").asText()).contains("NONSTANDARD_CONNECT", "HTTP_TUNNEL");
    }

    @Test
    void unusableFilesAreRejectedWithOneLineNamingThem(@TempDir Path tmp) throws Exception {
        Path junk = Files.write(tmp.resolve("junk.bin"), new byte[] {1, 2, 3, 4, 5});
        AnalyzeRun r = run("analyze", "--netflow", junk.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("peerwatch analyze: junk.bin").doesNotContain("\n");
        AnalyzeRun missing = run("analyze", "--proxy-log", tmp.resolve("nope.log").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.log: no such readable file");
        AnalyzeRun none = run("analyze");
        assertThat(none.exitCode()).isEqualTo(2);
        // a binary file given as a proxy log: one line naming it and saying it is binary, detected or named format
        byte[] random = new byte[4096];
        new java.util.Random(20261206L).nextBytes(random);
        Path bin = Files.write(tmp.resolve("random.bin"), random);
        for (List<String> format : List.of(List.<String>of(), List.of("--format", "squid"))) {
            List<String> args = new java.util.ArrayList<>(List.of("analyze", "--proxy-log", bin.toString()));
            args.addAll(format);
            AnalyzeRun b = run(args.toArray(String[]::new));
            assertThat(b.exitCode()).as(b.err()).isEqualTo(1);
            assertThat(b.err().strip()).doesNotContain("\n").startsWith("peerwatch analyze: " + bin + ": not a proxy log: "
                    + "binary data, ").doesNotContain("Input length");
        }
    }
}
