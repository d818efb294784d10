package io.peerwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.notice.Alert;
import io.peerwatch.ports.PortTable;
import io.peerwatch.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lab's BitTorrent, HTTP-tunnel and benign captures, turned into NetFlow v9 / IPFIX by
 * softflowd (export pcaps) and into nfdump CSV by nfcapd: without payload, the BitTorrent peers
 * must be reported (P2P_BEHAVIOUR or P2P_PORT_ACTIVITY) and hosts never labelled P2P must not be;
 * nothing here is a scan. Expected hosts come from the corpus labels (hosts.csv), not from code.
 */
class LabNetflowDetectionTest {
    /** Scenarios whose captures softflowd exported (netflow/LABELS.md). */
    static final Set<String> EXPORTED = Set.of("bittorrent", "http-tunnel", "benign-proxy");

    /** Reads an export capture or nfdump CSV the way {@code analyze --netflow} would: by content. */
    static List<FlowRecord> flows(String source) throws IOException {
        List<FlowRecord> out = new ArrayList<>();
        try (FlowFileReader r = FlowFiles.open(Corpus.lab("netflow/" + source))) {
            for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                out.add(f.get());
            }
        }
        return out;
    }

    /** address → labels in the exported scenarios. */
    static Map<IpAddress, Set<String>> labels() throws IOException {
        Map<IpAddress, Set<String>> out = new HashMap<>();
        List<String> rows = Files.readAllLines(Corpus.lab("hosts.csv"));
        for (String line : rows.subList(1, rows.size())) {
            String[] c = line.split(",", 4);
            if (EXPORTED.contains(c[0])) {
                out.computeIfAbsent(IpAddress.parse(c[1]), k -> new TreeSet<>()).add(c[2]);
            }
        }
        return out;
    }

    /** A per-host windowed detector, driven the way the Flink job drives it. */
    interface Windowed<W> {
        long windowMs();

        List<IpAddress> hostsOf(FlowRecord f);

        W newWindow();

        void observe(W w, IpAddress host, FlowRecord f);

        Optional<Alert> evaluate(W w, IpAddress host, long start, long end);
    }

    /** A {@link FlowWindowDetector} as a {@link Windowed}. */
    static <W> Windowed<W> windowed(FlowWindowDetector<W> d) {
        return new Windowed<W>() {
            public long windowMs() {
                return d.window().toMillis();
            }

            public List<IpAddress> hostsOf(FlowRecord f) {
                return d.hostsOf(f);
            }

            public W newWindow() {
                return d.newWindow();
            }

            public void observe(W w, IpAddress h, FlowRecord f) {
                d.observe(w, h, f);
            }

            public Optional<Alert> evaluate(W w, IpAddress h, long s, long e) {
                return d.evaluate(w, h, s, e);
            }
        };
    }

    /** Tumbling event-time windows (event time = flow end), one accumulator per host and window. */
    static <W> List<Alert> drive(Windowed<W> d, List<FlowRecord> flows) {
        Map<String, W> windows = new TreeMap<>();
        Map<String, IpAddress> hosts = new HashMap<>();
        Map<String, Long> starts = new HashMap<>();
        for (FlowRecord f : flows) {
            long start = Math.floorDiv(f.endMs(), d.windowMs()) * d.windowMs();
            for (IpAddress h : d.hostsOf(f)) {
                String k = h + "@" + start;
                d.observe(windows.computeIfAbsent(k, x -> d.newWindow()), h, f);
                hosts.put(k, h);
                starts.put(k, start);
            }
        }
        List<Alert> out = new ArrayList<>();
        windows.forEach((k, w) -> d.evaluate(w, hosts.get(k), starts.get(k), starts.get(k) + d.windowMs())
                .ifPresent(out::add));
        return out;
    }

    static List<Alert> run(List<FlowRecord> flows, InternalNetworks nets) {
        P2pBehaviourDetector p2p = new P2pBehaviourDetector(nets, P2pBehaviourConfig.defaults());
        InternalScanDetector scan = new InternalScanDetector(nets, InternalScanConfig.defaults());
        PortActivityDetector ports = new PortActivityDetector(PortTable.defaults(), nets,
                PortActivityDetector.Config.defaults());
        List<Alert> all = new ArrayList<>();
        all.addAll(drive(windowed(p2p), flows));
        all.addAll(drive(windowed(scan), flows));
        all.addAll(drive(new Windowed<PortActivityDetector.Window>() {
            public long windowMs() {
                return ports.config().window().toMillis();
            }

            public List<IpAddress> hostsOf(FlowRecord f) {
                return List.of(ports.hostOf(f));
            }

            public PortActivityDetector.Window newWindow() {
                return new PortActivityDetector.Window();
            }

            public void observe(PortActivityDetector.Window w, IpAddress h, FlowRecord f) {
                ports.observe(w, f);
            }

            public Optional<Alert> evaluate(PortActivityDetector.Window w, IpAddress h, long s, long e) {
                return ports.evaluate(w, h, s, e);
            }
        }, flows));
        return all;
    }

    @ParameterizedTest(name = "{0}, internal {1}")
    @CsvSource({
        "export-netflow-v9-s1.pcap, 198.18.0.0/15",
        "export-netflow-v10-s1.pcap, 198.18.0.0/15",
        "flows-netflow-v5-s1.csv, 198.18.0.0/15",
        "export-netflow-v10-s1.pcap, 10.0.0.0/8"})
    void bitTorrentPeersAreFlaggedWithoutPayloadAndBenignHostsAreNot(String source, String internal) throws IOException {
        List<Alert> all = run(flows(source), InternalNetworks.parse(internal));
        Map<IpAddress, Set<AlertType>> flagged = new TreeMap<>();
        all.forEach(f -> flagged.computeIfAbsent(f.host(), x -> new TreeSet<>()).add(f.type()));
        Map<IpAddress, Set<String>> labels = labels();

        Set<IpAddress> peers = labels.entrySet().stream().filter(e -> e.getValue().contains("p2p"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        Set<IpAddress> neverP2p = labels.entrySet().stream()
                .filter(e -> e.getValue().stream().noneMatch(l -> l.startsWith("p2p")))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(peers).hasSize(2);
        assertThat(neverP2p).hasSize(3);

        for (IpAddress p : peers) {
            assertThat(flagged.getOrDefault(p, Set.of())).as("%s in %s", p, source)
                    .containsAnyOf(AlertType.P2P_BEHAVIOUR, AlertType.P2P_PORT_ACTIVITY);
        }
        for (IpAddress b : neverP2p) {
            assertThat(flagged.getOrDefault(b, Set.of())).as("%s in %s", b, source).isEmpty();
        }
        assertThat(flagged.values()).noneMatch(t -> t.contains(AlertType.INTERNAL_SCAN));
        System.out.println(source + " (internal " + internal + "): " + flagged);
    }
}
