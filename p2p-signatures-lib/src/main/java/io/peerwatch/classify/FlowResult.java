package io.peerwatch.classify;

import io.peerwatch.flow.FlowKey;
import io.peerwatch.flow.Flow;
import io.peerwatch.ports.PortEntry;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One classified flow: the flow's record and what {@link Classifier} concluded about it.
 *
 * <p>Three cases: a signature matched ({@code signature} present, kind PAYLOAD or BEHAVIOUR);
 * no signature matched but the server port is in the port table ({@code portEntry} present,
 * kind {@link ConfidenceKind#PORT}); or nothing ({@link Protocol#UNKNOWN}, kind empty,
 * confidence 0).
 *
 * @param flow the flow: 5-tuple, orientation, times, per-direction counters
 * @param protocol the protocol named ({@link Protocol#UNKNOWN} when none, or when a port-table
 *     application has no {@link Protocol})
 * @param label what to show: the protocol's display name, or the port-table application name
 *     when it maps to no protocol, or "Unknown"
 * @param signature the signature that decided, if any
 * @param confidenceKind the kind of evidence, empty for unknown flows
 * @param confidence 0..1 (0 for unknown flows)
 * @param packetsToVerdict payload packets inspected until the signature decided (0 when no
 *     signature decided)
 * @param metadata evidence the signature extracted (info_hash, client, search strings, hosts), iterated
 *     in {@link MetadataKey} order so output is the same on every run
 * @param portEntry the port-table entry behind a {@link ConfidenceKind#PORT} verdict
 */
public record FlowResult(
        Flow flow,
        Protocol protocol,
        String label,
        Optional<SignatureId> signature,
        Optional<ConfidenceKind> confidenceKind,
        double confidence,
        int packetsToVerdict,
        Map<MetadataKey, List<String>> metadata,
        Optional<PortEntry> portEntry) {

    public FlowResult {
        if (flow == null || protocol == null || label == null || signature == null || confidenceKind == null
                || metadata == null || portEntry == null) {
            throw new IllegalArgumentException("flow result fields must not be null");
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence outside 0..1: " + confidence);
        }
        if (packetsToVerdict < 0) {
            throw new IllegalArgumentException("negative packetsToVerdict: " + packetsToVerdict);
        }
        metadata = Classification.orderedCopy(metadata);
    }

    /** The oriented 5-tuple. */
    public FlowKey key() {
        return flow.key();
    }

    /** Packets in both directions. */
    public long packets() {
        return flow.packets();
    }

    /** IP bytes in both directions. */
    public long bytes() {
        return flow.bytes();
    }

    /** True when the verdict names a peer-to-peer protocol. */
    public boolean isP2p() {
        return protocol.isP2p();
    }

    /**
     * One line in the manner of ndpiReader's flow list, e.g.
     * {@code tcp 10.0.0.2:51413 <-> 198.51.100.7:6881 [BitTorrent][PAYLOAD 0.95 BITTORRENT_PEER_WIRE
     * after 1 pkts][3 pkts 300 B <-> 2 pkts 200 B][info_hash=...]}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(flow.key().toString()).append(" [").append(label).append(']');
        confidenceKind.ifPresent(k -> {
            sb.append('[').append(k).append(String.format(Locale.ROOT, " %.2f", confidence));
            signature.ifPresent(s -> sb.append(' ').append(s).append(" after ").append(packetsToVerdict).append(" pkts"));
            sb.append(']');
        });
        Flow.Counters c = flow.clientToServer();
        Flow.Counters s = flow.serverToClient();
        sb.append('[').append(c.packets()).append(" pkts ").append(c.bytes()).append(" B <-> ")
                .append(s.packets()).append(" pkts ").append(s.bytes()).append(" B]");
        metadata.forEach((k, v) -> sb.append('[').append(k.name().toLowerCase(Locale.ROOT)).append('=')
                .append(String.join(",", v)).append(']'));
        return sb.toString();
    }
}
