package io.peerwatch.classify;

import io.peerwatch.flow.FlowTableStats;
import io.peerwatch.packet.DecodeStats;
import io.peerwatch.pcap.InputLoss;
import java.nio.file.Path;
import java.util.List;

/**
 * Totals of one {@link Classifier} run.
 *
 * @param files the files, in the order read
 * @param packetsRead packets read from the files (decodable or not)
 * @param frameBytes frame bytes on the wire of those packets (original lengths)
 * @param decode decoder counters: packets decoded and undecodable per reason
 * @param flowTable flow table counters: flows created, timeouts, evictions
 * @param fragments IP fragment reassembly counters: fragments, datagrams reassembled, drops by reason
 * @param protocols per-label totals, most bytes first
 * @param losses input lost: corrupt records with file, packet, byte offset, reason and the bytes
 *     skipped (reading resumed after them where the format allowed), and files that could not be
 *     read at all; flows around each loss are included in the results
 * @param hosts judgements about hosts over windows (DNS and ICMP tunnels, corroborated or suspected
 *     encrypted P2P), in the order their windows closed
 */
public record ClassifySummary(
        List<Path> files,
        long packetsRead,
        long frameBytes,
        DecodeStats decode,
        FlowTableStats flowTable,
        io.peerwatch.packet.FragmentStats fragments,
        List<ProtocolStats> protocols,
        List<InputLoss> losses,
        List<HostFinding> hosts) {

    public ClassifySummary {
        if (files == null || decode == null || flowTable == null || fragments == null || protocols == null || losses == null || hosts == null) {
            throw new IllegalArgumentException("summary fields must not be null");
        }
        files = List.copyOf(files);
        protocols = List.copyOf(protocols);
        losses = List.copyOf(losses);
        hosts = List.copyOf(hosts);
    }

    /** True when some input was lost (a corrupt record skipped, a file not read to its end). */
    public boolean inputLost() {
        return !losses.isEmpty();
    }

    /** Flows reported (all labels). */
    public long flows() {
        return protocols.stream().mapToLong(ProtocolStats::flows).sum();
    }
}
