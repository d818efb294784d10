package io.peerwatch.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpfixDecoderTest {
    static final IpAddress A = IpAddress.parse("2001:db8::a");
    static final long EXPORT_SECS = 1_700_000_000L;
    static final long EXPORT_MS = EXPORT_SECS * 1000;
    static final long START_MS = EXPORT_MS - 65_250;
    static final long END_MS = EXPORT_MS - 4_125;
    static final long NTP_OFFSET = 2_208_988_800L;

    static FlowDecoder decoder() {
        return new FlowDecoder(DecoderConfig.defaults());
    }

    static ByteBuffer msg(byte[]... sets) {
        return Wire.ipfix(EXPORT_SECS, 0, 5, sets);
    }

    /** Addresses, ports, protocol, octetDeltaCount(8), packetDeltaCount(8) then the given extra fields. */
    static byte[] template(int id, int... extra) {
        int[] base = {8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 8, 2, 8};
        int[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return Wire.set(2, Wire.template(id, all));
    }

    static Wire baseRecord() {
        return Wire.of().addr("10.1.0.1").addr("10.1.0.2").u16(6881).u16(51413).u8(6).u64(4000).u64(4);
    }

    static long ntp(long epochMs) {
        long secs = Math.floorDiv(epochMs, 1000) + NTP_OFFSET;
        long msPart = Math.floorMod(epochMs, 1000);
        // fraction of a second in 1/2^32 units, rounded up so that truncation gives back msPart
        long frac = (msPart * (1L << 32) + 999) / 1000;
        return (secs << 32) | frac;
    }

    @ParameterizedTest(name = "time encoding {0}")
    @ValueSource(strings = {"seconds", "milliseconds", "microseconds", "nanoseconds", "deltaMicroseconds", "sysUpTime"})
    void everyStandardTimeEncodingGivesTheSameTimes(String encoding) {
        byte[] tmpl;
        Wire rec = baseRecord();
        byte[] before = new byte[0];
        long start = START_MS;
        long end = END_MS;
        switch (encoding) {
            case "seconds" -> {
                start = start / 1000 * 1000;
                end = end / 1000 * 1000;
                tmpl = template(256, 150, 4, 151, 4);
                rec.u32(start / 1000).u32(end / 1000);
            }
            case "milliseconds" -> {
                tmpl = template(256, 152, 8, 153, 8);
                rec.u64(start).u64(end);
            }
            case "microseconds" -> {
                tmpl = template(256, 154, 8, 155, 8);
                rec.u64(ntp(start)).u64(ntp(end));
            }
            case "nanoseconds" -> {
                tmpl = template(256, 156, 8, 157, 8);
                rec.u64(ntp(start)).u64(ntp(end));
            }
            case "deltaMicroseconds" -> {
                tmpl = template(256, 158, 4, 159, 4);
                rec.u32((EXPORT_MS - start) * 1000).u32((EXPORT_MS - end) * 1000);
            }
            default -> {
                long init = EXPORT_MS - 3_600_000;
                // options: scope meteringProcessId(143), systemInitTimeMilliseconds(160)
                byte[] opt = Wire.set(3, Wire.of().u16(400).u16(2).u16(1).u16(143).u16(4).u16(160).u16(8).toBytes());
                before = Wire.concat(opt, Wire.set(400, Wire.of().u32(77).u64(init).toBytes()));
                tmpl = template(256, 22, 4, 21, 4);
                rec.u32(start - init).u32(end - init);
            }
        }
        FlowDecoder.Result r = decoder().decode(msg(before, tmpl, Wire.set(256, rec.toBytes())), A, 0);

        assertThat(r.errors()).isEmpty();
        assertThat(r.flows()).singleElement().satisfies(f -> {
            assertThat(f.sourceKind()).isEqualTo(FlowSourceKind.IPFIX);
            assertThat(f.observationDomain()).isEqualTo(5);
            assertThat(f.packets()).isEqualTo(4);
            assertThat(f.bytes()).isEqualTo(4000);
        });
        FlowRecord f = r.flows().get(0);
        assertThat(f.startMs()).isEqualTo(start);
        assertThat(f.endMs()).isEqualTo(end);
    }

    @Test
    void sysUpTimeWithoutSystemInitTimeFallsBackToExportTime() {
        FlowDecoder.Result r = decoder().decode(msg(template(256, 22, 4, 21, 4),
                Wire.set(256, baseRecord().u32(10).u32(20).toBytes())), A, 0);
        assertThat(r.flows()).singleElement().extracting(FlowRecord::startMs).isEqualTo(EXPORT_MS);
    }

    @Test
    void durationCompletesAOneSidedTime() {
        FlowDecoder.Result r = decoder().decode(msg(template(256, 153, 8, 161, 4),
                Wire.set(256, baseRecord().u64(END_MS).u32(2500).toBytes())), A, 0);
        assertThat(r.flows().get(0).startMs()).isEqualTo(END_MS - 2500);
        assertThat(r.flows().get(0).endMs()).isEqualTo(END_MS);
    }

    @Test
    void variableLengthAndEnterpriseFieldsAreSkippedSafely() {
        // sourceIPv4Address, interfaceName(82) variable, an enterprise field (E bit, PEN 9) of 6 bytes,
        // destinationIPv4Address, another enterprise field variable-length, packetDeltaCount 4 bytes
        byte[] tmpl = Wire.set(2, Wire.of().u16(256).u16(6)
                .u16(8).u16(4)
                .u16(82).u16(0xffff)
                .u16(0x8000 | 100).u16(6).u32(9)
                .u16(12).u16(4)
                .u16(0x8000 | 200).u16(0xffff).u32(29305)
                .u16(2).u16(4).toBytes());
        byte[] longName = new byte[300];
        Arrays.fill(longName, (byte) 'x');
        byte[] recs = Wire.of()
                .addr("10.0.0.1").u8(4).bytes("eth0".getBytes()).zeros(6).addr("10.0.0.2").u8(0).u32(11)
                .addr("10.0.0.3").u8(255).u16(300).bytes(longName).zeros(6).addr("10.0.0.4").u8(2).u16(0xbeef).u32(12)
                .toBytes();
        FlowDecoder.Result r = decoder().decode(msg(tmpl, Wire.set(256, recs)), A, 0);

        assertThat(r.errors()).isEmpty();
        assertThat(r.flows()).extracting(f -> f.src() + ">" + f.dst() + " " + f.packets())
                .containsExactly("10.0.0.1>10.0.0.2 11", "10.0.0.3>10.0.0.4 12");
    }

    @Test
    void variableLengthFieldOverrunningTheSetIsABadRecord() {
        byte[] tmpl = Wire.set(2, Wire.template(256, 8, 4, 12, 4, 82, 0xffff));
        byte[] recs = Wire.of().addr("10.0.0.1").addr("10.0.0.2").u8(1).u8('a')
                .addr("10.0.0.3").addr("10.0.0.4").u8(200).u8('b').toBytes();
        FlowDecoder.Result r = decoder().decode(msg(tmpl, Wire.set(256, recs)), A, 0);

        assertThat(r.flows()).hasSize(1);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DecodeErrorKind.BAD_RECORD);
            assertThat(e.offset()).isEqualTo(16 + 4 + 4 + 12 + 4 + 10);
        });
    }

    @Test
    void reducedSizeEncodingAndTotalCounters() {
        // octetTotalCount(85) in 3 bytes, packetTotalCount(86) in 1 byte, ingressInterface in 1 byte,
        // tcpControlBits in 2 bytes, flowDirection
        byte[] tmpl = Wire.set(2, Wire.template(256, 8, 4, 12, 4, 85, 3, 86, 1, 10, 1, 6, 2, 61, 1));
        byte[] rec = Wire.of().addr("10.0.0.1").addr("10.0.0.2").u8(0x01).u16(0x0203).u8(200).u8(3).u16(0x0012).u8(0)
                .toBytes();
        FlowDecoder.Result r = decoder().decode(msg(tmpl, Wire.set(256, rec)), A, 0);

        assertThat(r.errors()).isEmpty();
        FlowRecord f = r.flows().get(0);
        assertThat(f.bytes()).isEqualTo(0x010203);
        assertThat(f.packets()).isEqualTo(200);
        assertThat(f.inputInterface()).isEqualTo(3);
        assertThat(f.tcpFlags()).isEqualTo(0x12);
        assertThat(f.direction()).isEqualTo(FlowDirection.INGRESS);
    }

    @Test
    void ipv6AndIcmpTypeCode() {
        byte[] tmpl = Wire.set(2, Wire.template(256, 27, 16, 28, 16, 4, 1, 139, 2, 2, 4));
        byte[] rec = Wire.of().addr("2001:db8::1").addr("2001:db8::2").u8(58).u16(128 << 8).u32(1).toBytes();
        FlowRecord f = decoder().decode(msg(tmpl, Wire.set(256, rec)), A, 0).flows().get(0);

        assertThat(f.dst()).isEqualTo(IpAddress.parse("2001:db8::2"));
        assertThat(f.ipProtocol()).isEqualTo(58);
        assertThat(f.dstPort()).isEqualTo(128 << 8);
    }

    @Test
    void samplingPacketIntervalAndSpaceFromOptions() {
        // scope meteringProcessId; samplingPacketInterval(305)=1, samplingPacketSpace(306)=99 → 1 in 100
        byte[] opt = Wire.set(3, Wire.of().u16(400).u16(3).u16(1).u16(143).u16(4).u16(305).u16(4).u16(306).u16(4)
                .toBytes());
        byte[] optData = Wire.set(400, Wire.of().u32(1).u32(1).u32(99).toBytes());
        FlowDecoder.Result r = decoder().decode(msg(opt, optData, template(256), Wire.set(256, baseRecord().toBytes())),
                A, 0);

        assertThat(r.flows()).singleElement().satisfies(f -> {
            assertThat(f.samplingRate()).isEqualTo(100);
            assertThat(f.packets()).isEqualTo(400);
            assertThat(f.bytes()).isEqualTo(400_000);
        });
    }

    @Test
    void samplerRandomIntervalPerSamplerIdAndSamplingIntervalInTheRecord() {
        // options: scope samplerId(48) 2 bytes; samplerRandomInterval(50) 4 bytes
        byte[] opt = Wire.set(3, Wire.of().u16(400).u16(2).u16(1).u16(48).u16(2).u16(50).u16(4).toBytes());
        byte[] optData = Wire.set(400, Wire.of().u16(7).u32(32).toBytes());
        byte[] withSampler = template(256, 48, 2);
        byte[] withInterval = template(257, 34, 4);
        FlowDecoder.Result r = decoder().decode(msg(opt, optData, withSampler, withInterval,
                Wire.set(256, baseRecord().u16(7).toBytes()), Wire.set(257, baseRecord().u32(3).toBytes())), A, 0);

        assertThat(r.flows()).extracting(FlowRecord::samplingRate).containsExactly(32, 3);
        assertThat(r.flows()).extracting(FlowRecord::packets).containsExactly(128L, 12L);
    }

    @Test
    void templateWithdrawalOfOneAndOfAll() {
        FlowDecoder d = decoder();
        d.decode(msg(template(256), template(257)), A, 0);
        d.decode(msg(Wire.set(2, Wire.of().u16(256).u16(0).toBytes())), A, 1);
        FlowDecoder.Result r = d.decode(msg(Wire.set(256, baseRecord().toBytes()), Wire.set(257, baseRecord().toBytes())),
                A, 2);
        assertThat(r.flows()).hasSize(1);
        assertThat(d.stats(A).orElseThrow().pendingSets()).isEqualTo(1);

        d.decode(msg(Wire.set(2, Wire.of().u16(2).u16(0).toBytes())), A, 3);
        assertThat(d.stats(A).orElseThrow().templates()).isZero();
    }

    @Test
    void badOptionsTemplateScopeCount() {
        byte[] opt = Wire.set(3, Wire.of().u16(400).u16(2).u16(0).u16(143).u16(4).u16(160).u16(8).toBytes());
        FlowDecoder.Result r = decoder().decode(msg(opt), A, 0);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DecodeErrorKind.BAD_TEMPLATE);
            assertThat(e.offset()).isEqualTo(16 + 4 + 4);
            assertThat(e.message()).contains("IPFIX, observation domain 5");
        });
    }

    @Test
    void messageLengthLongerThanTheDatagramIsTruncation() {
        ByteBuffer full = msg(template(256), Wire.set(256, Wire.concat(baseRecord().toBytes(), baseRecord().toBytes())));
        ByteBuffer cut = ByteBuffer.wrap(Arrays.copyOf(full.array(), full.limit() - 5));
        FlowDecoder.Result r = decoder().decode(cut, A, 0);

        assertThat(r.flows()).isEmpty();
        assertThat(r.errors()).extracting(DecodeError::kind).containsExactly(DecodeErrorKind.TRUNCATED,
                DecodeErrorKind.TRUNCATED);
    }

    @Test
    void bytesAfterTheMessageAreReportedButTheMessageDecodes() {
        ByteBuffer full = msg(template(256), Wire.set(256, baseRecord().toBytes()));
        ByteBuffer longer = ByteBuffer.wrap(Arrays.copyOf(full.array(), full.limit() + 8));
        FlowDecoder.Result r = decoder().decode(longer, A, 0);

        assertThat(r.flows()).hasSize(1);
        assertThat(r.errors()).extracting(DecodeError::kind, DecodeError::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DecodeErrorKind.BAD_LENGTH, full.limit()));
    }

    @Test
    void sequenceNumbersCountDataRecords() {
        FlowDecoder d = decoder();
        d.decode(Wire.ipfix(EXPORT_SECS, 100, 5, template(256), Wire.set(256, Wire.concat(baseRecord().toBytes(),
                baseRecord().toBytes()))), A, 0);
        d.decode(Wire.ipfix(EXPORT_SECS, 102, 5, Wire.set(256, baseRecord().toBytes())), A, 0);
        assertThat(d.stats(A).orElseThrow().sequenceGaps()).isZero();
        d.decode(Wire.ipfix(EXPORT_SECS, 110, 5, Wire.set(256, baseRecord().toBytes())), A, 0);
        assertThat(d.stats(A).orElseThrow().sequenceGaps()).isEqualTo(1);
    }

    @Test
    void recordsWithoutAddressesAreCountedNotEmitted() {
        FlowDecoder d = decoder();
        FlowDecoder.Result r = d.decode(msg(Wire.set(2, Wire.template(256, 7, 2, 11, 2)),
                Wire.set(256, Wire.of().u16(1).u16(2).toBytes())), A, 0);
        assertThat(r.flows()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(d.stats(A).orElseThrow().skippedRecords()).isEqualTo(1);
    }
}
