package io.peerwatch.flow;

/**
 * Open-addressing hash index from flow key hash to slot, linear probing over an {@code int[]}
 * (entry = slot + 1, 0 = empty), kept at most half full. Removal shifts later entries of the
 * probe run back (Knuth's algorithm R), so there are no tombstones and lookups stay short.
 * Keys themselves are compared by {@link FlowTable} against the slots' {@link FlowState}s.
 */
final class FlowIndex {
    private static final int MAX_TABLE = 1 << 30;

    int[] entries;
    int mask;

    FlowIndex(int flowCapacity) {
        entries = new int[tableSize(flowCapacity)];
        mask = entries.length - 1;
    }

    private static int tableSize(int flowCapacity) {
        long wanted = 2L * Math.max(2, flowCapacity);
        return (int) Math.min(MAX_TABLE, Long.highestOneBit(wanted - 1) << 1);
    }

    /** Rebuilds for a larger flow capacity; {@code hashes} gives each slot's hash. */
    void resize(int flowCapacity, int[] hashes) {
        int[] old = entries;
        entries = new int[tableSize(flowCapacity)];
        mask = entries.length - 1;
        for (int e : old) {
            if (e != 0) {
                insert(e - 1, hashes[e - 1]);
            }
        }
    }

    void insert(int slot, int hash) {
        int i = hash & mask;
        while (entries[i] != 0) {
            i = (i + 1) & mask;
        }
        entries[i] = slot + 1;
    }

    void remove(int slot, int hash, int[] hashes) {
        int i = hash & mask;
        while (entries[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        entries[i] = 0;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int e = entries[j];
            if (e == 0) {
                return;
            }
            int home = hashes[e - 1] & mask;
            // Move e back into the hole at i unless its home lies cyclically in (i, j].
            boolean stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!stays) {
                entries[i] = e;
                entries[j] = 0;
                i = j;
            }
        }
    }
}
