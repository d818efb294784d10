package io.peerwatch.netflow;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;

/**
 * The fixed-format NetFlow versions 1, 5 and 7: a header and up to a version's maximum of
 * fixed-length records, no templates. Layouts from Cisco's "NetFlow Export Datagram Format"
 * (NetFlow Services Solutions Guide, Tables B-1 to B-6); v1 comes from old routers and softflowd
 * {@code -v 1}, v7 from Catalyst switches and fprobe.
 *
 * <p>Every record starts srcaddr dstaddr nexthop(4 each) input output(2 each) dPkts dOctets First
 * Last(4 each) srcport dstport(2 each); then
 * <ul>
 *   <li>v1 (16-byte header: version count SysUptime unix_secs unix_nsecs; 48-byte records, at most
 *       24): pad1(2) prot tos tcp_flags(1 each), padding;</li>
 *   <li>v5 (24-byte header: ... flow_sequence(4) engine_type engine_id(1 each) sampling_interval(2,
 *       top 2 bits mode, low 14 bits interval); 48-byte records, at most 30): pad1 tcp_flags prot
 *       tos(1 each), AS numbers and masks;</li>
 *   <li>v7 (24-byte header: ... flow_sequence(4) reserved(4); 52-byte records, at most 28): flags1
 *       tcp_flags prot tos(1 each), AS numbers, masks, flags2, router_sc.</li>
 * </ul>
 */
final class FixedFormatDecoder {
    /** A version's layout. */
    private record Layout(int version, int header, int record, int maxCount, int protocolAt, int tcpFlagsAt,
            boolean sequenced, FlowSourceKind kind) {
    }

    static final Layout V1 = new Layout(1, 16, 48, 24, 38, 40, false, FlowSourceKind.NETFLOW_V1);
    static final Layout V5 = new Layout(5, 24, 48, 30, 38, 37, true, FlowSourceKind.NETFLOW_V5);
    static final Layout V7 = new Layout(7, 24, 52, 28, 38, 37, true, FlowSourceKind.NETFLOW_V7);
    private static final int INTERVAL_MASK = 0x3fff;

    private FixedFormatDecoder() {
    }

    /** Whether {@code length} bytes are exactly the header and {@code count} records of layout {@code v}. */
    static boolean exactLength(Layout v, int length, int count) {
        return count >= 1 && count <= v.maxCount && length == v.header + count * v.record;
    }

    static void decode(FlowDecoder decoder, ByteBuffer b, Msg m, Layout v) {
        int base = m.base;
        int length = b.limit() - base;
        String name = "NetFlow v" + v.version;
        if (length < v.header) {
            decoder.error(m, DecodeErrorKind.TRUNCATED, base + length, "datagram of " + length
                    + " bytes ends inside the " + v.header + "-byte " + name + " header");
            return;
        }
        int count = Be.u16(b, base + 2);
        long sysUptime = Be.u32(b, base + 4);
        long exportMs = Be.u32(b, base + 8) * 1000 + Be.u32(b, base + 12) / 1_000_000;
        int rate = 1;
        if (v == V5) {
            m.domainId = (Be.u8(b, base + 20) << 8) | Be.u8(b, base + 21);
            rate = Math.max(1, Be.u16(b, base + 22) & INTERVAL_MASK);
        }
        if (count == 0 || count > v.maxCount) {
            decoder.error(m, DecodeErrorKind.BAD_LENGTH, base + 2, "record count " + count + " is outside 1.."
                    + v.maxCount);
            return;
        }
        Domain d = decoder.domain(m);
        if (d == null) {
            return;
        }
        if (v.sequenced) {
            decoder.checkSequence(m, Be.u32(b, base + 16), count);
        }
        int complete = (length - v.header) / v.record;
        int n = Math.min(count, complete);
        if (complete < count) {
            decoder.error(m, DecodeErrorKind.TRUNCATED, base + v.header + complete * v.record, "datagram of " + length
                    + " bytes holds " + complete + " complete records of the " + count + " its header announces");
        } else if (length > v.header + count * v.record) {
            decoder.error(m, DecodeErrorKind.BAD_LENGTH, base + v.header + count * v.record,
                    (length - v.header - count * v.record) + " bytes follow the " + count + " records the header announces");
        }
        for (int i = 0; i < n; i++) {
            int r = base + v.header + i * v.record;
            int first = Be.s32(b, r + 24);
            int last = Be.s32(b, r + 28);
            long start = exportMs - (int) (sysUptime - first);
            long end = exportMs - (int) (sysUptime - last);
            FlowRecord f = new FlowRecord(m.exporterRef, m.domainId, start, Math.max(start, end),
                    IpAddress.ofV4(Be.s32(b, r)), IpAddress.ofV4(Be.s32(b, r + 4)), Be.u16(b, r + 32),
                    Be.u16(b, r + 34), Be.u8(b, r + v.protocolAt), Be.u8(b, r + v.tcpFlagsAt),
                    RecordDecoder.scaled(Be.u32(b, r + 16), rate), RecordDecoder.scaled(Be.u32(b, r + 20), rate),
                    Be.u16(b, r + 12), Be.u16(b, r + 14), FlowDirection.UNKNOWN, rate, v.kind);
            decoder.emit(m, f);
        }
    }
}
