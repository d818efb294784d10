package io.peerwatch.netflow;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;

/**
 * NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records. Layout from Cisco's
 * "NetFlow Export Datagram Format" (NetFlow Services Solutions Guide, Table B-3/B-4).
 *
 * <p>Header: version(2) count(2) SysUptime(4) unix_secs(4) unix_nsecs(4) flow_sequence(4)
 * engine_type(1) engine_id(1) sampling_interval(2, top 2 bits mode, low 14 bits interval).
 * Record: srcaddr dstaddr nexthop(4 each) input output(2 each) dPkts dOctets First Last(4 each)
 * srcport dstport(2 each) pad1 tcp_flags prot tos(1 each) src_as dst_as(2 each) masks(1 each) pad2(2).
 */
final class V5Decoder {
    static final int HEADER = 24;
    static final int RECORD = 48;
    /** Cisco's limit of records per v5 datagram. */
    static final int MAX_COUNT = 30;
    private static final int INTERVAL_MASK = 0x3fff;

    private V5Decoder() {
    }

    static void decode(FlowDecoder decoder, ByteBuffer b, Msg m) {
        int base = m.base;
        int length = b.limit() - base;
        if (length < HEADER) {
            decoder.error(m, DecodeErrorKind.TRUNCATED, base + length, "datagram of " + length
                    + " bytes ends inside the " + HEADER + "-byte NetFlow v5 header");
            return;
        }
        int count = Be.u16(b, base + 2);
        long sysUptime = Be.u32(b, base + 4);
        long exportMs = Be.u32(b, base + 8) * 1000 + Be.u32(b, base + 12) / 1_000_000;
        long sequence = Be.u32(b, base + 16);
        m.domainId = (Be.u8(b, base + 20) << 8) | Be.u8(b, base + 21);
        int interval = Be.u16(b, base + 22) & INTERVAL_MASK;
        int rate = Math.max(1, interval);
        if (count == 0 || count > MAX_COUNT) {
            decoder.error(m, DecodeErrorKind.BAD_LENGTH, base + 2, "record count " + count + " is outside 1.." + MAX_COUNT);
            return;
        }
        Domain d = decoder.domain(m);
        if (d == null) {
            return;
        }
        decoder.checkSequence(m, sequence, count);
        int complete = (length - HEADER) / RECORD;
        int n = Math.min(count, complete);
        if (complete < count) {
            decoder.error(m, DecodeErrorKind.TRUNCATED, base + HEADER + complete * RECORD, "datagram of " + length
                    + " bytes holds " + complete + " complete records of the " + count + " its header announces");
        } else if (length > HEADER + count * RECORD) {
            decoder.error(m, DecodeErrorKind.BAD_LENGTH, base + HEADER + count * RECORD, (length - HEADER - count * RECORD)
                    + " bytes follow the " + count + " records the header announces");
        }
        for (int i = 0; i < n; i++) {
            int r = base + HEADER + i * RECORD;
            int first = Be.s32(b, r + 24);
            int last = Be.s32(b, r + 28);
            long start = exportMs - (int) (sysUptime - first);
            long end = exportMs - (int) (sysUptime - last);
            FlowRecord f = new FlowRecord(m.exporterRef, m.domainId, start, Math.max(start, end),
                    IpAddress.ofV4(Be.s32(b, r)), IpAddress.ofV4(Be.s32(b, r + 4)), Be.u16(b, r + 32),
                    Be.u16(b, r + 34), Be.u8(b, r + 38), Be.u8(b, r + 37),
                    RecordDecoder.scaled(Be.u32(b, r + 16), rate), RecordDecoder.scaled(Be.u32(b, r + 20), rate),
                    Be.u16(b, r + 12), Be.u16(b, r + 14), FlowDirection.UNKNOWN, rate, FlowSourceKind.NETFLOW_V5);
            decoder.emit(m, f);
        }
    }
}
