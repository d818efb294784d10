package io.peerwatch.flow;

import java.util.Arrays;

/**
 * Slots of a {@link FlowTable}: each slot's {@link FlowState} (made on the slot's first use and
 * reused by every later flow in it, so a flow costs no state allocation), its key hash, and two
 * intrusive doubly linked lists over slots kept in parallel primitive arrays: LRU (by last
 * packet, for idle timeouts and eviction) and age (by creation, for active timeouts and
 * flushing). Grows by doubling up to the table's bound.
 */
final class FlowStore {
    static final int NONE = -1;

    int capacity;
    FlowState[] flows;
    int[] hash;
    int[] lruPrev;
    int[] lruNext;
    int[] agePrev;
    int[] ageNext;

    /** Head (least recent) and tail of the LRU list, and oldest and newest of the age list. */
    int lruHead = NONE;
    int lruTail = NONE;
    int ageHead = NONE;
    int ageTail = NONE;

    FlowStore(int capacity) {
        this.capacity = capacity;
        flows = new FlowState[capacity];
        hash = new int[capacity];
        lruPrev = new int[capacity];
        lruNext = new int[capacity];
        agePrev = new int[capacity];
        ageNext = new int[capacity];
    }

    void grow(int newCapacity) {
        capacity = newCapacity;
        flows = Arrays.copyOf(flows, newCapacity);
        hash = Arrays.copyOf(hash, newCapacity);
        lruPrev = Arrays.copyOf(lruPrev, newCapacity);
        lruNext = Arrays.copyOf(lruNext, newCapacity);
        agePrev = Arrays.copyOf(agePrev, newCapacity);
        ageNext = Arrays.copyOf(ageNext, newCapacity);
    }

    /** The slot's state object, made on first use. */
    FlowState state(int f) {
        FlowState s = flows[f];
        if (s == null) {
            s = new FlowState();
            flows[f] = s;
        }
        return s;
    }

    void append(int f) {
        lruPrev[f] = lruTail;
        lruNext[f] = NONE;
        if (lruTail != NONE) {
            lruNext[lruTail] = f;
        } else {
            lruHead = f;
        }
        lruTail = f;
        agePrev[f] = ageTail;
        ageNext[f] = NONE;
        if (ageTail != NONE) {
            ageNext[ageTail] = f;
        } else {
            ageHead = f;
        }
        ageTail = f;
    }

    void touch(int f) {
        if (lruTail == f) {
            return;
        }
        unlinkLru(f);
        lruPrev[f] = lruTail;
        lruNext[f] = NONE;
        lruNext[lruTail] = f;
        lruTail = f;
    }

    void unlinkLru(int f) {
        int prev = lruPrev[f];
        int next = lruNext[f];
        if (prev != NONE) {
            lruNext[prev] = next;
        } else {
            lruHead = next;
        }
        if (next != NONE) {
            lruPrev[next] = prev;
        } else {
            lruTail = prev;
        }
    }

    void unlink(int f) {
        unlinkLru(f);
        int prev = agePrev[f];
        int next = ageNext[f];
        if (prev != NONE) {
            ageNext[prev] = next;
        } else {
            ageHead = next;
        }
        if (next != NONE) {
            agePrev[next] = prev;
        } else {
            ageTail = prev;
        }
    }
}
