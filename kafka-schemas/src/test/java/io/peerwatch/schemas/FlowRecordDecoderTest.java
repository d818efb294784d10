package io.peerwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpAddress;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.schemas.codec.RecordDecodeException;
import io.peerwatch.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FlowRecordDecoder} (behind {@code TopicCodec.flows().decode}) against the Avro path it
 * short-cuts ({@code AvroMapper.fromAvro(AvroCodec.decode(bytes))}): the same library value for
 * every lab export record, and for fuzzed, cut, extended and non-canonically encoded values the
 * same outcome, value or {@link RecordDecodeException} with the same reason and message (so the
 * same dead letters).
 */
class FlowRecordDecoderTest {

    private static final AvroCodec<FlowRecord> AVRO = AvroCodec.of(FlowRecord.class);
    private static final FlowRecordDecoder DECODER = new FlowRecordDecoder();
    private static final int HEADER = 10;
    private static List<byte[]> lab;

    @BeforeAll
    static void labExports() throws Exception {
        lab = new ArrayList<>();
        for (String f : List.of("export-netflow-v5-s1.pcap", "export-netflow-v9-s1.pcap", "export-netflow-v10-s1.pcap")) {
            try (FlowFileReader r = FlowFiles.open(Corpus.lab("netflow/" + f))) {
                for (Optional<io.peerwatch.core.FlowRecord> next = r.next(); next.isPresent(); next = r.next()) {
                    lab.add(TopicCodec.flows().encode(next.get()));
                }
            }
        }
        assertThat(lab).hasSizeGreaterThan(200);
    }

    /**
     * A value or the reason and message of the failure: what ends up on the flow or dead-letter path.
     * The message of a JVM-raised exception inside it (an array index out of bounds) is left out:
     * once C2 has compiled the throwing code, HotSpot throws a preallocated instance without a
     * message (OmitStackTraceInFastThrow), so the same bytes can give "Index 439 out of bounds for
     * length 3" or nothing, whichever path decodes them.
     */
    private record Outcome(io.peerwatch.core.FlowRecord value, String failure) {
        Outcome {
            if (failure != null) {
                failure = failure.replaceAll("(ArrayIndexOutOfBounds|NullPointer|Arithmetic|ClassCast|NegativeArraySize)"
                        + "Exception: .*$", "$1Exception");
            }
        }
    }

    private static Outcome avroPath(byte[] b) {
        try {
            return new Outcome(AvroMapper.fromAvro(AVRO.decode(b)), null);
        } catch (RecordDecodeException e) {
            return new Outcome(null, e.reason() + ": " + e.getMessage());
        }
    }

    private static Outcome topicCodec(byte[] b) {
        try {
            return new Outcome(TopicCodec.flows().decode(b), null);
        } catch (RecordDecodeException e) {
            return new Outcome(null, e.reason() + ": " + e.getMessage());
        }
    }

    /** Both paths agree; true when the fast decoder answered by itself. */
    private static boolean assertSameOutcome(byte[] b) {
        Outcome avro = avroPath(b);
        assertThat(topicCodec(b)).as("%s", Arrays.toString(b)).isEqualTo(avro);
        io.peerwatch.core.FlowRecord fast = DECODER.decode(b);
        if (fast != null) {
            assertThat(fast).as("the fast decoder answers only for values Avro reads the same")
                    .isEqualTo(avro.value());
        }
        return fast != null;
    }

    @Test
    void labExportRecordsDecodeToTheSameValuesWithoutTheAvroPath() {
        for (byte[] b : lab) {
            assertThat(DECODER.decode(b)).as("answered by the fast decoder").isNotNull();
            assertSameOutcome(b);
        }
    }

    @Test
    void extremesIpv6EveryEnumSymbolAndAnExporter() {
        for (io.peerwatch.core.FlowDirection dir : io.peerwatch.core.FlowDirection.values()) {
            for (io.peerwatch.core.FlowSourceKind kind : io.peerwatch.core.FlowSourceKind.values()) {
                io.peerwatch.core.FlowRecord f = io.peerwatch.core.FlowRecord.builder()
                        .exporter(IpAddress.parse("2001:db8::ff"))
                        .observationDomain(Long.MIN_VALUE)
                        .time(Long.MIN_VALUE, Long.MAX_VALUE)
                        .src(IpAddress.parse("2001:db8::1"), 65535)
                        .dst(IpAddress.parse("ff02::1:ff00:1"), 0)
                        .ipProtocol(255).tcpFlags(Integer.MIN_VALUE)
                        .counters(io.peerwatch.core.Counters.MAX_PLAUSIBLE, 0)
                        .interfaces(Integer.MAX_VALUE, Integer.MIN_VALUE)
                        .direction(dir).samplingRate(Integer.MAX_VALUE).sourceKind(kind)
                        .build();
                byte[] b = TopicCodec.flows().encode(f);
                assertThat(DECODER.decode(b)).isEqualTo(f);
                assertSameOutcome(b);
            }
        }
    }

    @Test
    void everyCutAndEveryExtensionGivesTheAvroPathsError() {
        for (byte[] good : lab.subList(0, 20)) {
            for (int len = 0; len < good.length; len++) {
                assertThat(assertSameOutcome(Arrays.copyOf(good, len))).isFalse();
            }
            for (int extra = 1; extra <= 3; extra++) {
                assertThat(assertSameOutcome(Arrays.copyOf(good, good.length + extra))).isFalse();
            }
        }
    }

    @Test
    void fuzzedValuesGiveTheSameValueOrTheSameError() {
        Random rnd = new Random(9);
        int answeredFast = 0;
        int failed = 0;
        for (int i = 0; i < 60_000; i++) {
            byte[] b = ValueMutations.mutate(lab.get(rnd.nextInt(lab.size())), i % 4, 80, rnd);
            if (assertSameOutcome(b)) {
                answeredFast++;
            }
            if (avroPath(b).failure() != null) {
                failed++;
            }
        }
        assertThat(answeredFast).as("mutations the fast decoder still read itself").isGreaterThan(5_000);
        assertThat(failed).as("mutations that became dead letters").isGreaterThan(20_000);
    }

    @Test
    void nonCanonicalButValidVarintsReadAsAvroReadsThem() {
        io.peerwatch.core.FlowRecord f = io.peerwatch.core.FlowRecord.builder()
                .time(1_000, 2_000)
                .src(IpAddress.parse("10.0.0.1"), 51413).dst(IpAddress.parse("198.18.0.2"), 6881)
                .ipProtocol(6).counters(3, 300).build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x80); // exporter branch 0, padded to two bytes
        body.write(0x00);
        for (long v : new long[] {0, 1_000, 2_000}) {
            writeLong(body, v);
        }
        body.write(8); // src 10.0.0.1
        body.writeBytes(new byte[] {10, 0, 0, 1});
        body.write(0x88); // dst length 4, padded to two bytes
        body.write(0x00);
        body.writeBytes(new byte[] {(byte) 198, 18, 0, 2});
        writeLong(body, 51413);
        writeLong(body, 6881);
        writeLong(body, 6);
        body.write(0x80); // tcp flags 0 in five bytes: the most an int may take
        body.write(0x80);
        body.write(0x80);
        body.write(0x80);
        body.write(0x00);
        writeLong(body, 3);
        writeLong(body, 300);
        writeLong(body, 0);
        writeLong(body, 0);
        writeLong(body, 0); // direction UNKNOWN
        writeLong(body, 1);
        writeLong(body, 0); // source kind UNKNOWN
        byte[] b = concat(Arrays.copyOf(lab.get(0), HEADER), body.toByteArray());
        assertThat(assertSameOutcome(b)).isTrue();
        assertThat(TopicCodec.flows().decode(b)).isEqualTo(f);

        // An int in five bytes whose last byte carries more than 32 bits: left to Avro.
        byte[] wide = b.clone();
        int flags = indexOf(wide, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00});
        wide[flags + 4] = 0x70;
        assertThat(DECODER.decode(wide)).isNull();
        assertSameOutcome(wide);
    }

    @Test
    void valuesOfTheFirstPublishedSchemaDecodeAsAvroDecodesThem() throws Exception {
        org.apache.avro.Schema v1;
        try (var in = getClass().getResourceAsStream("/io/peerwatch/schemas/history/v1/FlowRecord.avsc")) {
            v1 = new org.apache.avro.Schema.Parser().parse(in);
        }
        var b = new org.apache.avro.generic.GenericRecordBuilder(v1);
        for (org.apache.avro.Schema.Field field : v1.getFields()) {
            switch (field.name()) {
                case "start_ms", "end_ms" -> b.set(field, 1_700_000_000_000L);
                case "src_addr", "dst_addr" -> b.set(field, ByteBuffer.wrap(new byte[] {10, 0, 0, 1}));
                case "src_port", "dst_port", "ip_protocol" -> b.set(field, 6);
                case "packets", "bytes" -> b.set(field, 1L);
                default -> {
                    if (!field.hasDefaultValue()) {
                        throw new IllegalStateException("v1 field without default: " + field.name());
                    }
                }
            }
        }
        byte[] old = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), v1).encode(b.build()).array();
        assertSameOutcome(old);
        assertThat(topicCodec(old).value()).isNotNull();
    }

    @Test
    void aValueOfAnotherSchemaIsLeftToAvro() {
        io.peerwatch.packet.PacketEvent p = io.peerwatch.packet.PacketEvent.builder()
                .timestampNanos(1_700_000_000_000_000_000L)
                .addresses(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"))
                .build();
        byte[] other = TopicCodec.packets().encode(p);
        assertThat(DECODER.decode(other)).isNull();
        assertThat(topicCodec(other).failure()).startsWith("SCHEMA_MISMATCH");
        assertSameOutcome(other);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        long n = (v << 1) ^ (v >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] in, byte[] what) {
        for (int i = 0; i + what.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
