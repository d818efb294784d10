package io.peerwatch.netflow;

import io.peerwatch.core.Counters;
import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import java.nio.ByteBuffer;

/**
 * Decodes the data records of one set with their template: flow templates into
 * {@link FlowRecord}, options templates into the domain's sampling and system-init state.
 * Reuses one scratch array per decoder; not thread-safe.
 */
final class RecordDecoder {
    /** Seconds from the NTP epoch (1900) to the Unix epoch (RFC 7011 §6.1.9-10 timestamps). */
    private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;
    private static final int MAX_PORT = 0xffff;
    private static final int MAX_PROTOCOL = 0xff;
    private static final int DIRECTION_INGRESS = 0;
    private static final int DIRECTION_EGRESS = 1;
    private static final int IPFIX = 10;

    private final FlowDecoder decoder;
    private final int maxSamplers;
    private final long[] values = new long[Slot.COUNT];
    private long present;
    private int[] offsets = new int[16];

    RecordDecoder(FlowDecoder decoder, int maxSamplers) {
        this.decoder = decoder;
        this.maxSamplers = maxSamplers;
    }

    /** Decodes records from {@code p} to {@code end}; trailing bytes shorter than a record are padding. */
    void decodeSet(ByteBuffer b, int p, int end, Template t, Msg m) {
        while (end - p >= t.minLength) {
            int length;
            if (t.fixedLength >= 0) {
                length = t.fixedLength;
                readFixed(b, p, t);
            } else {
                length = readVariable(b, p, end, t);
                if (length < 0) {
                    decoder.error(m, DecodeErrorKind.BAD_RECORD, p, "a variable-length field of template " + t.id
                            + " runs past the end of its set (" + (end - p) + " bytes left)");
                    return;
                }
            }
            m.dataRecords++;
            if (t.options) {
                applyOptions(m.domain);
            } else if (t.hasAddresses) {
                emit(b, p, t, m);
            } else {
                m.counters.skipped++;
            }
            p += length;
        }
    }

    private void readFixed(ByteBuffer b, int p, Template t) {
        present = 0;
        for (int i : t.used) {
            store(b, p + t.offsets[i], t.lengths[i], t.slots[i]);
        }
    }

    /** Walks a record with variable-length fields (RFC 7011 §7); returns its length or -1. */
    private int readVariable(ByteBuffer b, int start, int end, Template t) {
        if (offsets.length < t.fieldCount()) {
            offsets = new int[t.fieldCount()];
        }
        int p = start;
        for (int i = 0; i < t.fieldCount(); i++) {
            int length = t.lengths[i];
            if (length == Template.VARIABLE) {
                if (end - p < 1) {
                    return -1;
                }
                length = Be.u8(b, p);
                p++;
                if (length == 0xff) { // three-byte form: 255 then a 16-bit length
                    if (end - p < 2) {
                        return -1;
                    }
                    length = Be.u16(b, p);
                    p += 2;
                }
            }
            if (end - p < length) {
                return -1;
            }
            offsets[i] = p;
            p += length;
        }
        present = 0;
        for (int i : t.used) {
            store(b, offsets[i], t.lengths[i], t.slots[i]);
        }
        return p - start;
    }

    private void store(ByteBuffer b, int at, int length, int slot) {
        switch (slot) {
            case Slot.SRC4, Slot.DST4, Slot.SRC6, Slot.DST6 -> values[slot] = at;
            case Slot.START_NTP, Slot.END_NTP -> values[slot] = (Be.u32(b, at) << 32) | Be.u32(b, at + 4);
            default -> values[slot] = Be.unsigned(b, at, length);
        }
        present |= 1L << slot;
    }

    private boolean has(int slot) {
        return (present & (1L << slot)) != 0;
    }

    private long value(int slot, long otherwise) {
        return has(slot) ? values[slot] : otherwise;
    }

    private void applyOptions(Domain d) {
        long rate = announcedRate();
        if (rate > 0) {
            if (has(Slot.SAMPLER_ID) || has(Slot.SELECTOR_ID)) {
                long id = has(Slot.SAMPLER_ID) ? values[Slot.SAMPLER_ID] : values[Slot.SELECTOR_ID];
                if (d.samplerRates.size() < maxSamplers || d.samplerRates.containsKey(id)) {
                    d.samplerRates.put(id, rate);
                }
            } else {
                d.defaultRate = rate;
            }
        }
        if (has(Slot.SYSTEM_INIT_MILLIS)) {
            d.systemInitMs = values[Slot.SYSTEM_INIT_MILLIS];
        }
    }

    /** A 1-in-N rate stated by the record itself (RFC 3954 fields 34/50, RFC 5477 305/306, 309/310), else 0. */
    private long announcedRate() {
        if (value(Slot.SAMPLING_INTERVAL, 0) > 0) {
            return values[Slot.SAMPLING_INTERVAL];
        }
        if (value(Slot.SAMPLER_RANDOM_INTERVAL, 0) > 0) {
            return values[Slot.SAMPLER_RANDOM_INTERVAL];
        }
        long interval = value(Slot.PACKET_INTERVAL, 0);
        if (interval > 0) {
            return ratio(interval + value(Slot.PACKET_SPACE, 0), interval);
        }
        long size = value(Slot.SAMPLING_SIZE, 0);
        if (size > 0 && value(Slot.SAMPLING_POPULATION, 0) > 0) {
            return ratio(values[Slot.SAMPLING_POPULATION], size);
        }
        return 0;
    }

    private static long ratio(long total, long sampled) {
        return Math.max(1, Math.round((double) total / sampled));
    }

    private int samplingRate(Domain d) {
        long rate = announcedRate();
        if (rate == 0 && (has(Slot.SAMPLER_ID) || has(Slot.SELECTOR_ID))) {
            long id = has(Slot.SAMPLER_ID) ? values[Slot.SAMPLER_ID] : values[Slot.SELECTOR_ID];
            rate = d.samplerRates.getOrDefault(id, 0L);
        }
        if (rate == 0) {
            rate = d.defaultRate;
        }
        return (int) Math.max(1, Math.min(rate, Integer.MAX_VALUE));
    }

    private void emit(ByteBuffer b, int p, Template t, Msg m) {
        IpAddress src;
        IpAddress dst;
        if (has(Slot.SRC4) && has(Slot.DST4)) {
            src = IpAddress.ofV4(Be.s32(b, (int) values[Slot.SRC4]));
            dst = IpAddress.ofV4(Be.s32(b, (int) values[Slot.DST4]));
        } else {
            src = v6(b, (int) values[Slot.SRC6]);
            dst = v6(b, (int) values[Slot.DST6]);
        }
        long srcPort = value(Slot.SRC_PORT, 0);
        long dstPort = value(Slot.DST_PORT, 0);
        long protocol = value(Slot.PROTOCOL, 0);
        if (srcPort > MAX_PORT || dstPort > MAX_PORT || protocol > MAX_PROTOCOL) {
            decoder.error(m, DecodeErrorKind.BAD_RECORD, p, "record of template " + t.id + " has port " + srcPort + "/"
                    + dstPort + " or protocol " + protocol + " out of range");
            return;
        }
        if ((protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6) && dstPort == 0) {
            if (has(Slot.ICMP_TYPE_CODE)) {
                dstPort = values[Slot.ICMP_TYPE_CODE] & MAX_PORT;
            } else if (has(Slot.ICMP_TYPE)) {
                dstPort = ((values[Slot.ICMP_TYPE] & 0xff) << 8) | (value(Slot.ICMP_CODE, 0) & 0xff);
            }
        }
        int rate = samplingRate(m.domain);
        // forward counters: delta, else total, else the initiator's (NSEL and other biflow exporters)
        long octets = count(Slot.OCTET_DELTA, Slot.OCTET_TOTAL, Slot.INITIATOR_OCTETS);
        long packets = count(Slot.PACKET_DELTA, Slot.PACKET_TOTAL, Slot.INITIATOR_PACKETS);
        // a bidirectional record's reverse direction (RFC 5103 reverse elements, or the responder's)
        long reverseOctets = count(Slot.REV_OCTET_DELTA, Slot.REV_OCTET_TOTAL, Slot.RESPONDER_OCTETS);
        long reversePackets = count(Slot.REV_PACKET_DELTA, Slot.REV_PACKET_TOTAL, Slot.RESPONDER_PACKETS);
        long scaledPackets = scaled(packets, rate);
        long scaledOctets = scaled(octets, rate);
        long scaledReversePackets = scaled(reversePackets, rate);
        long scaledReverseOctets = scaled(reverseOctets, rate);
        if (!Counters.plausible(scaledPackets) || !Counters.plausible(scaledOctets)
                || !Counters.plausible(scaledReversePackets) || !Counters.plausible(scaledReverseOctets)) {
            decoder.error(m, DecodeErrorKind.BAD_RECORD, p, "record of template " + t.id + " counts " + scaledPackets
                    + " packets / " + scaledOctets + " bytes (reverse " + scaledReversePackets + " / "
                    + scaledReverseOctets + "; sampling rate " + rate + "), beyond the plausible "
                    + Counters.maxPlausible());
            return;
        }
        long start = startMs(m);
        long end = Math.max(start, endMs(m, start));
        FlowSourceKind kind = m.version == IPFIX ? FlowSourceKind.IPFIX : FlowSourceKind.NETFLOW_V9;
        FlowDirection direction = direction();
        decoder.emit(m, new FlowRecord(m.exporterRef, m.domainId, start, end, src, dst,
                (int) srcPort, (int) dstPort, (int) protocol, (int) (value(Slot.TCP_FLAGS, 0) & MAX_PORT),
                scaledPackets, scaledOctets, ifIndex(Slot.INPUT_IF), ifIndex(Slot.OUTPUT_IF), direction, rate, kind));
        if (scaledReversePackets > 0 || scaledReverseOctets > 0) {
            // FlowRecord is one direction, as NetFlow's: the reverse direction is a record of its own,
            // the ends swapped; an ICMP record carries the forward direction's type and code only, so
            // its reverse has none (0, which reads as an echo reply: the answer to the usual request)
            boolean icmp = protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6;
            decoder.emit(m, new FlowRecord(m.exporterRef, m.domainId, start, end, dst, src,
                    icmp ? 0 : (int) dstPort, icmp ? 0 : (int) srcPort, (int) protocol,
                    (int) (value(Slot.REV_TCP_FLAGS, 0) & MAX_PORT), scaledReversePackets, scaledReverseOctets,
                    ifIndex(Slot.OUTPUT_IF), ifIndex(Slot.INPUT_IF), reverse(direction), rate, kind));
        }
    }

    /** The first of the slots present, else 0. */
    private long count(int first, int second, int third) {
        return has(first) ? values[first] : has(second) ? values[second] : value(third, 0);
    }

    private static FlowDirection reverse(FlowDirection d) {
        return switch (d) {
            case INGRESS -> FlowDirection.EGRESS;
            case EGRESS -> FlowDirection.INGRESS;
            default -> d;
        };
    }

    private static IpAddress v6(ByteBuffer b, int at) {
        byte[] a = new byte[16];
        for (int k = 0; k < 16; k++) {
            a[k] = b.get(at + k);
        }
        return IpAddress.of(a);
    }

    static long scaled(long count, int rate) {
        long hi = Math.multiplyHigh(count, rate);
        long lo = count * rate;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    private int ifIndex(int slot) {
        return (int) Math.min(value(slot, 0), Integer.MAX_VALUE);
    }

    private FlowDirection direction() {
        if (!has(Slot.DIRECTION)) {
            return FlowDirection.UNKNOWN;
        }
        long d = values[Slot.DIRECTION];
        return d == DIRECTION_INGRESS ? FlowDirection.INGRESS : d == DIRECTION_EGRESS ? FlowDirection.EGRESS
                : FlowDirection.UNKNOWN;
    }

    /** Flow start in epoch ms from whichever encoding the template used, else the export time. */
    private long startMs(Msg m) {
        long t = absolute(m, Slot.START_MILLIS, Slot.START_SECONDS, Slot.START_NTP, Slot.START_DELTA_MICROS,
                Slot.START_UPTIME);
        if (t != Domain.UNKNOWN) {
            return t;
        }
        long end = absolute(m, Slot.END_MILLIS, Slot.END_SECONDS, Slot.END_NTP, Slot.END_DELTA_MICROS,
                Slot.END_UPTIME);
        long duration = durationMs();
        if (end != Domain.UNKNOWN) {
            return duration > 0 ? end - duration : end;
        }
        return m.exportMs;
    }

    private long endMs(Msg m, long start) {
        long t = absolute(m, Slot.END_MILLIS, Slot.END_SECONDS, Slot.END_NTP, Slot.END_DELTA_MICROS,
                Slot.END_UPTIME);
        if (t != Domain.UNKNOWN) {
            return t;
        }
        return start + Math.max(0, durationMs());
    }

    private long durationMs() {
        if (has(Slot.DURATION_MILLIS)) {
            return values[Slot.DURATION_MILLIS];
        }
        return has(Slot.DURATION_MICROS) ? values[Slot.DURATION_MICROS] / 1000 : 0;
    }

    private long absolute(Msg m, int millis, int seconds, int ntp, int deltaMicros, int uptime) {
        if (has(millis)) {
            return values[millis];
        }
        if (has(seconds)) {
            return values[seconds] * 1000;
        }
        if (has(ntp)) {
            long v = values[ntp];
            return ((v >>> 32) - NTP_TO_UNIX_SECONDS) * 1000 + (((v & 0xffffffffL) * 1000) >>> 32);
        }
        if (has(deltaMicros)) {
            return m.exportMs - values[deltaMicros] / 1000;
        }
        if (has(uptime)) {
            if (m.version == IPFIX) {
                long init = m.domain.systemInitMs;
                return init == Domain.UNKNOWN ? Domain.UNKNOWN : init + values[uptime];
            }
            // v9: sysUptime and First/Last are 32-bit ms counters; int arithmetic survives wrap-around
            int behind = (int) (m.sysUptimeMs - values[uptime]);
            return m.exportMs - behind;
        }
        return Domain.UNKNOWN;
    }
}
