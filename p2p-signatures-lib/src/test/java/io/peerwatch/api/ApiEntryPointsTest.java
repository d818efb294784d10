package io.peerwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.classify.Classifier;
import io.peerwatch.config.LibraryConfig;
import io.peerwatch.config.Origin;
import io.peerwatch.config.Settings;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.testing.Corpus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points give what the implementation they sit on gives, as immutable values. */
class ApiEntryPointsTest {

    @Test
    void captureVerdictIsTheClassifiersReport() {
        Path pcap = Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap");
        CaptureVerdict v = PacketClassifier.defaults().classify(pcap);
        var report = Classifier.defaults().classify(List.of(pcap));

        assertThat(v.flows()).hasSameSizeAs(report.flows());
        assertThat(v.flows().stream().map(FlowVerdict::label).toList())
                .isEqualTo(report.flows().stream().map(r -> r.label()).toList());
        assertThat(v.packets()).isEqualTo(report.summary().packetsRead());
        assertThat(v.p2pFlows()).isNotEmpty().allMatch(f -> f.label().equals("BitTorrent"));
        assertThatThrownBy(() -> v.flows().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** The README's embedding example sets a key this way. */
    @Test
    void entryPointsTakeSettingsBuiltFromKeys() {
        LibraryConfig config = LibraryConfig.of(Settings.builder(LibraryConfig.KEYS)
                .set("networks.internal", "10.0.0.0/8", Origin.flag("code"), null).build());
        assertThat(config.internalNetworks().isConfiguredInternal(IpAddress.parse("10.9.9.9"))).isTrue();
        assertThat(config.internalNetworks().blocks()).hasSize(1);
        assertThat(PacketClassifier.create(config).classifyPayload(new byte[] {0}, 17, 1, 2)).isEmpty();
    }

    @Test
    void payloadOfABitTorrentHandshakeIsBitTorrent() {
        byte[] hs = new byte[68];
        hs[0] = 19;
        System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, hs, 1, 19);
        for (int i = 28; i < 68; i++) {
            hs[i] = (byte) ('a' + i % 26);
        }
        PayloadVerdict v = PacketClassifier.defaults().classifyPayload(hs, 6, 51413, 40000).orElseThrow();
        assertThat(v.protocol()).isEqualTo("BitTorrent");
        assertThat(v.p2p()).isTrue();
        assertThat(PacketClassifier.defaults().classifyPayload(new byte[] {1, 2, 3}, 6, 51413, 40000)).isEmpty();
    }

    @Test
    void proxyLogJudgeFindsTheTunnelsOfTheTunnelLogAndNoneInTheBenignOne() {
        ProxyLogJudge judge = ProxyLogJudge.create(LibraryConfig.defaults());
        Judgement tunnels = judge.judge(Corpus.lab("http-tunnel/squid-access-native.log"));
        Judgement benign = judge.judge(Corpus.lab("benign-proxy/squid-access-native.log"));

        assertThat(tunnels.records()).isPositive();
        assertThat(tunnels.findings()).extracting(Finding::type).contains(AlertType.HTTP_TUNNEL);
        assertThat(tunnels.findings()).allMatch(f -> !f.evidence().isEmpty());
        assertThat(benign.records()).isPositive();
        assertThat(benign.findings()).extracting(Finding::type).doesNotContain(AlertType.HTTP_TUNNEL);
        assertThat(judge.judge(Corpus.lab("http-tunnel/squid-access-native.log"), "squid").findings())
                .isEqualTo(tunnels.findings());
    }

    @Test
    void flowJudgeReadsAFlowFileAndNamesPortApplications() {
        FlowJudge judge = FlowJudge.create(LibraryConfig.defaults());
        Judgement j = judge.judge(Corpus.lab("netflow/flows-netflow-v9-s1.csv"));
        assertThat(j.records()).isPositive();
        assertThat(judge.portApplication(6, 6881)).isPresent();
        assertThat(judge.portApplication(6, 1)).isEmpty();
    }

    @Test
    void flowJudgeFindsAHostTalkingToManyPeersOnAP2pPort() {
        IpAddress host = IpAddress.parse("10.1.2.3");
        List<FlowRecord> records = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (int i = 0; i < 60; i++) {
            IpAddress peer = IpAddress.parse("198.51.100." + (i + 1));
            records.add(FlowRecord.builder().time(t + i * 1000, t + i * 1000 + 500).src(host, 51413)
                    .dst(peer, 6881).ipProtocol(6).counters(20, 20_000).build());
            records.add(FlowRecord.builder().time(t + i * 1000, t + i * 1000 + 500).src(peer, 40000 + i)
                    .dst(host, 51413).ipProtocol(6).counters(20, 20_000).build());
        }
        Judgement j = FlowJudge.create(LibraryConfig.defaults()).judge(records);
        assertThat(j.records()).isEqualTo(records.size());
        assertThat(j.findings()).isNotEmpty().allMatch(f -> f.host().equals(host));
    }

    @Test
    void blacklistsCoverSubdomains(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("trackers.txt");
        Files.writeString(list, "# trackers\ntracker.example.org\n");
        Blacklists lists = Blacklists.load(List.of(list));
        BlacklistVerdict v = lists.match("a.tracker.example.org").orElseThrow();
        assertThat(v.entry()).isEqualTo("tracker.example.org");
        assertThat(lists.match("example.org")).isEmpty();
        assertThat(lists.reloadIfChanged()).isFalse();
    }

    @Test
    void volumeJudgeTotalsAndPricesExactly() {
        VolumeJudge volume = VolumeJudge.create(LibraryConfig.defaults());
        assertThat(volume.cost(10_000_000L)).isEqualByComparingTo(new BigDecimal("1.2"));
        IpAddress host = IpAddress.parse("10.1.2.3");
        FlowRecord out = FlowRecord.builder().time(1_700_000_000_000L, 1_700_000_001_000L).src(host, 50000)
                .dst(IpAddress.parse("198.51.100.1"), 443).ipProtocol(6).counters(10, 3_000_000).build();
        VolumeVerdict v = volume.judge(List.of(out), List.of(Corpus.lab("benign-proxy/squid-access-native.log")));
        assertThat(v.subjects()).anyMatch(l -> l.kind().equals("host") && l.name().equals("10.1.2.3")
                && l.bytes() == 3_000_000);
        assertThat(v.subjects()).anyMatch(l -> l.kind().equals("address"));
        assertThat(v.currency()).isEqualTo(volume.currency());
    }
}
