package io.peerwatch.volume;

import io.peerwatch.core.Counters;
import io.peerwatch.internal.StateBinary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The largest contributors by bytes (services, peers, hosts) in bounded memory: at most
 * {@code capacity} names; when full, a new name replaces the smallest and inherits its count
 * (the Space-Saving algorithm of Metwally et al., 2005: every name with more than
 * {@code total / capacity} bytes is kept, and a kept count overestimates by at most the count
 * it inherited). Not thread-safe.
 */
public final class TopCounts {

    /** One contributor. */
    public record Entry(String name, long bytes) {
    }

    private final int capacity;
    private final Map<String, Long> counts = new HashMap<>();

    /** @param capacity names kept, at least 1 */
    public TopCounts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds bytes for a name. */
    public void add(String name, long bytes) {
        Long c = counts.get(name);
        if (c != null) {
            counts.put(name, Counters.add(c, bytes));
            return;
        }
        if (counts.size() < capacity) {
            counts.put(name, bytes);
            return;
        }
        Map.Entry<String, Long> min = null;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (min == null || e.getValue() < min.getValue()) {
                min = e;
            }
        }
        counts.remove(min.getKey());
        counts.put(name, Counters.add(min.getValue(), bytes));
    }

    /** Adds every entry of another. */
    public void addAll(TopCounts other) {
        other.counts.forEach(this::add);
    }

    /** The {@code n} largest, largest first (ties by name). */
    public List<Entry> top(int n) {
        List<Entry> all = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> all.add(new Entry(k, v)));
        all.sort(Comparator.comparingLong(Entry::bytes).reversed().thenComparing(Entry::name));
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Names held. */
    public int size() {
        return counts.size();
    }

    /** The capacity. */
    public int capacity() {
        return capacity;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(capacity);
        StateBinary.writeCount(out, counts.size());
        for (Entry e : top(counts.size())) {
            StateBinary.writeString(out, e.name());
            out.writeLong(e.bytes());
        }
    }

    static TopCounts readFrom(DataInput in, String what) throws IOException {
        int cap = in.readInt();
        if (cap < 1 || cap > StateBinary.MAX_ENTRIES) {
            throw new java.io.StreamCorruptedException(what + ": bad top-counts capacity " + cap);
        }
        TopCounts t = new TopCounts(cap);
        int n = StateBinary.readCount(in, cap, what);
        for (int i = 0; i < n; i++) {
            t.counts.put(StateBinary.readPresentString(in, what), in.readLong());
        }
        return t;
    }
}
