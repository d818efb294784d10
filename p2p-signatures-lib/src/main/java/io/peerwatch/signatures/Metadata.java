package io.peerwatch.signatures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounded collector of {@link MetadataKey} values for one flow. Values are de-duplicated,
 * truncated to {@link DetectionConfig#maxMetadataValueLength()} characters, and at most
 * {@link DetectionConfig#maxMetadataValues()} are kept per key, so an attacker-controlled flow
 * cannot grow memory without bound.
 */
public final class Metadata {
    private final int maxValues;
    private final int maxLength;
    private final Map<MetadataKey, Set<String>> values = new EnumMap<>(MetadataKey.class);

    /** A collector bounded by the given configuration. */
    public Metadata(DetectionConfig config) {
        this.maxValues = config.maxMetadataValues();
        this.maxLength = config.maxMetadataValueLength();
    }

    /** Adds a value; blank values and values beyond the per-key cap are dropped. */
    public void put(MetadataKey key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        Set<String> set = values.get(key);
        if (set == null) {
            set = new LinkedHashSet<>();
            values.put(key, set);
        }
        if (set.size() >= maxValues) {
            return;
        }
        set.add(value.length() > maxLength ? value.substring(0, maxLength) : value);
    }

    /** True when nothing was collected. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The values of one key, in insertion order. */
    public List<String> get(MetadataKey key) {
        Set<String> set = values.get(key);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** An immutable snapshot: keys in {@link MetadataKey} order, each key's values in insertion order. */
    public Map<MetadataKey, List<String>> snapshot() {
        if (values.isEmpty()) {
            return Map.of();
        }
        EnumMap<MetadataKey, List<String>> out = new EnumMap<>(MetadataKey.class);
        for (Map.Entry<MetadataKey, Set<String>> e : values.entrySet()) {
            out.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return new Classification.Frozen(out);
    }

    /** Removes everything. */
    public void clear() {
        values.clear();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k.name().toLowerCase(java.util.Locale.ROOT) + "=" + String.join(",", v)));
        return String.join(" ", parts);
    }
}
