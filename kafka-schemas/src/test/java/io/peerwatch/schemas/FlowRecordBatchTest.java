package io.peerwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code FlowRecordBatch} values of the flows topic: {@link TopicCodec#encodeFlowBatch} writes
 * the same bytes as Avro's {@code BinaryMessageEncoder}, {@link TopicCodec#decodeAll} reads them
 * (fast path) and agrees with the Avro path it short-cuts on the lab exports' flows and on cut,
 * fuzzed and differently blocked values: the same flows, or a {@link RecordDecodeException} of
 * the same reason (so the same dead letter), never part of a batch.
 */
class FlowRecordBatchTest {

    private static final AvroCodec<FlowRecordBatch> AVRO = AvroCodec.of(FlowRecordBatch.class);
    private static final FlowRecordDecoder DECODER = new FlowRecordDecoder();
    private static final int HEADER = 10;
    /** Batch sizes cut from the lab flows: one, a few, a datagram's worth, many. */
    private static final int[] SIZES = {1, 2, 7, 30, 100};
    private static List<io.peerwatch.core.FlowRecord> labFlows;

    @BeforeAll
    static void labExports() throws Exception {
        labFlows = new ArrayList<>();
        for (String f : List.of("export-netflow-v5-s1.pcap", "export-netflow-v9-s1.pcap", "export-netflow-v10-s1.pcap")) {
            try (FlowFileReader r = FlowFiles.open(Corpus.lab("netflow/" + f))) {
                for (Optional<io.peerwatch.core.FlowRecord> next = r.next(); next.isPresent(); next = r.next()) {
                    labFlows.add(next.get());
                }
            }
        }
        assertThat(labFlows).hasSizeGreaterThan(200);
    }

    /** The lab flows cut into consecutive batches of every size in {@link #SIZES}, in turn. */
    private static List<List<io.peerwatch.core.FlowRecord>> labBatches() {
        List<List<io.peerwatch.core.FlowRecord>> out = new ArrayList<>();
        int from = 0;
        for (int k = 0; from < labFlows.size(); k++) {
            int to = Math.min(labFlows.size(), from + SIZES[k % SIZES.length]);
            out.add(labFlows.subList(from, to));
            from = to;
        }
        return out;
    }

    private static FlowRecordBatch avroBatch(List<io.peerwatch.core.FlowRecord> flows) {
        return new FlowRecordBatch(flows.stream().map(AvroMapper::toAvro).toList());
    }

    /** The flows or the failure's reason (and message, except where the paths word it differently). */
    private record Outcome(List<io.peerwatch.core.FlowRecord> value, RecordDecodeException.Reason reason, String message) {
    }

    /** The Avro way: generated records, then the one mapping, all or nothing. */
    private static Outcome avroPath(byte[] b) {
        try {
            List<io.peerwatch.core.FlowRecord> out = new ArrayList<>();
            for (FlowRecord r : AVRO.decode(b).getRecords()) {
                out.add(AvroMapper.fromAvro(r));
            }
            return new Outcome(out, null, null);
        } catch (RecordDecodeException e) {
            return new Outcome(null, e.reason(), e.reason() == RecordDecodeException.Reason.INVALID ? null
                    : stripJvmMessage(e.getMessage()));
        }
    }

    private static Outcome topicCodec(byte[] b) {
        try {
            return new Outcome(TopicCodec.flows().decodeAll(b), null, null);
        } catch (RecordDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return new Outcome(null, e.reason(), e.reason() == RecordDecodeException.Reason.INVALID ? null
                    : stripJvmMessage(e.getMessage()));
        }
    }

    /** As FlowRecordDecoderTest: a JVM-raised exception's message depends on C2 (OmitStackTraceInFastThrow). */
    private static String stripJvmMessage(String m) {
        return m.replaceAll("(ArrayIndexOutOfBounds|NullPointer|Arithmetic|ClassCast|NegativeArraySize)Exception: .*$",
                "$1Exception");
    }

    /** Both paths agree; true when the fast decoder answered by itself. */
    private static boolean assertSameOutcome(byte[] b) {
        Outcome avro = avroPath(b);
        assertThat(topicCodec(b)).as("%s", Arrays.toString(b)).isEqualTo(avro);
        List<io.peerwatch.core.FlowRecord> fast = DECODER.decodeBatch(b);
        if (fast != null) {
            assertThat(fast).as("the fast decoder answers only for values Avro reads the same").isEqualTo(avro.value());
        }
        return fast != null;
    }

    @Test
    void labExportBatchesEncodeToAvrosBytesAndDecodeFastToTheSameFlows() {
        List<List<io.peerwatch.core.FlowRecord>> batches = labBatches();
        batches.add(List.of());
        for (List<io.peerwatch.core.FlowRecord> flows : batches) {
            byte[] fast = TopicCodec.encodeFlowBatch(flows);
            assertThat(fast).as("%d flows", flows.size()).isEqualTo(AVRO.encode(avroBatch(flows)));
            assertThat(AVRO.decode(fast)).isEqualTo(avroBatch(flows));
            assertThat(DECODER.decodeBatch(fast)).as("answered by the fast decoder").isEqualTo(flows);
            assertThat(TopicCodec.flows().decodeAll(fast)).isEqualTo(flows);
            assertSameOutcome(fast);
        }
        // The batch header is Avro's own for FlowRecordBatch, not the single record's.
        byte[] one = TopicCodec.encodeFlowBatch(labFlows.subList(0, 1));
        assertThat(Arrays.copyOf(one, HEADER)).isEqualTo(Arrays.copyOf(AVRO.encode(avroBatch(List.of())), HEADER))
                .isNotEqualTo(Arrays.copyOf(TopicCodec.flows().encode(labFlows.get(0)), HEADER));
    }

    @Test
    void singleRecordsAndBatchesShareTheTopic() {
        io.peerwatch.core.FlowRecord f = labFlows.get(0);
        assertThat(TopicCodec.flows().decodeAll(TopicCodec.flows().encode(f))).containsExactly(f);
        byte[] batch = TopicCodec.encodeFlowBatch(labFlows.subList(0, 3));
        assertThatThrownBy(() -> TopicCodec.flows().decode(batch)).isInstanceOfSatisfying(RecordDecodeException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(RecordDecodeException.Reason.SCHEMA_MISMATCH);
                    assertThat(e.getMessage()).contains("FlowRecordBatch", "decodeAll");
                });
        // Other topics: decodeAll is the one value decode gives, and their bytes are no flows.
        byte[] packet = TopicCodec.packets().encode(io.peerwatch.packet.PacketEvent.builder()
                .timestampNanos(1_700_000_000_000_000_000L)
                .addresses(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2")).build());
        assertThat(TopicCodec.packets().decodeAll(packet)).containsExactly(TopicCodec.packets().decode(packet));
        assertThat(topicCodec(packet).reason()).isEqualTo(RecordDecodeException.Reason.SCHEMA_MISMATCH);
        assertThatThrownBy(() -> TopicCodec.packets().decodeAll(batch)).isInstanceOf(RecordDecodeException.class);
    }

    @Test
    void oneInvalidFlowMakesTheWholeBatchFailNamingIt() {
        List<FlowRecord> records = new ArrayList<>(avroBatch(labFlows.subList(0, 5)).getRecords());
        FlowRecord bad = FlowRecord.newBuilder(records.get(3)).setSrcAddr(ByteBuffer.wrap(new byte[5])).build();
        records.set(3, bad);
        byte[] b = AVRO.encode(new FlowRecordBatch(records));
        assertThat(DECODER.decodeBatch(b)).isNull();
        assertThatThrownBy(() -> TopicCodec.flows().decodeAll(b)).isInstanceOfSatisfying(RecordDecodeException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(RecordDecodeException.Reason.INVALID);
                    assertThat(e.getMessage()).startsWith("flow 4 of 5 in a FlowRecordBatch: invalid FlowRecord");
                });
        assertSameOutcome(b);
    }

    @Test
    void blocksAsAvroMayWriteThemNegativeCountsWithByteSizesAndSeveral() throws Exception {
        List<io.peerwatch.core.FlowRecord> flows = labFlows.subList(0, 40);
        // Avro's blocking encoder: negative item counts followed by the block's byte size, a new
        // block whenever the buffered items exceed the block size.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(AVRO.encode(avroBatch(List.of())), HEADER));
        BinaryEncoder enc = new EncoderFactory().configureBlockSize(256).blockingBinaryEncoder(out, null);
        new SpecificDatumWriter<>(FlowRecordBatch.class).write(avroBatch(flows), enc);
        enc.flush();
        byte[] blocked = out.toByteArray();
        assertThat(blocked).as("differs from the one-block encoding").isNotEqualTo(TopicCodec.encodeFlowBatch(flows));
        assertThat(AVRO.decode(blocked)).isEqualTo(avroBatch(flows));
        assertThat(DECODER.decodeBatch(blocked)).as("read by the fast decoder").isEqualTo(flows);
        assertThat(assertSameOutcome(blocked)).isTrue();

        // Positive counts, several blocks: 2 + 1 items.
        ByteArrayOutputStream manual = new ByteArrayOutputStream();
        manual.writeBytes(Arrays.copyOf(AVRO.encode(avroBatch(List.of())), HEADER));
        manual.write(4); // count 2
        manual.writeBytes(body(flows.get(0)));
        manual.writeBytes(body(flows.get(1)));
        manual.write(2); // count 1
        manual.writeBytes(body(flows.get(2)));
        manual.write(0);
        byte[] three = manual.toByteArray();
        assertThat(DECODER.decodeBatch(three)).isEqualTo(flows.subList(0, 3));
        assertThat(assertSameOutcome(three)).isTrue();
    }

    /** A flow's record body: its single-object value without the header. */
    private static byte[] body(io.peerwatch.core.FlowRecord f) {
        byte[] v = TopicCodec.flows().encode(f);
        return Arrays.copyOfRange(v, HEADER, v.length);
    }

    @Test
    void everyCutAndEveryExtensionGivesTheAvroPathsError() {
        for (List<io.peerwatch.core.FlowRecord> flows : labBatches().subList(0, 6)) {
            byte[] good = TopicCodec.encodeFlowBatch(flows);
            // A cut header no longer says batch: the single record's error of the same reason.
            for (int len = 0; len < HEADER; len++) {
                byte[] cut = Arrays.copyOf(good, len);
                assertThat(DECODER.decodeBatch(cut)).isNull();
                assertThat(topicCodec(cut).reason()).isIn(RecordDecodeException.Reason.EMPTY,
                        RecordDecodeException.Reason.BAD_HEADER).isEqualTo(avroPath(cut).reason());
            }
            for (int len = HEADER; len < good.length; len++) {
                assertThat(assertSameOutcome(Arrays.copyOf(good, len))).isFalse();
                assertThat(topicCodec(Arrays.copyOf(good, len)).reason()).isNotNull();
            }
            for (int extra = 1; extra <= 3; extra++) {
                assertThat(assertSameOutcome(Arrays.copyOf(good, good.length + extra))).isFalse();
            }
        }
    }

    @Test
    void fuzzedBatchesGiveTheSameFlowsOrTheSameError() {
        List<byte[]> batches = labBatches().stream().map(TopicCodec::encodeFlowBatch).toList();
        Random rnd = new Random(17);
        int answeredFast = 0;
        int failed = 0;
        for (int i = 0; i < 20_000; i++) {
            // the three mutations of the body (a batch's header is tested by the single record's test)
            byte[] b = ValueMutations.mutate(batches.get(rnd.nextInt(batches.size())), i % 3, 120, rnd);
            if (assertSameOutcome(b)) {
                answeredFast++;
            }
            if (avroPath(b).reason() != null) {
                failed++;
            }
        }
        assertThat(answeredFast).as("mutations the fast decoder still read itself").isGreaterThan(1_000);
        assertThat(failed).as("mutations that became dead letters").isGreaterThan(5_000);
    }
}
