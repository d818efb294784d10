package io.peerwatch.netflow;

import java.nio.ByteBuffer;

/**
 * Parses template and options-template (Flow)Sets of NetFlow v9 (RFC 3954 §5.2-5.3) and IPFIX
 * (RFC 7011 §3.4), and hands each template to the decoder. A malformed template record ends the
 * set (its successors cannot be located safely); templates before it are kept.
 */
final class TemplateParser {
    /** The first template id; 0..255 are set ids (RFC 7011 §3.4.1). */
    static final int MIN_TEMPLATE_ID = 256;
    /** IPFIX withdrawal of all templates / all options templates (RFC 7011 §8.1). */
    static final int WITHDRAW_ALL_TEMPLATES = 2;
    static final int WITHDRAW_ALL_OPTIONS = 3;
    private static final int ENTERPRISE_BIT = 0x8000;

    private final FlowDecoder decoder;
    private final int maxFields;
    /** Index just after the last template parsed by {@link #fields}. */
    private int next;

    TemplateParser(FlowDecoder decoder, int maxFields) {
        this.decoder = decoder;
        this.maxFields = maxFields;
    }

    /** A template set: v9 FlowSet id 0 or IPFIX set id 2. */
    void templateSet(ByteBuffer b, int p, int end, Msg m) {
        boolean ipfix = m.version == 10;
        while (end - p >= 4) {
            int id = Be.u16(b, p);
            int count = Be.u16(b, p + 2);
            if (id == 0) {
                return; // zero padding up to the set end
            }
            if (ipfix && count == 0) {
                decoder.withdraw(m, id, false, p);
                p += 4;
                continue;
            }
            if (!checkHeader(id, count, p, m)) {
                return;
            }
            Template t = fields(b, p + 4, end, id, count, 0, false, m, p);
            if (t == null) {
                return;
            }
            decoder.store(m, t, p);
            p = next;
        }
    }

    /** A NetFlow v9 options template FlowSet (id 1): scope and option lengths are in bytes. */
    void v9OptionsSet(ByteBuffer b, int p, int end, Msg m) {
        while (end - p >= 6) {
            int id = Be.u16(b, p);
            int scopeLength = Be.u16(b, p + 2);
            int optionLength = Be.u16(b, p + 4);
            if (id == 0) {
                return;
            }
            if (scopeLength % 4 != 0 || optionLength % 4 != 0) {
                decoder.error(m, DecodeErrorKind.BAD_TEMPLATE, p + 2, "options template " + id + " has scope length "
                        + scopeLength + " and option length " + optionLength + ", not multiples of 4");
                return;
            }
            int count = (scopeLength + optionLength) / 4;
            if (!checkHeader(id, count, p, m)) {
                return;
            }
            Template t = fields(b, p + 6, end, id, count, scopeLength / 4, true, m, p);
            if (t == null) {
                return;
            }
            decoder.store(m, t, p);
            p = next;
        }
    }

    /** An IPFIX options template set (id 3). */
    void ipfixOptionsSet(ByteBuffer b, int p, int end, Msg m) {
        while (end - p >= 4) {
            int id = Be.u16(b, p);
            int count = Be.u16(b, p + 2);
            if (id == 0) {
                return;
            }
            if (count == 0) {
                decoder.withdraw(m, id, true, p);
                p += 4;
                continue;
            }
            if (end - p < 6) {
                decoder.error(m, DecodeErrorKind.BAD_TEMPLATE, p, "options template " + id
                        + " is truncated before its scope field count");
                return;
            }
            int scopeCount = Be.u16(b, p + 4);
            if (scopeCount == 0 || scopeCount > count) {
                decoder.error(m, DecodeErrorKind.BAD_TEMPLATE, p + 4, "options template " + id + " has scope field count "
                        + scopeCount + " of " + count + " fields (must be 1.." + count + ")");
                return;
            }
            if (!checkHeader(id, count, p, m)) {
                return;
            }
            Template t = fields(b, p + 6, end, id, count, scopeCount, true, m, p);
            if (t == null) {
                return;
            }
            decoder.store(m, t, p);
            p = next;
        }
    }

    private boolean checkHeader(int id, int count, int p, Msg m) {
        if (id < MIN_TEMPLATE_ID) {
            decoder.error(m, DecodeErrorKind.BAD_TEMPLATE, p, "template id " + id + " is below " + MIN_TEMPLATE_ID);
            return false;
        }
        if (count == 0) {
            decoder.error(m, DecodeErrorKind.BAD_TEMPLATE, p + 2, "template " + id + " has no fields");
            return false;
        }
        if (count > maxFields) {
            decoder.error(m, DecodeErrorKind.BAD_TEMPLATE, p + 2, "template " + id + " declares " + count
                    + " fields, more than the limit of " + maxFields);
            return false;
        }
        return true;
    }

    /**
     * Reads {@code count} field specifiers from {@code p}. NetFlow v9 scope fields use their own
     * type numbers (RFC 3954 §6.1: 1 = System, 2 = Interface ...), so they are never mapped to
     * elements; IPFIX scope fields are ordinary information elements.
     */
    private Template fields(ByteBuffer b, int p, int end, int id, int count, int scopeCount, boolean options, Msg m,
            int recordStart) {
        boolean ipfix = m.version == 10;
        // A refresh of the template held: nothing to parse or allocate (exporters resend templates
        // every few datagrams, and parsing them was a sixth of the collector's decode time).
        Template held = m.domain == null ? null : m.domain.templates.get(id);
        if (held != null) {
            int length = held.refreshedBy(b, p, end, count, scopeCount, options);
            if (length >= 0) {
                held.lastSeenMs = m.receivedAtMs;
                next = p + length;
                return held;
            }
        }
        int[] lengths = new int[count];
        int[] slots = new int[count];
        int start = p;
        for (int i = 0; i < count; i++) {
            if (end - p < 4) {
                return truncated(m, id, i, count, p);
            }
            int type = Be.u16(b, p);
            int length = Be.u16(b, p + 2);
            p += 4;
            boolean enterprise = ipfix && (type & ENTERPRISE_BIT) != 0;
            long pen = 0;
            if (enterprise) {
                if (end - p < 4) {
                    return truncated(m, id, i, count, p);
                }
                pen = Be.u32(b, p);
                p += 4; // elements of other enterprises are not ours: skipped by length
            }
            lengths[i] = length;
            boolean v9Scope = !ipfix && i < scopeCount;
            if (v9Scope || length == Template.VARIABLE) {
                slots[i] = Slot.SKIP;
            } else if (enterprise) {
                slots[i] = pen == Slot.REVERSE_PEN ? Slot.ofReverse(type & ~ENTERPRISE_BIT, length) : Slot.SKIP;
            } else {
                slots[i] = Slot.of(type, length);
            }
        }
        byte[] definition = new byte[p - start];
        for (int k = 0; k < definition.length; k++) {
            definition[k] = b.get(start + k);
        }
        Template t = new Template(id, options, scopeCount, lengths, slots, definition, m.receivedAtMs);
        if (t.minLength == 0) {
            decoder.error(m, DecodeErrorKind.BAD_TEMPLATE, recordStart, "template " + id
                    + " describes records of zero length");
            return null;
        }
        next = p;
        return t;
    }

    private Template truncated(Msg m, int id, int field, int count, int p) {
        decoder.error(m, DecodeErrorKind.BAD_TEMPLATE, p, "template " + id + " is truncated in field " + (field + 1)
                + " of " + count + " (set ends first)");
        return null;
    }
}
