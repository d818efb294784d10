package io.peerwatch.signatures;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Bounded collector of {@link MetadataKey} values for one flow. Values are de-duplicated,
 * truncated to {@link DetectionConfig#maxMetadataValueLength()} characters, and at most
 * {@link DetectionConfig#maxMetadataValues()} are kept per key, so an attacker-controlled flow
 * cannot grow memory without bound.
 *
 * <p>One is made for every matched flow, so it is kept small: nothing is allocated until the
 * first value, and each key's values are a short list (the cap keeps the duplicate check cheap).
 */
public final class Metadata {
    private final int maxValues;
    private final int maxLength;
    /** Null until the first value. */
    private EnumMap<MetadataKey, ArrayList<String>> values;

    /** A collector bounded by the given configuration. */
    public Metadata(DetectionConfig config) {
        this.maxValues = config.maxMetadataValues();
        this.maxLength = config.maxMetadataValueLength();
    }

    /** Adds a value; blank values, repeats and values beyond the per-key cap are dropped. */
    public void put(MetadataKey key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (values == null) {
            values = new EnumMap<>(MetadataKey.class);
        }
        ArrayList<String> list = values.get(key);
        if (list == null) {
            list = new ArrayList<>(Math.min(maxValues, 4));
            values.put(key, list);
        }
        if (list.size() >= maxValues) {
            return;
        }
        String v = value.length() > maxLength ? value.substring(0, maxLength) : value;
        if (!list.contains(v)) {
            list.add(v);
        }
    }

    /** True when nothing was collected. */
    public boolean isEmpty() {
        return values == null || values.isEmpty();
    }

    /** The values of one key, in insertion order. */
    public List<String> get(MetadataKey key) {
        List<String> list = values == null ? null : values.get(key);
        return list == null ? List.of() : List.copyOf(list);
    }

    /** An immutable snapshot: keys in {@link MetadataKey} order, each key's values in insertion order. */
    public Map<MetadataKey, List<String>> snapshot() {
        if (isEmpty()) {
            return Map.of();
        }
        EnumMap<MetadataKey, List<String>> out = new EnumMap<>(MetadataKey.class);
        for (Map.Entry<MetadataKey, ArrayList<String>> e : values.entrySet()) {
            out.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return new Classification.Frozen(out);
    }

    /** Removes everything. */
    public void clear() {
        if (values != null) {
            values.clear();
        }
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k.name().toLowerCase(java.util.Locale.ROOT) + "=" + String.join(",", v)));
        return String.join(" ", parts);
    }
}
