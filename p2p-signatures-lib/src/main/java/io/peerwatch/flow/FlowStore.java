package io.peerwatch.flow;

import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.FlowScratch;
import java.util.Arrays;
import java.util.Optional;

/**
 * Per-flow state of a {@link FlowTable} as parallel primitive arrays indexed by slot (struct of
 * arrays): no object per flow or per packet. Direction-indexed arrays hold two entries per slot,
 * {@code 2 * slot + direction} (0 = client to server). Grows by doubling up to the table's bound.
 */
final class FlowStore {
    static final int NONE = -1;

    int capacity;
    byte[] version;
    byte[] protocol;
    byte[] orientation;
    long[] clientHi;
    long[] clientLo;
    long[] serverHi;
    long[] serverLo;
    int[] clientPort;
    int[] serverPort;
    int[] hash;
    long[] first;
    long[] last;
    long[] packets;
    long[] bytes;
    long[] payloadBytes;
    int[] tcpFlags;
    /** First ICMP type*256+code per direction, or -1 before the first ICMP message. */
    int[] icmpTypeCode;
    int[] lruPrev;
    int[] lruNext;
    int[] agePrev;
    int[] ageNext;
    FlowScratch[] scratch;
    /** The engine's result, stored once the engine wants no more packets of the flow. */
    Object[] verdict;

    /** Head (least recent) and tail of the LRU list, and oldest and newest of the age list. */
    int lruHead = NONE;
    int lruTail = NONE;
    int ageHead = NONE;
    int ageTail = NONE;

    FlowStore(int capacity) {
        this.capacity = capacity;
        version = new byte[capacity];
        protocol = new byte[capacity];
        orientation = new byte[capacity];
        clientHi = new long[capacity];
        clientLo = new long[capacity];
        serverHi = new long[capacity];
        serverLo = new long[capacity];
        clientPort = new int[capacity];
        serverPort = new int[capacity];
        hash = new int[capacity];
        first = new long[capacity];
        last = new long[capacity];
        packets = new long[2 * capacity];
        bytes = new long[2 * capacity];
        payloadBytes = new long[2 * capacity];
        tcpFlags = new int[2 * capacity];
        icmpTypeCode = new int[2 * capacity];
        lruPrev = new int[capacity];
        lruNext = new int[capacity];
        agePrev = new int[capacity];
        ageNext = new int[capacity];
        scratch = new FlowScratch[capacity];
        verdict = new Object[capacity];
    }

    void grow(int newCapacity) {
        capacity = newCapacity;
        version = Arrays.copyOf(version, newCapacity);
        protocol = Arrays.copyOf(protocol, newCapacity);
        orientation = Arrays.copyOf(orientation, newCapacity);
        clientHi = Arrays.copyOf(clientHi, newCapacity);
        clientLo = Arrays.copyOf(clientLo, newCapacity);
        serverHi = Arrays.copyOf(serverHi, newCapacity);
        serverLo = Arrays.copyOf(serverLo, newCapacity);
        clientPort = Arrays.copyOf(clientPort, newCapacity);
        serverPort = Arrays.copyOf(serverPort, newCapacity);
        hash = Arrays.copyOf(hash, newCapacity);
        first = Arrays.copyOf(first, newCapacity);
        last = Arrays.copyOf(last, newCapacity);
        packets = Arrays.copyOf(packets, 2 * newCapacity);
        bytes = Arrays.copyOf(bytes, 2 * newCapacity);
        payloadBytes = Arrays.copyOf(payloadBytes, 2 * newCapacity);
        tcpFlags = Arrays.copyOf(tcpFlags, 2 * newCapacity);
        icmpTypeCode = Arrays.copyOf(icmpTypeCode, 2 * newCapacity);
        lruPrev = Arrays.copyOf(lruPrev, newCapacity);
        lruNext = Arrays.copyOf(lruNext, newCapacity);
        agePrev = Arrays.copyOf(agePrev, newCapacity);
        ageNext = Arrays.copyOf(ageNext, newCapacity);
        scratch = Arrays.copyOf(scratch, newCapacity);
        verdict = Arrays.copyOf(verdict, newCapacity);
    }

    /** Clears the counters of a slot about to hold a new flow. */
    void reset(int f) {
        for (int d = 2 * f; d < 2 * f + 2; d++) {
            packets[d] = 0;
            bytes[d] = 0;
            payloadBytes[d] = 0;
            tcpFlags[d] = 0;
            icmpTypeCode[d] = -1;
        }
        scratch[f] = null;
        verdict[f] = null;
    }

    @SuppressWarnings("unchecked")
    Optional<Classification> verdict(int f) {
        Object v = verdict[f];
        return v == null ? Optional.empty() : (Optional<Classification>) v;
    }

    // Two intrusive doubly linked lists over slots: LRU (by last packet) and age (by creation).

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
