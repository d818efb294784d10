package io.peerwatch.api;

import io.peerwatch.signatures.Classification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdict on one payload (the first packet's payload of a flow, as the client sent it).
 * Immutable.
 *
 * @param protocol the protocol's display name, e.g. {@code "BitTorrent"}
 * @param p2p true for a peer-to-peer protocol
 * @param signature the signature that matched
 * @param basis the kind of evidence ({@code "PAYLOAD"}, ...)
 * @param confidence 0..1
 * @param metadata what the signature extracted, by lower-case name
 */
public record PayloadVerdict(String protocol, boolean p2p, String signature, String basis, double confidence,
        Map<String, List<String>> metadata) {

    /**
     * Checks the fields and copies the metadata.
     *
     * @param protocol the protocol's display name, e.g. {@code "BitTorrent"}
     * @param p2p true for a peer-to-peer protocol
     * @param signature the signature that matched
     * @param basis the kind of evidence ({@code "PAYLOAD"}, ...)
     * @param confidence 0..1
     * @param metadata what the signature extracted, by lower-case name
     */
    public PayloadVerdict {
        if (protocol == null || signature == null || basis == null || metadata == null) {
            throw new IllegalArgumentException("payload verdict fields must not be null");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        metadata.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        metadata = java.util.Collections.unmodifiableMap(copy);
    }

    static PayloadVerdict of(Classification c) {
        Map<String, List<String>> meta = new LinkedHashMap<>();
        c.metadata().forEach((k, v) -> meta.put(k.name().toLowerCase(Locale.ROOT), v));
        return new PayloadVerdict(c.protocol().displayName(), c.protocol().isP2p(), c.signature().toString(),
                c.kind().name(), c.confidence(), meta);
    }
}
