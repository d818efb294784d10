package io.peerwatch.signatures;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
        this(config.maxMetadataValues(), config.maxMetadataValueLength());
    }

    private Metadata(int maxValues, int maxLength) {
        this.maxValues = maxValues;
        this.maxLength = maxLength;
    }

    /** Writes the bounds and the values collected so far (part of {@link FlowScratch#writeTo}). */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(maxValues);
        out.writeInt(maxLength);
        StateFormat.writeMetadata(out, values == null ? Map.of() : values);
    }

    /** Reads what {@link #writeTo} wrote. */
    static Metadata readFrom(DataInput in) throws IOException {
        int maxValues = StateFormat.count(in.readInt(), StateFormat.MAX_COUNT, "metadata value limit");
        int maxLength = StateFormat.count(in.readInt(), StateFormat.MAX_STRING_BYTES, "metadata length limit");
        if (maxValues < 1 || maxLength < 1) {
            throw new java.io.InvalidObjectException("metadata limits must be positive: " + maxValues + "/" + maxLength);
        }
        Metadata m = new Metadata(maxValues, maxLength);
        EnumMap<MetadataKey, ArrayList<String>> values = StateFormat.readMetadata(in);
        m.values = values.isEmpty() ? null : values;
        return m;
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
