package io.peerwatch.classify;

import io.peerwatch.flow.FlowTableStats;
import io.peerwatch.packet.DecodeStats;
import io.peerwatch.pcap.PacketFileException;
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
 * @param protocols per-label totals, most bytes first
 * @param errors files that could not be read to the end, with file, byte offset and reason;
 *     flows read before each error are included in the results
 * @param hosts judgements about hosts over windows (DNS and ICMP tunnels, corroborated or suspected
 *     encrypted P2P), in the order their windows closed
 */
public record ClassifySummary(
        List<Path> files,
        long packetsRead,
        long frameBytes,
        DecodeStats decode,
        FlowTableStats flowTable,
        List<ProtocolStats> protocols,
        List<PacketFileException> errors,
        List<HostFinding> hosts) {

    public ClassifySummary {
        if (files == null || decode == null || flowTable == null || protocols == null || errors == null || hosts == null) {
            throw new IllegalArgumentException("summary fields must not be null");
        }
        files = List.copyOf(files);
        protocols = List.copyOf(protocols);
        errors = List.copyOf(errors);
        hosts = List.copyOf(hosts);
    }

    /** True when some file could not be read to its end. */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Flows reported (all labels). */
    public long flows() {
        return protocols.stream().mapToLong(ProtocolStats::flows).sum();
    }
}
