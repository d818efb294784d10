package io.peerwatch.signatures;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's verdict for one flow.
 *
 * @param signature the signature that decided
 * @param protocol the protocol named
 * @param kind the evidence kind
 * @param confidence 0..1
 * @param packetsToVerdict payload packets of the flow inspected when the verdict was reached
 * @param metadata evidence extracted from the flow (hashes, names, searches, hosts), iterated in
 *     {@link MetadataKey} order
 */
public record Classification(
        SignatureId signature,
        Protocol protocol,
        ConfidenceKind kind,
        double confidence,
        int packetsToVerdict,
        Map<MetadataKey, List<String>> metadata) {

    public Classification {
        if (signature == null || protocol == null || kind == null || metadata == null) {
            throw new IllegalArgumentException("classification fields must not be null");
        }
        metadata = orderedCopy(metadata);
    }

    /**
     * An immutable copy iterating in {@link MetadataKey} order (values keep their order), so
     * every printed or serialized form of a flow is the same on every run; {@code Map.copyOf}
     * would iterate in an order that changes from one JVM to the next.
     *
     * @throws IllegalArgumentException on a null key or value
     * @throws NullPointerException on a null element of a value (as {@link List#copyOf})
     */
    public static Map<MetadataKey, List<String>> orderedCopy(Map<MetadataKey, List<String>> metadata) {
        if (metadata.isEmpty()) {
            return Map.of();
        }
        EnumMap<MetadataKey, List<String>> copy = new EnumMap<>(MetadataKey.class);
        metadata.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("metadata must not hold null keys or values");
            }
            copy.put(k, List.copyOf(v));
        });
        return Collections.unmodifiableMap(copy);
    }

    /** The first value of a metadata key, or the empty string. */
    public String first(MetadataKey key) {
        List<String> v = metadata.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }
}
