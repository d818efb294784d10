package io.peerwatch.netflow;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A parsed (options) template: field lengths and the {@link Slot} of each field, plus the
 * layout facts the data-set walker needs. Immutable except for the refresh time.
 */
final class Template {
    /** Length value announcing a variable-length field (RFC 7011 §7). */
    static final int VARIABLE = 0xffff;

    final int id;
    final boolean options;
    final int[] lengths;
    final int[] slots;
    /** Record length when no field is variable, else -1. */
    final int fixedLength;
    /** Smallest possible record: fixed fields plus one length byte per variable field. */
    final int minLength;
    /** True when records carry a source and a destination address of one family. */
    final boolean hasAddresses;
    /** Indexes of the fields with a slot, in record order. */
    final int[] used;
    /** Byte offset of each field inside a record when {@link #fixedLength} is known, else null. */
    final int[] offsets;
    /** The raw field specifiers, to tell a refresh from a redefinition. */
    private final byte[] definition;
    /** Scope fields at the start (options templates; NetFlow v9 maps none of them). */
    private final int scopeCount;
    long lastSeenMs;

    Template(int id, boolean options, int scopeCount, int[] lengths, int[] slots, byte[] definition, long seenMs) {
        this.id = id;
        this.options = options;
        this.scopeCount = scopeCount;
        this.lengths = lengths;
        this.slots = slots;
        this.definition = definition;
        this.lastSeenMs = seenMs;
        int fixed = 0;
        int min = 0;
        boolean variable = false;
        boolean[] has = new boolean[Slot.COUNT];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] == VARIABLE) {
                variable = true;
                min += 1;
            } else {
                fixed += lengths[i];
                min += lengths[i];
            }
            if (slots[i] != Slot.SKIP) {
                has[slots[i]] = true;
            }
        }
        this.fixedLength = variable ? -1 : fixed;
        this.used = java.util.stream.IntStream.range(0, slots.length).filter(i -> slots[i] != Slot.SKIP).toArray();
        if (variable) {
            this.offsets = null;
        } else {
            this.offsets = new int[lengths.length];
            int off = 0;
            for (int i = 0; i < lengths.length; i++) {
                offsets[i] = off;
                off += lengths[i];
            }
        }
        this.minLength = min;
        this.hasAddresses = (has[Slot.SRC4] && has[Slot.DST4]) || (has[Slot.SRC6] && has[Slot.DST6]);
    }

    int fieldCount() {
        return lengths.length;
    }

    boolean sameDefinition(Template other) {
        return options == other.options && Arrays.equals(definition, other.definition);
    }

    /**
     * Whether the specifiers at {@code [p, end)} of {@code b} define this template again: a
     * refresh, which exporters send every few datagrams. Allocates nothing.
     *
     * @return the length of the specifiers when they match, else -1
     */
    int refreshedBy(ByteBuffer b, int p, int end, int count, int scope, boolean opts) {
        if (opts != options || count != lengths.length || scope != scopeCount || end - p < definition.length) {
            return -1;
        }
        for (int k = 0; k < definition.length; k++) {
            if (b.get(p + k) != definition[k]) {
                return -1;
            }
        }
        return definition.length;
    }
}
