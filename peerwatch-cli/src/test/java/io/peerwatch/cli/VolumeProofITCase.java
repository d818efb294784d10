package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerwatch.testing.Corpus;
import io.peerwatch.testing.OfficeTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of bandwidth, saturation and cost through {@code peerwatch analyze} (the job on a
 * MiniCluster): on the lab's NetFlow exports and on a generated office (two days: the first
 * learns, the second holds a known jump and a P2P swarm). The detectors know nothing of the
 * generator; the assertions compare what they report with its ground truth.
 */
class VolumeProofITCase {

    /** A Monday. */
    private static final long DAY0 = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();

    @Test
    void aGeneratedOfficeDayAlertsTheJumpAndTheP2pSwarmOnItsLinkAndNotTheSteadyHosts(@TempDir Path tmp) throws Exception {
        OfficeTraffic office = new OfficeTraffic(DAY0, 2, 40, 4, 8, 20261206L);
        Path conn = tmp.resolve("conn.log");
        office.writeConnLog(conn);
        // the paper's office link, doubled for a larger office: 20 Mbit/s each way
        AnalyzeRun r = AnalyzeRun.of("analyze", "--netflow", conn.toString(), "--link", "20Mbit/s", "--top", "100");
        assertThat(r.exitCode()).as(r.err()).isZero();

        // the jump: a BANDWIDTH_SPIKE of the jumping host in the step of its download, with its server as evidence
        List<JsonNode> jumps = r.of("BANDWIDTH_SPIKE").stream()
                .filter(a -> a.at("/source/ip").asText().equals(office.jumper())).toList();
        assertThat(jumps).as(r.err()).singleElement().satisfies(a -> {
            assertThat(Instant.parse(a.at("/event/start").asText()).toEpochMilli()).isEqualTo(office.spikeAt());
            assertThat(AnalyzeRun.evidence(a)).contains("198.51.100.77").contains("expected").contains("excess");
        });
        // steady daily rhythms are expected, the heavy hosts' 20-fold morning rise included
        Set<String> spiking = r.hostsOf("BANDWIDTH_SPIKE");
        assertThat(spiking).as("only the jumping host and the swarming P2P users")
                .allSatisfy(h -> assertThat(h).isIn(concat(office.p2pUsers(), office.jumper())));
        assertThat(spiking).doesNotContainAnyElementsOf(office.benign());

        // the swarm: LINK_SATURATION_RISK from the afternoon of the second day, naming P2P users
        List<JsonNode> link = r.of("LINK_SATURATION_RISK");
        assertThat(link).as(r.err()).isNotEmpty().allSatisfy(a -> {
            assertThat(Instant.parse(a.at("/event/start").asText()).toEpochMilli()).isGreaterThanOrEqualTo(office.swarmStart());
            assertThat(AnalyzeRun.evidence(a)).contains("8 P2P users in the window").contains("8 users x 20 KB/s")
                    .contains("such users fill the link");
        });
        // early in the ramp the forecast warns while the heavy hosts still lead; at the top the P2P users fill the link
        JsonNode first = link.stream().min(java.util.Comparator.comparing(a -> a.at("/event/start").asText())).orElseThrow();
        assertThat(first.at("/peerwatch/evidence/1/detail").asText()).contains("full in about");
        assertThat(link).filteredOn(a -> a.at("/peerwatch/evidence/0/detail").asText().matches(".*\\((9\\d|1\\d\\d)%\\).*"))
                .isNotEmpty().allSatisfy(a -> {
                    assertThat(a.at("/source/ip").asText()).as("the largest contributor").isIn(office.p2pUsers());
                    assertThat(AnalyzeRun.evidence(a)).contains("(5 of the top 5 hosts)");
                });

        // the volume and cost table: every host, in and out, the site with its projection
        for (String h : concat(office.benign(), office.jumper())) {
            assertThat(r.err()).contains("host    " + h);
        }
        assertThat(r.err()).contains("projected AUD").contains("site    (each byte once)").contains("busiest hour");
    }

    private static List<String> concat(List<String> l, String one) {
        return java.util.stream.Stream.concat(l.stream(), java.util.stream.Stream.of(one)).toList();
    }

    @Test
    void theLabsNetflowExportsShowTheBitTorrentSeederFillingASmallLink() throws Exception {
        Path hosts = Corpus.lab("hosts.csv");
        // the exports hold the BitTorrent scenario's traffic (netflow/LABELS.md); its P2P hosts from hosts.csv
        Set<String> p2p = Files.readAllLines(hosts).stream().map(l -> l.split(","))
                .filter(f -> f.length > 2 && f[0].equals("bittorrent") && f[2].equals("p2p")).map(f -> f[1])
                .collect(Collectors.toSet());
        // a 256 kbit/s uplink: the lab's capture is minutes of traffic, small beside an office link
        AnalyzeRun r = AnalyzeRun.of("analyze", "--netflow", Corpus.lab("netflow/flows-netflow-v5-s1.csv").toString(),
                Corpus.lab("netflow/export-netflow-v9-s1.pcap").toString(), "--link", "256kbit/s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> link = r.of("LINK_SATURATION_RISK");
        assertThat(link).as(r.err()).isNotEmpty();
        assertThat(link).anySatisfy(a -> {
            assertThat(a.at("/source/ip").asText()).as("the largest contributor is a P2P host").isIn(p2p);
            assertThat(AnalyzeRun.evidence(a)).contains("saturated now").containsPattern("[1-9]\\d* P2P users in the window");
        });
        assertThat(r.of("BANDWIDTH_SPIKE")).as("minutes of traffic: no baseline is warm").isEmpty();
        assertThat(r.err()).contains("cost AUD").contains("projected AUD");
        assertThat(p2p).isNotEmpty().allSatisfy(h -> assertThat(r.err()).contains("host    " + h));
    }
}
