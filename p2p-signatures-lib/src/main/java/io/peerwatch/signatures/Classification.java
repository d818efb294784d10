package io.peerwatch.signatures;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        if (metadata instanceof Frozen) {
            return metadata; // already an immutable ordered copy: copying again would change nothing
        }
        if (metadata.isEmpty()) {
            return Map.of();
        }
        EnumMap<MetadataKey, List<String>> copy = new EnumMap<>(MetadataKey.class);
        for (Map.Entry<MetadataKey, List<String>> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("metadata must not hold null keys or values");
            }
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return new Frozen(copy);
    }

    /** Immutable view over an EnumMap of immutable lists that nobody else holds. */
    static final class Frozen extends AbstractMap<MetadataKey, List<String>> {
        private final EnumMap<MetadataKey, List<String>> map;
        private final Set<Map.Entry<MetadataKey, List<String>>> entries;

        /** Takes ownership of {@code map}, whose values must already be immutable lists. */
        Frozen(EnumMap<MetadataKey, List<String>> map) {
            this.map = map;
            this.entries = Collections.unmodifiableMap(map).entrySet();
        }

        @Override
        public Set<Map.Entry<MetadataKey, List<String>>> entrySet() {
            return entries;
        }

        @Override
        public List<String> get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super MetadataKey, ? super List<String>> action) {
            map.forEach(action);
        }
    }

    /** Version of the {@link #writeTo} format. */
    private static final int FORMAT = 1;

    /**
     * Writes this classification in a compact binary form, format version first; enum constants
     * by name, so reordering an enum does not change a stored classification's meaning.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        StateFormat.writeString(out, signature.name());
        StateFormat.writeString(out, protocol.name());
        StateFormat.writeString(out, kind.name());
        out.writeDouble(confidence);
        out.writeInt(packetsToVerdict);
        StateFormat.writeMetadata(out, metadata);
    }

    /**
     * Reads what {@link #writeTo} wrote.
     *
     * @throws IOException on an unknown format version, an unknown enum constant or corrupt input
     */
    public static Classification readFrom(DataInput in) throws IOException {
        StateFormat.version(in, "classification", FORMAT);
        SignatureId signature = StateFormat.readEnum(in, SignatureId.class);
        Protocol protocol = StateFormat.readEnum(in, Protocol.class);
        ConfidenceKind kind = StateFormat.readEnum(in, ConfidenceKind.class);
        double confidence = in.readDouble();
        int packets = in.readInt();
        Map<MetadataKey, List<String>> metadata = new EnumMap<>(StateFormat.readMetadata(in));
        try {
            return new Classification(signature, protocol, kind, confidence, packets, metadata);
        } catch (IllegalArgumentException e) {
            throw new java.io.InvalidObjectException("bad classification: " + e.getMessage());
        }
    }

    /** The first value of a metadata key, or the empty string. */
    public String first(MetadataKey key) {
        List<String> v = metadata.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }
}
