package io.peerwatch.api;

import java.util.List;

/**
 * The verdict on one or more capture files read as one capture. Immutable.
 *
 * @param packets packets read
 * @param flows every flow, ordered by first packet time
 * @param hosts judgements about hosts over their flows (tunnels, corroborated P2P clients)
 * @param losses input that could not be read (a truncated or corrupt record), one line each
 *     naming file, packet and byte offset; the packets around a loss still count
 */
public record CaptureVerdict(long packets, List<FlowVerdict> flows, List<HostVerdict> hosts, List<String> losses) {

    /**
     * Checks the fields and copies the lists.
     *
     * @param packets packets read
     * @param flows every flow, ordered by first packet time
     * @param hosts judgements about hosts over their flows (tunnels, corroborated P2P clients)
     * @param losses input that could not be read (a truncated or corrupt record), one line each naming file,
     *     packet and byte offset; the packets around a loss still count
     */
    public CaptureVerdict {
        if (packets < 0 || flows == null || hosts == null || losses == null) {
            throw new IllegalArgumentException("invalid capture verdict");
        }
        flows = List.copyOf(flows);
        hosts = List.copyOf(hosts);
        losses = List.copyOf(losses);
    }

    /** {@return the flows whose verdict names a peer-to-peer protocol} */
    public List<FlowVerdict> p2pFlows() {
        return flows.stream().filter(FlowVerdict::p2p).toList();
    }
}
