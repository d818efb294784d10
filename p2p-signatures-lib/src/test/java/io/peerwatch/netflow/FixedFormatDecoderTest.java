package io.peerwatch.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** NetFlow v1, v5 and v7 ({@link FixedFormatDecoder}). */
class FixedFormatDecoderTest {
    static final IpAddress EXPORTER = IpAddress.parse("192.0.2.1");
    static final long SECS = 1_700_000_000L;

    static Wire header(int count, long uptime, long nsecs, long sequence, int sampling) {
        return Wire.of().u16(5).u16(count).u32(uptime).u32(SECS).u32(nsecs).u32(sequence).u8(1).u8(2).u16(sampling);
    }

    static Wire record(Wire w, String src, String dst, long pkts, long octets, long first, long last, int sport,
            int dport, int flags, int proto) {
        return w.addr(src).addr(dst).addr("0.0.0.0").u16(3).u16(4).u32(pkts).u32(octets).u32(first).u32(last)
                .u16(sport).u16(dport).u8(0).u8(flags).u8(proto).u8(0).u16(0).u16(0).u8(24).u8(24).u16(0);
    }

    static ByteBuffer twoRecords(int sampling) {
        Wire w = header(2, 100_000, 500_000_000, 7, sampling);
        record(w, "10.0.0.1", "198.51.100.7", 10, 1000, 90_000, 95_000, 40000, 443, 0x1b, 6);
        record(w, "198.51.100.7", "10.0.0.1", 8, 9000, 90_010, 95_010, 443, 40000, 0x1b, 6);
        return ByteBuffer.wrap(w.toBytes());
    }

    @Test
    void decodesRecordsWithUptimeRelativeTimes() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
        FlowDecoder.Result r = d.decode(twoRecords(0), EXPORTER, 0);

        assertThat(r.errors()).isEmpty();
        assertThat(r.flows()).hasSize(2);
        FlowRecord f = r.flows().get(0);
        long exportMs = SECS * 1000 + 500;
        assertThat(f.startMs()).isEqualTo(exportMs - 10_000);
        assertThat(f.endMs()).isEqualTo(exportMs - 5_000);
        assertThat(f.src()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(f.dst()).isEqualTo(IpAddress.parse("198.51.100.7"));
        assertThat(f.srcPort()).isEqualTo(40000);
        assertThat(f.dstPort()).isEqualTo(443);
        assertThat(f.ipProtocol()).isEqualTo(6);
        assertThat(f.tcpFlags()).isEqualTo(0x1b);
        assertThat(f.packets()).isEqualTo(10);
        assertThat(f.bytes()).isEqualTo(1000);
        assertThat(f.inputInterface()).isEqualTo(3);
        assertThat(f.outputInterface()).isEqualTo(4);
        assertThat(f.samplingRate()).isEqualTo(1);
        assertThat(f.observationDomain()).isEqualTo(0x0102);
        assertThat(f.sourceKind()).isEqualTo(FlowSourceKind.NETFLOW_V5);
        assertThat(f.exporter()).contains(EXPORTER);
    }

    @Test
    void appliesTheHeaderSamplingInterval() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
        // mode 01 (deterministic) in the top two bits, interval 100 below
        FlowDecoder.Result r = d.decode(twoRecords((1 << 14) | 100), EXPORTER, 0);

        assertThat(r.flows()).extracting(FlowRecord::samplingRate).containsOnly(100);
        assertThat(r.flows().get(0).packets()).isEqualTo(1000);
        assertThat(r.flows().get(0).bytes()).isEqualTo(100_000);
    }

    @Test
    void survivesSysUptimeWrapAround() {
        Wire w = header(1, 5_000, 0, 0, 0);
        record(w, "10.0.0.1", "10.0.0.2", 1, 60, 0xffff_ffffL - 4_999, 1_000, 1, 2, 0, 17);
        FlowRecord f = new FlowDecoder(DecoderConfig.defaults()).decode(ByteBuffer.wrap(w.toBytes()), EXPORTER, 0)
                .flows().get(0);

        assertThat(f.startMs()).isEqualTo(SECS * 1000 - 10_000);
        assertThat(f.endMs()).isEqualTo(SECS * 1000 - 4_000);
    }

    @Test
    void truncatedDatagramKeepsItsCompleteRecords() {
        byte[] full = twoRecords(0).array();
        ByteBuffer cut = ByteBuffer.wrap(Arrays.copyOf(full, full.length - 10));
        FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
        FlowDecoder.Result r = d.decode(cut, EXPORTER, 0);

        assertThat(r.flows()).hasSize(1);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DecodeErrorKind.TRUNCATED);
            assertThat(e.offset()).isEqualTo(24 + 48);
            assertThat(e.message()).contains("192.0.2.1", "NetFlow v5", "byte offset 72");
        });
        assertThat(d.stats(EXPORTER).orElseThrow().badDatagramsByReason()).containsEntry(DecodeErrorKind.TRUNCATED, 1L);
    }

    @Test
    void rejectsImpossibleCounts() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
        for (int count : new int[] {0, 31}) {
            FlowDecoder.Result r = d.decode(ByteBuffer.wrap(header(count, 0, 0, 0, 0).zeros(48).toBytes()), EXPORTER, 0);
            assertThat(r.flows()).isEmpty();
            assertThat(r.errors()).extracting(DecodeError::kind, DecodeError::offset)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(DecodeErrorKind.BAD_LENGTH, 2));
        }
        assertThat(d.stats(EXPORTER).orElseThrow().badDatagrams()).isEqualTo(2);
    }

    @Test
    void trailingBytesAreReportedButRecordsKept() {
        byte[] full = twoRecords(0).array();
        ByteBuffer longer = ByteBuffer.wrap(Arrays.copyOf(full, full.length + 5));
        FlowDecoder.Result r = new FlowDecoder(DecoderConfig.defaults()).decode(longer, EXPORTER, 0);

        assertThat(r.flows()).hasSize(2);
        assertThat(r.errors()).extracting(DecodeError::kind).containsExactly(DecodeErrorKind.BAD_LENGTH);
    }

    @Test
    void countsSequenceGaps() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
        d.decode(ByteBuffer.wrap(record(header(1, 0, 0, 10, 0), "10.0.0.1", "10.0.0.2", 1, 1, 0, 0, 1, 2, 0, 17)
                .toBytes()), EXPORTER, 0);
        d.decode(ByteBuffer.wrap(record(header(1, 0, 0, 11, 0), "10.0.0.1", "10.0.0.2", 1, 1, 0, 0, 1, 2, 0, 17)
                .toBytes()), EXPORTER, 0);
        d.decode(ByteBuffer.wrap(record(header(1, 0, 0, 20, 0), "10.0.0.1", "10.0.0.2", 1, 1, 0, 0, 1, 2, 0, 17)
                .toBytes()), EXPORTER, 0);

        assertThat(d.stats(EXPORTER).orElseThrow().sequenceGaps()).isEqualTo(1);
        assertThat(d.stats(EXPORTER).orElseThrow().flows()).isEqualTo(3);
    }

    @Test
    void readsFromTheBufferPositionWithoutMovingIt() {
        byte[] full = twoRecords(0).array();
        byte[] padded = new byte[full.length + 7];
        System.arraycopy(full, 0, padded, 7, full.length);
        ByteBuffer b = ByteBuffer.wrap(padded);
        b.position(7);
        FlowDecoder.Result r = new FlowDecoder(DecoderConfig.defaults()).decode(b, EXPORTER, 0);

        assertThat(r.errors()).isEmpty();
        assertThat(r.flows()).hasSize(2);
        assertThat(b.position()).isEqualTo(7);
    }

    @Test
    void softflowdsNetflowV1GivesTheFlowsOfItsV5() throws java.io.IOException {
        java.util.List<FlowRecord> v5 = ExportPcap.flows("softflowd-v5.pcap");
        java.util.List<FlowRecord> v1 = ExportPcap.flows("softflowd-v1.pcap");
        assertThat(v5).hasSize(10);
        assertThat(v1).allSatisfy(f -> assertThat(f.sourceKind()).isEqualTo(FlowSourceKind.NETFLOW_V1));
        assertThat(v1).hasSameSizeAs(v5);
        for (int i = 0; i < v5.size(); i++) {
            FlowRecord one = v1.get(i);
            FlowRecord five = v5.get(i);
            // two runs of softflowd: the uptime-relative times may round a millisecond apart
            assertThat(one.startMs()).isCloseTo(five.startMs(), org.assertj.core.data.Offset.offset(1L));
            assertThat(one.endMs()).isCloseTo(five.endMs(), org.assertj.core.data.Offset.offset(1L));
            assertThat(one.toBuilder().time(five.startMs(), five.endMs()).sourceKind(FlowSourceKind.NETFLOW_V5).build())
                    .isEqualTo(five);
        }
        assertThat(v5).filteredOn(f -> f.tcpFlags() != 0).isNotEmpty();
    }

    @Test
    void netflowV7AsCiscosTableLaysItOut() {
        // 24-byte header (version count SysUptime unix_secs unix_nsecs flow_sequence reserved), one
        // 52-byte record: ... srcport dstport flags1 tcp_flags prot tos src_as dst_as masks flags2 router_sc
        Wire w = Wire.of().u16(7).u16(1).u32(100_000).u32(SECS).u32(0).u32(41).u32(0)
                .addr("10.0.0.1").addr("198.51.100.7").addr("0.0.0.0").u16(3).u16(4).u32(12).u32(3456)
                .u32(90_000).u32(95_000).u16(40000).u16(6881).u8(0).u8(0x1b).u8(6).u8(0).u16(0).u16(0).u8(24).u8(24)
                .u16(0).u32(0);
        FlowDecoder.Result r = new FlowDecoder(DecoderConfig.defaults()).decode(ByteBuffer.wrap(w.toBytes()), EXPORTER, 0);
        assertThat(r.errors()).isEmpty();
        FlowRecord f = r.flows().get(0);
        assertThat(f.sourceKind()).isEqualTo(FlowSourceKind.NETFLOW_V7);
        assertThat(f.src()).hasToString("10.0.0.1");
        assertThat(f.dstPort()).isEqualTo(6881);
        assertThat(f.ipProtocol()).isEqualTo(6);
        assertThat(f.tcpFlags()).isEqualTo(0x1b);
        assertThat(f.packets()).isEqualTo(12);
        assertThat(f.bytes()).isEqualTo(3456);
        assertThat(f.startMs()).isEqualTo(SECS * 1000 - 10_000);
        assertThat(f.endMs()).isEqualTo(SECS * 1000 - 5_000);
        assertThat(f.inputInterface()).isEqualTo(3);
        // more records than v7's 28 and a cut record are errors, as for v5
        assertThat(new FlowDecoder(DecoderConfig.defaults()).decode(ByteBuffer.wrap(Wire.of().u16(7).u16(29).u32(0)
                .u32(SECS).u32(0).u32(0).u32(0).toBytes()), EXPORTER, 0).errors()).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("outside 1..28"));
        byte[] cut = java.util.Arrays.copyOf(w.toBytes(), 24 + 40);
        assertThat(new FlowDecoder(DecoderConfig.defaults()).decode(ByteBuffer.wrap(cut), EXPORTER, 0).errors())
                .singleElement().satisfies(e -> assertThat(e.detail()).contains("holds 0 complete records of the 1"));
    }

    @Test
    void inACaptureWithoutAPortV1AndV7MustHaveTheirExactLength() {
        // a DNS query with transaction id 1 starts like a NetFlow v1 header; one v1 record is 16+48 bytes
        byte[] dns = Wire.of().u16(1).u16(0x0100).u16(1).u16(0).u16(0).u16(0).bytes(new byte[20]).toBytes();
        assertThat(FlowDecoder.looksLikeExport(ByteBuffer.wrap(dns), 0, dns.length)).isFalse();
        byte[] v1 = Wire.of().u16(1).u16(1).bytes(new byte[12 + 48]).toBytes();
        assertThat(FlowDecoder.looksLikeExport(ByteBuffer.wrap(v1), 0, v1.length)).isTrue();
        byte[] v7 = Wire.of().u16(7).u16(2).bytes(new byte[20 + 2 * 52]).toBytes();
        assertThat(FlowDecoder.looksLikeExport(ByteBuffer.wrap(v7), 0, v7.length)).isTrue();
        assertThat(FlowDecoder.looksLikeExport(ByteBuffer.wrap(v7), 0, v7.length - 1)).isFalse();
        // v5, v9 and IPFIX as before: their version alone
        byte[] v5 = Wire.of().u16(5).u16(30).toBytes();
        assertThat(FlowDecoder.looksLikeExport(ByteBuffer.wrap(v5), 0, v5.length)).isTrue();
    }
}
