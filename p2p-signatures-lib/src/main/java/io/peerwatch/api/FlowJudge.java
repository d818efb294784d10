package io.peerwatch.api;

import io.peerwatch.config.LibraryConfig;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.detect.InternalScanDetector;
import io.peerwatch.detect.P2pBehaviourDetector;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.notice.Alert;
import io.peerwatch.ports.PortEntry;
import io.peerwatch.ports.PortTable;
import io.peerwatch.ports.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges flow records (NetFlow v1/v5/v7/v9, IPFIX, nfcapd files, nfdump CSV, Zeek conn.log, or
 * records built with {@link FlowRecord#builder()}) without payload: the P2P port table, P2P
 * behaviour of a host (many peers, both directions, high ports) and internal scans, each over tumbling event-time
 * windows aligned the way the streaming job aligns them (a window starts at a multiple of its
 * length since the epoch; a record's time is its end).
 *
 * <pre>{@code
 * FlowJudge judge = FlowJudge.create(LibraryConfig.defaults());
 * Judgement j = judge.judge(Path.of("flows.csv"));          // nfdump -o csv, conn.log, ...
 * j.findings().forEach(System.out::println);
 * judge.portApplication(6, 6881).ifPresent(System.out::println);   // "BitTorrent"
 * }</pre>
 *
 * <p>A batch judge: every window is judged once the input ends and no alert is suppressed.
 *
 * <p>Thread-safety: immutable; one instance may judge on several threads at once (each call
 * has its own windows).
 */
public final class FlowJudge {

    private final PortTable ports;
    private final PortActivityDetector portActivity;
    private final P2pBehaviourDetector behaviour;
    private final InternalScanDetector scans;

    private FlowJudge(LibraryConfig config) {
        this.ports = config.portTable();
        this.portActivity = new PortActivityDetector(ports, config.internalNetworks(), config.portActivity(),
                config.noticePolicy());
        this.behaviour = new P2pBehaviourDetector(config.internalNetworks(), config.p2pBehaviour(), config.noticePolicy());
        this.scans = new InternalScanDetector(config.internalNetworks(), config.internalScan(), config.noticePolicy());
    }

    /**
     * A judge with these settings (internal networks, port table, behaviour and scan thresholds).
     *
     * @param config the settings; {@link LibraryConfig#defaults()} for the defaults
     * @return the judge
     */
    public static FlowJudge create(LibraryConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new FlowJudge(config);
    }

    /**
     * The application the port table names for a port.
     *
     * @param ipProtocol IP protocol number (6 TCP, 17 UDP)
     * @param port the port
     * @return the application, e.g. {@code "BitTorrent"}, or empty when the table does not list the port
     */
    public Optional<String> portApplication(int ipProtocol, int port) {
        return Transport.ofIpProtocol(ipProtocol).flatMap(t -> ports.lookup(t, port)).map(PortEntry::application);
    }

    /**
     * Judges records in memory.
     *
     * @param records the records, in any order
     * @return the findings of every detector over every window
     */
    public Judgement judge(List<FlowRecord> records) {
        return new Judgement(records.size(), 0, List.of(), findings(records));
    }

    /**
     * Reads a flow file (format detected: NetFlow/IPFIX export pcap, nfcapd file, nfdump CSV, Zeek conn.log
     * TSV or JSON) and judges its records. Unusable records are counted, not thrown.
     *
     * @param file the flow file
     * @return what was read, rejected and found
     * @throws UncheckedIOException when the file cannot be read
     */
    public Judgement judge(Path file) {
        List<FlowRecord> records = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        long[] rejected = {0};
        try (FlowFileReader r = FlowFiles.open(file, e -> {
            rejected[0]++;
            if (rejects.size() < Judgement.MAX_REJECTS) {
                rejects.add(e.getMessage());
            }
        })) {
            for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                records.add(f.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Judgement(records.size(), rejected[0], rejects, findings(records));
    }

    private List<Finding> findings(List<FlowRecord> records) {
        List<Alert> alerts = new ArrayList<>();
        Windows.run(portActivity, records, alerts);
        Windows.run(behaviour, records, alerts);
        Windows.run(scans, records, alerts);
        return Windows.ordered(alerts);
    }
}
