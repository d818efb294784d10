package io.peerwatch.api;

import io.peerwatch.classify.FlowResult;
import io.peerwatch.core.IpAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict on one bidirectional flow of a capture: its 5-tuple as the client opened it, what
 * it is, how sure, and the evidence the signature extracted. Immutable.
 *
 * @param ipProtocol IP protocol number (6 TCP, 17 UDP, ...)
 * @param client the address that opened the flow
 * @param clientPort its port (0 for protocols without ports)
 * @param server the other address
 * @param serverPort its port
 * @param label what the flow is: a protocol's display name ({@code "BitTorrent"}), a port-table
 *     application, or {@code "Unknown"}
 * @param p2p true when the verdict names a peer-to-peer protocol
 * @param basis the kind of evidence behind the verdict ({@code "PAYLOAD"}, {@code "PORT"}, ...),
 *     empty for unknown flows
 * @param confidence 0..1 (0 for unknown flows)
 * @param signature the signature that decided, when one did
 * @param firstMs first packet, epoch milliseconds
 * @param lastMs last packet, epoch milliseconds
 * @param packets packets in both directions
 * @param bytes IP bytes in both directions
 * @param metadata what the signature extracted (e.g. {@code info_hash}, {@code client}), by
 *     lower-case name, in a fixed order
 */
public record FlowVerdict(int ipProtocol, IpAddress client, int clientPort, IpAddress server, int serverPort,
        String label, boolean p2p, Optional<String> basis, double confidence, Optional<String> signature,
        long firstMs, long lastMs, long packets, long bytes, Map<String, List<String>> metadata) {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    /**
     * Checks the fields and copies the metadata.
     *
     * @param ipProtocol IP protocol number (6 TCP, 17 UDP, ...)
     * @param client the address that opened the flow
     * @param clientPort its port (0 for protocols without ports)
     * @param server the other address
     * @param serverPort its port
     * @param label what the flow is: a protocol's display name ({@code "BitTorrent"}), a port-table application,
     *     or {@code "Unknown"}
     * @param p2p true when the verdict names a peer-to-peer protocol
     * @param basis the kind of evidence behind the verdict ({@code "PAYLOAD"}, {@code "PORT"}, ...), empty for
     *     unknown flows
     * @param confidence 0..1 (0 for unknown flows)
     * @param signature the signature that decided, when one did
     * @param firstMs first packet, epoch milliseconds
     * @param lastMs last packet, epoch milliseconds
     * @param packets packets in both directions
     * @param bytes IP bytes in both directions
     * @param metadata what the signature extracted (e.g. {@code info_hash}, {@code client}), by lower-case name,
     *     in a fixed order
     */
    public FlowVerdict {
        if (client == null || server == null || label == null || basis == null || signature == null || metadata == null) {
            throw new IllegalArgumentException("flow verdict fields must not be null");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        metadata.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        metadata = java.util.Collections.unmodifiableMap(copy);
    }

    static FlowVerdict of(FlowResult r) {
        Map<String, List<String>> meta = new LinkedHashMap<>();
        r.metadata().forEach((k, v) -> meta.put(k.name().toLowerCase(Locale.ROOT), v));
        return new FlowVerdict(r.key().ipProtocol(), r.key().client(), r.key().clientPort(), r.key().server(),
                r.key().serverPort(), r.label(), r.isP2p(), r.confidenceKind().map(Enum::name), r.confidence(),
                r.signature().map(Object::toString), r.flow().firstNanos() / NANOS_PER_MILLI,
                r.flow().lastNanos() / NANOS_PER_MILLI, r.packets(), r.bytes(), meta);
    }

    /** One line: {@code 6 10.0.0.2:51413 -> 198.51.100.7:6881 BitTorrent PAYLOAD 0.95}. */
    @Override
    public String toString() {
        return ipProtocol + " " + client + ":" + clientPort + " -> " + server + ":" + serverPort + " " + label
                + basis.map(b -> " " + b).orElse("") + String.format(Locale.ROOT, " %.2f", confidence);
    }
}
