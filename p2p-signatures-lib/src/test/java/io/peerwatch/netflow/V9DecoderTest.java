package io.peerwatch.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class V9DecoderTest {
    static final IpAddress A = IpAddress.parse("192.0.2.1");
    static final IpAddress B = IpAddress.parse("192.0.2.2");
    static final long UPTIME = 1_000_000;
    static final long SECS = 1_700_000_000L;
    static final long EXPORT_MS = SECS * 1000;

    /** src4 dst4 sport dport proto flags bytes pkts first last: 30-byte records. */
    static final int[] V4 = {8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 1, 1, 4, 2, 4, 22, 4, 21, 4};

    static byte[] v4Template(int id) {
        return Wire.set(0, Wire.template(id, V4));
    }

    static byte[] v4Record(String src, String dst, int sport, int dport, long bytes, long pkts, long first, long last) {
        return Wire.of().addr(src).addr(dst).u16(sport).u16(dport).u8(6).u8(0x12).u32(bytes).u32(pkts).u32(first)
                .u32(last).toBytes();
    }

    static byte[] oneRecordSet(int id) {
        return Wire.set(id, v4Record("10.0.0.1", "10.0.0.2", 1234, 80, 500, 5, UPTIME - 3000, UPTIME - 1000));
    }

    static ByteBuffer dg(byte[]... sets) {
        return Wire.v9(UPTIME, SECS, 0, 0, sets);
    }

    static FlowDecoder decoder() {
        return new FlowDecoder(DecoderConfig.defaults());
    }

    @Test
    void templateThenDataInOneDatagram() {
        FlowDecoder.Result r = decoder().decode(dg(v4Template(256), oneRecordSet(256)), A, 0);

        assertThat(r.errors()).isEmpty();
        FlowRecord f = r.flows().get(0);
        assertThat(r.flows()).hasSize(1);
        assertThat(f.src()).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(f.dstPort()).isEqualTo(80);
        assertThat(f.tcpFlags()).isEqualTo(0x12);
        assertThat(f.bytes()).isEqualTo(500);
        assertThat(f.packets()).isEqualTo(5);
        assertThat(f.startMs()).isEqualTo(EXPORT_MS - 3000);
        assertThat(f.endMs()).isEqualTo(EXPORT_MS - 1000);
        assertThat(f.sourceKind()).isEqualTo(FlowSourceKind.NETFLOW_V9);
    }

    @Test
    void dataBeforeItsTemplateInTheSameDatagramIsDecoded() {
        FlowDecoder.Result r = decoder().decode(dg(oneRecordSet(300), v4Template(300)), A, 0);

        assertThat(r.errors()).isEmpty();
        assertThat(r.flows()).hasSize(1);
    }

    @Test
    void dataBeforeItsTemplateIsBufferedUntilTheTemplateArrives() {
        FlowDecoder d = decoder();
        FlowDecoder.Result first = d.decode(dg(oneRecordSet(256), oneRecordSet(256)), A, 1000);
        assertThat(first.flows()).isEmpty();
        assertThat(first.errors()).isEmpty();
        assertThat(d.stats(A).orElseThrow().pendingSets()).isEqualTo(2);

        FlowDecoder.Result second = d.decode(dg(v4Template(256)), A, 5000);

        assertThat(second.flows()).hasSize(2);
        // times come from the header of the datagram the data arrived in
        assertThat(second.flows().get(0).startMs()).isEqualTo(EXPORT_MS - 3000);
        assertThat(d.stats(A).orElseThrow().pendingSets()).isZero();
    }

    @Test
    void missingTemplateIsReportedAfterThePendingTimeoutWithTheSetBytes() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.builder().pendingTimeout(Duration.ofSeconds(2)).build());
        d.decode(dg(v4Template(256), oneRecordSet(256), oneRecordSet(999)), A, 10_000);

        FlowDecoder.Result early = d.decode(dg(oneRecordSet(256)), A, 11_000);
        assertThat(early.errors()).isEmpty();
        FlowDecoder.Result late = d.decode(dg(oneRecordSet(256)), A, 12_000);

        assertThat(late.flows()).hasSize(1);
        assertThat(late.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DecodeErrorKind.MISSING_TEMPLATE);
            assertThat(e.offset()).isEqualTo(20 + 4 + 4 + V4.length * 2 + 34);
            assertThat(e.receivedAtMs()).isEqualTo(10_000);
            assertThat(e.detail()).contains("template 999");
            // times as ISO-8601 UTC and durations with a unit, never raw epoch milliseconds
            assertThat(e.detail()).startsWith("data set received at 1970-01-01T00:00:10Z: ")
                    .endsWith("did not arrive within 2s").doesNotContain("10000");
            assertThat(e.data().orElseThrow().remaining()).isEqualTo(34);
        });
        assertThat(d.stats(A).orElseThrow().errorsByReason()).containsEntry(DecodeErrorKind.MISSING_TEMPLATE, 1L);
    }

    @Test
    void expireAndFlushReportWhatStillWaits() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.builder().pendingTimeout(Duration.ofSeconds(2)).build());
        d.decode(dg(oneRecordSet(400)), A, 0);
        d.decode(dg(oneRecordSet(401)), A, 1500);
        List<DecodeError> errors = new ArrayList<>();
        DecodeListener l = new DecodeListener() {
            @Override
            public void onFlow(FlowRecord flow) {
                throw new AssertionError("no flow expected");
            }

            @Override
            public void onError(DecodeError e) {
                errors.add(e);
            }
        };
        d.expire(2500, l);
        assertThat(errors).extracting(DecodeError::detail).singleElement().asString().contains("template 400");
        d.flush(l);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1).detail()).contains("template 401");
        assertThat(d.stats(A).orElseThrow().pendingSets()).isZero();
    }

    @Test
    void fullPendingBufferReportsAtOnce() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.builder().maxPendingSets(1).build());
        FlowDecoder.Result r = d.decode(dg(oneRecordSet(256), oneRecordSet(257)), A, 0);

        assertThat(r.errors()).extracting(DecodeError::kind).containsExactly(DecodeErrorKind.MISSING_TEMPLATE);
        assertThat(r.errors().get(0).detail()).contains("pending buffer is full");
        assertThat(d.decode(dg(v4Template(256)), A, 0).flows()).hasSize(1);
    }

    @Test
    void templateRefreshWithNewLayoutReplacesTheOld() {
        FlowDecoder d = decoder();
        d.decode(dg(v4Template(256)), A, 0);
        // redefined: dst4 src4 (swapped) dport sport, bytes only
        byte[] redefined = Wire.set(0, Wire.template(256, 12, 4, 8, 4, 11, 2, 7, 2, 1, 4));
        byte[] data = Wire.set(256, Wire.of().addr("10.9.9.9").addr("10.1.1.1").u16(53).u16(5353).u32(77).toBytes());
        FlowDecoder.Result r = d.decode(dg(redefined, data), A, 1000);

        assertThat(r.errors()).isEmpty();
        FlowRecord f = r.flows().get(0);
        assertThat(f.src()).isEqualTo(IpAddress.parse("10.1.1.1"));
        assertThat(f.dst()).isEqualTo(IpAddress.parse("10.9.9.9"));
        assertThat(f.srcPort()).isEqualTo(5353);
        assertThat(f.dstPort()).isEqualTo(53);
        assertThat(f.bytes()).isEqualTo(77);
        assertThat(f.startMs()).as("no time fields: export time").isEqualTo(EXPORT_MS);
    }

    @Test
    void aRedefinitionWithTheSameFieldCountIsNotTakenForARefresh() {
        FlowDecoder d = decoder();
        d.decode(dg(v4Template(256)), A, 0);
        int[] swapped = V4.clone(); // dst4 first, then src4: same count and lengths, other types
        swapped[0] = 12;
        swapped[2] = 8;
        FlowDecoder.Result r = d.decode(dg(Wire.set(0, Wire.template(256, swapped)), oneRecordSet(256)), A, 1000);

        assertThat(r.flows()).singleElement().satisfies(f -> {
            assertThat(f.src()).isEqualTo(IpAddress.parse("10.0.0.2"));
            assertThat(f.dst()).isEqualTo(IpAddress.parse("10.0.0.1"));
        });
    }

    @Test
    void anIdenticalRefreshKeepsTheTemplateAlive() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.builder().templateTimeout(Duration.ofMinutes(1)).build());
        d.decode(dg(v4Template(256)), A, 0);
        FlowDecoder.Result refreshed = d.decode(dg(v4Template(256), oneRecordSet(256)), A, 50_000);
        assertThat(refreshed.errors()).isEmpty();
        assertThat(refreshed.flows()).hasSize(1);
        // 100 s after the first definition, 50 s after the refresh: still held
        assertThat(d.decode(dg(oneRecordSet(256)), A, 100_000).flows()).hasSize(1);
    }

    @Test
    void templatesExpireWithoutRefresh() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.builder().templateTimeout(Duration.ofMinutes(1)).build());
        d.decode(dg(v4Template(256)), A, 0);
        assertThat(d.decode(dg(oneRecordSet(256)), A, 59_000).flows()).hasSize(1);
        assertThat(d.decode(dg(oneRecordSet(256)), A, 59_000 + 60_001).flows()).isEmpty();
        assertThat(d.stats(A).orElseThrow().pendingSets()).isEqualTo(1);
    }

    @Test
    void twoExportersWithTheSameTemplateIdKeepTheirOwnLayouts() {
        FlowDecoder d = decoder();
        d.decode(dg(v4Template(256)), A, 0);
        byte[] other = Wire.set(0, Wire.template(256, 27, 16, 28, 16, 7, 2, 11, 2, 4, 1, 2, 4, 1, 4));
        d.decode(dg(other), B, 0);
        byte[] v6data = Wire.set(256, Wire.of().addr("2001:db8::1").addr("2001:db8::2").u16(6881).u16(51413).u8(17)
                .u32(3).u32(300).toBytes());

        FlowDecoder.Result ra = d.decode(dg(oneRecordSet(256)), A, 1);
        FlowDecoder.Result rb = d.decode(dg(v6data), B, 1);

        assertThat(ra.flows()).singleElement().extracting(FlowRecord::src).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(rb.flows()).singleElement().satisfies(f -> {
            assertThat(f.src()).isEqualTo(IpAddress.parse("2001:db8::1"));
            assertThat(f.dst()).isEqualTo(IpAddress.parse("2001:db8::2"));
            assertThat(f.ipProtocol()).isEqualTo(17);
            assertThat(f.packets()).isEqualTo(3);
            assertThat(f.bytes()).isEqualTo(300);
            assertThat(f.exporter()).contains(B);
        });
        assertThat(d.stats()).extracting(ExporterStats::exporter).containsExactly(A, B);
    }

    @Test
    void sourceIdsOfOneExporterAreSeparate() {
        FlowDecoder d = decoder();
        d.decode(Wire.v9(UPTIME, SECS, 0, 1, v4Template(256)), A, 0);
        FlowDecoder.Result r = d.decode(Wire.v9(UPTIME, SECS, 0, 2, oneRecordSet(256)), A, 0);

        assertThat(r.flows()).isEmpty();
        assertThat(d.stats(A).orElseThrow().pendingSets()).isEqualTo(1);
        FlowDecoder.Result r1 = d.decode(Wire.v9(UPTIME, SECS, 1, 1, oneRecordSet(256)), A, 0);
        assertThat(r1.flows()).singleElement().extracting(FlowRecord::observationDomain).isEqualTo(1L);
    }

    /** Options template: scope System(1), 4 bytes; option SAMPLING_INTERVAL(34), 4 bytes. */
    static byte[] samplingOptions(int id, long rate) {
        byte[] tmpl = Wire.set(1, Wire.of().u16(id).u16(4).u16(4).u16(1).u16(4).u16(34).u16(4).u16(0).toBytes());
        byte[] data = Wire.set(id, Wire.of().u32(0).u32(rate).toBytes());
        return Wire.concat(tmpl, data);
    }

    @Test
    void samplingIntervalFromOptionsDataScalesCounters() {
        FlowDecoder d = decoder();
        FlowDecoder.Result r = d.decode(ByteBuffer.wrap(Wire.concat(dg().array(), samplingOptions(260, 64),
                v4Template(256), oneRecordSet(256))), A, 0);

        assertThat(r.errors()).isEmpty();
        assertThat(r.flows()).singleElement().satisfies(f -> {
            assertThat(f.samplingRate()).isEqualTo(64);
            assertThat(f.packets()).isEqualTo(5 * 64);
            assertThat(f.bytes()).isEqualTo(500 * 64);
        });
    }

    @Test
    void perRecordSamplerIdsUseTheirSamplersRandomInterval() {
        // options: scope System; FLOW_SAMPLER_ID(48) 1 byte, FLOW_SAMPLER_MODE(49) 1 byte, RANDOM_INTERVAL(50) 4 bytes
        byte[] optTmpl = Wire.set(1, Wire.of().u16(270).u16(4).u16(12).u16(1).u16(4).u16(48).u16(1).u16(49).u16(1)
                .u16(50).u16(4).u16(0).toBytes());
        byte[] optData = Wire.set(270, Wire.of().u32(0).u8(1).u8(2).u32(10).u32(0).u8(2).u8(2).u32(1000).toBytes());
        // data template with FLOW_SAMPLER_ID
        byte[] tmpl = Wire.set(0, Wire.template(256, 8, 4, 12, 4, 2, 4, 1, 4, 48, 1));
        byte[] data = Wire.set(256, Wire.of().addr("10.0.0.1").addr("10.0.0.2").u32(2).u32(100).u8(1)
                .addr("10.0.0.3").addr("10.0.0.4").u32(2).u32(100).u8(2)
                .addr("10.0.0.5").addr("10.0.0.6").u32(2).u32(100).u8(9).toBytes());
        FlowDecoder.Result r = decoder().decode(dg(optTmpl, optData, tmpl, data), A, 0);

        assertThat(r.errors()).isEmpty();
        assertThat(r.flows()).extracting(FlowRecord::samplingRate).containsExactly(10, 1000, 1);
        assertThat(r.flows()).extracting(FlowRecord::packets).containsExactly(20L, 2000L, 2L);
    }

    @Test
    void ipv6DirectionInterfacesAndPadding() {
        byte[] tmpl = Wire.concat(Wire.of().u16(0).u16(4 + 4 + 9 * 4 + 2).toBytes(),
                Wire.template(256, 27, 16, 28, 16, 7, 2, 11, 2, 4, 1, 10, 2, 14, 2, 61, 1, 2, 8),
                new byte[2]); // two padding bytes
        byte[] rec = Wire.of().addr("fe80::1").addr("2001:db8::5").u16(5000).u16(6000).u8(17).u16(7).u16(9).u8(1)
                .u64(42).toBytes();
        byte[] data = Wire.set(256, Wire.concat(rec, new byte[3])); // padding shorter than a record
        FlowDecoder.Result r = decoder().decode(dg(tmpl, data), A, 0);

        assertThat(r.errors()).isEmpty();
        assertThat(r.flows()).singleElement().satisfies(f -> {
            assertThat(f.src()).isEqualTo(IpAddress.parse("fe80::1"));
            assertThat(f.inputInterface()).isEqualTo(7);
            assertThat(f.outputInterface()).isEqualTo(9);
            assertThat(f.direction()).isEqualTo(FlowDirection.EGRESS);
            assertThat(f.packets()).isEqualTo(42);
        });
    }

    @Test
    void malformedTemplatesAreReportedAndLaterSetsStillDecode() {
        byte[] zeroFields = Wire.set(0, Wire.of().u16(256).u16(0).toBytes());
        byte[] absurd = Wire.set(0, Wire.of().u16(257).u16(60000).u16(8).u16(4).toBytes());
        byte[] truncatedTemplate = Wire.set(0, Wire.of().u16(258).u16(3).u16(8).u16(4).toBytes());
        FlowDecoder.Result r = decoder().decode(dg(zeroFields, absurd, truncatedTemplate, v4Template(300),
                oneRecordSet(300)), A, 0);

        assertThat(r.flows()).hasSize(1);
        assertThat(r.errors()).extracting(DecodeError::kind).containsOnly(DecodeErrorKind.BAD_TEMPLATE).hasSize(3);
        assertThat(r.errors().get(0).detail()).contains("no fields");
        assertThat(r.errors().get(1).detail()).contains("60000 fields");
        assertThat(r.errors().get(2).detail()).contains("truncated");
    }

    @Test
    void setRunningPastTheDatagramStopsTheWalkButKeepsEarlierRecords() {
        ByteBuffer good = dg(v4Template(256), oneRecordSet(256));
        byte[] bad = Wire.of().u16(256).u16(4000).u32(0).toBytes();
        ByteBuffer datagram = ByteBuffer.wrap(Wire.concat(good.array(), bad));
        FlowDecoder d = decoder();
        FlowDecoder.Result r = d.decode(datagram, A, 0);

        assertThat(r.flows()).hasSize(1);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DecodeErrorKind.BAD_SET);
            assertThat(e.offset()).isEqualTo(good.limit());
            assertThat(e.message()).startsWith("datagram from 192.0.2.1 (NetFlow v9, source id 0): BAD_SET at byte offset "
                    + good.limit());
        });
        assertThat(d.stats(A).orElseThrow().badDatagramsByReason()).containsEntry(DecodeErrorKind.BAD_SET, 1L);
    }

    @Test
    void setLengthBelowFourIsBad() {
        FlowDecoder.Result r = decoder().decode(ByteBuffer.wrap(Wire.concat(dg().array(), Wire.of().u16(256).u16(2)
                .toBytes())), A, 0);
        assertThat(r.errors()).extracting(DecodeError::kind, DecodeError::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DecodeErrorKind.BAD_SET, 22));
    }

    @Test
    void unknownVersionIsRejectedAndCounted() {
        FlowDecoder d = decoder();
        FlowDecoder.Result r = d.decode(ByteBuffer.wrap(Wire.of().u16(8).zeros(30).toBytes()), A, 0);

        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DecodeErrorKind.UNKNOWN_VERSION);
            assertThat(e.message()).contains("version 8");
        });
        assertThat(d.stats(A).orElseThrow().badDatagramsByReason()).containsEntry(DecodeErrorKind.UNKNOWN_VERSION, 1L);
    }

    @Test
    void templateLimitsAreEnforced() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.builder().maxTemplatesPerDomain(1).build());
        FlowDecoder.Result r = d.decode(dg(v4Template(256), v4Template(257), oneRecordSet(256)), A, 0);

        assertThat(r.flows()).hasSize(1);
        assertThat(r.errors()).extracting(DecodeError::kind).containsExactly(DecodeErrorKind.STATE_LIMIT);
        assertThat(d.stats(A).orElseThrow().templates()).isEqualTo(1);
    }

    @Test
    void domainLimitIsEnforced() {
        FlowDecoder d = new FlowDecoder(DecoderConfig.builder().maxDomains(1).build());
        d.decode(dg(v4Template(256)), A, 0);
        FlowDecoder.Result r = d.decode(dg(v4Template(256), oneRecordSet(256)), B, 0);

        assertThat(r.flows()).isEmpty();
        assertThat(r.errors()).extracting(DecodeError::kind).containsExactly(DecodeErrorKind.STATE_LIMIT);
    }

    @Test
    void aBadDatagramDoesNotDisturbGoodOnesOrOtherExporters() {
        FlowDecoder d = decoder();
        d.decode(dg(v4Template(256)), A, 0);
        d.decode(dg(v4Template(256)), B, 0);
        byte[] garbage = Wire.concat(dg().array(), Wire.of().u16(256).u16(3).u32(7).u8(1).toBytes());
        FlowDecoder.Result bad = d.decode(ByteBuffer.wrap(garbage), A, 1);
        FlowDecoder.Result truncated = d.decode(ByteBuffer.wrap(java.util.Arrays.copyOf(
                dg(oneRecordSet(256)).array(), 30)), A, 2);

        assertThat(bad.flows()).isEmpty();
        assertThat(bad.errors()).extracting(DecodeError::kind).containsExactly(DecodeErrorKind.BAD_SET);
        assertThat(truncated.errors()).extracting(DecodeError::kind).containsExactly(DecodeErrorKind.BAD_SET);
        assertThat(d.decode(dg(oneRecordSet(256)), A, 3).flows()).hasSize(1);
        assertThat(d.decode(dg(oneRecordSet(256)), B, 3).flows()).hasSize(1);
        ExporterStats a = d.stats(A).orElseThrow();
        assertThat(a.datagrams()).isEqualTo(4);
        assertThat(a.goodDatagrams()).isEqualTo(2);
        assertThat(a.badDatagramsByReason()).containsExactly(java.util.Map.entry(DecodeErrorKind.BAD_SET, 2L));
        assertThat(d.stats(B).orElseThrow().badDatagrams()).isZero();
    }

    @Test
    void eightByteCountersBeyondThePlausibleAreBadRecordsNotFlows() {
        // src4 dst4 sport dport proto bytes(8) pkts(8)
        byte[] tmpl = Wire.set(0, Wire.template(400, 8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 8, 2, 8));
        byte[] max = Wire.of().addr("10.0.0.1").addr("10.0.0.2").u16(1).u16(2).u8(6).u64(Long.MAX_VALUE).u64(1).toBytes();
        byte[] fine = Wire.of().addr("10.0.0.1").addr("10.0.0.2").u16(1).u16(2).u8(6).u64(1L << 40).u64(1).toBytes();
        FlowDecoder.Result r = decoder().decode(dg(tmpl, Wire.set(400, Wire.concat(max, fine))), A, 0);
        assertThat(r.flows()).extracting(FlowRecord::bytes).containsExactly(1L << 40);
        assertThat(r.errors()).extracting(DecodeError::kind).containsExactly(DecodeErrorKind.BAD_RECORD);
        assertThat(r.errors().get(0).message()).contains("beyond the plausible");
    }
}
