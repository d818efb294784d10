package io.peerwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.RecordLimits;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.schemas.TopicCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The source's decoding, value by value: a flows-topic value gives each of its flows (one of a
 * {@code FlowRecord}, all of a {@code FlowRecordBatch}) as its own element, and a value that
 * cannot be decoded gives exactly one dead letter and no flow; other topics one value each.
 */
class DecodingDeserializerTest {

    private static final String TOPIC = "t.flows";

    private static FlowRecord flow(int i) {
        return FlowRecord.builder().time(1_000L * i, 1_000L * i + 500)
                .src(IpAddress.parse("10.0.0." + (1 + i % 200)), 40_000 + i).dst(IpAddress.parse("198.18.0.1"), 6881)
                .ipProtocol(6).counters(2 + i, 100L * (i + 1)).build();
    }

    private static <T> List<Either<T, DeadLetter>> deserialize(DecodingDeserializer<T> d, long offset, byte[] value) {
        List<Either<T, DeadLetter>> out = new ArrayList<>();
        d.deserialize(new ConsumerRecord<>(TOPIC, 3, offset, null, value), new Collector<>() {
            @Override
            public void collect(Either<T, DeadLetter> e) {
                out.add(e);
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    private static DecodingDeserializer<FlowRecord> flows() {
        return new DecodingDeserializer<>(TopicCodec::flows, LibraryTypes.decoded(LibraryTypes.FLOW_RECORD),
                RecordLimits.defaults());
    }

    @Test
    void aBatchValueGivesEachOfItsFlowsInOrderAndASingleValueItsOne() {
        List<FlowRecord> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(flow(i));
        }
        List<Either<FlowRecord, DeadLetter>> got = deserialize(flows(), 7, TopicCodec.encodeFlowBatch(batch));
        assertThat(got).allMatch(Either::isLeft);
        assertThat(got.stream().map(Either::left).toList()).isEqualTo(batch);

        assertThat(deserialize(flows(), 8, TopicCodec.flows().encode(flow(99))))
                .singleElement().satisfies(e -> assertThat(e.left()).isEqualTo(flow(99)));
        assertThat(deserialize(flows(), 9, TopicCodec.encodeFlowBatch(List.of()))).isEmpty();
    }

    @Test
    void aBadBatchIsOneDeadLetterWithItsPlaceAndReasonAndNoFlow() {
        List<FlowRecord> batch = List.of(flow(1), flow(2), flow(3));
        byte[] cut = Arrays.copyOf(TopicCodec.encodeFlowBatch(batch), TopicCodec.encodeFlowBatch(batch).length - 1);
        List<Either<FlowRecord, DeadLetter>> got = deserialize(flows(), 41, cut);
        assertThat(got).singleElement().satisfies(e -> {
            assertThat(e.isRight()).isTrue();
            DeadLetter d = e.right();
            assertThat(d.source()).isEqualTo(TOPIC);
            assertThat(d.partition()).isEqualTo(3);
            assertThat(d.offset()).isEqualTo(41);
            assertThat(d.errorClass()).isEqualTo("TRUNCATED");
            assertThat(d.message()).contains("FlowRecordBatch");
            assertThat(d.raw()).isEqualTo(cut);
        });

        // Valid Avro, one flow with a 3-byte address: the whole value is one dead letter.
        io.peerwatch.schemas.FlowRecord bad = io.peerwatch.schemas.AvroMapper.toAvro(flow(2));
        bad.setSrcAddr(ByteBuffer.wrap(new byte[] {10, 0, 0}));
        byte[] invalid = io.peerwatch.schemas.codec.AvroCodec.of(io.peerwatch.schemas.FlowRecordBatch.class)
                .encode(new io.peerwatch.schemas.FlowRecordBatch(List.of(io.peerwatch.schemas.AvroMapper.toAvro(flow(1)),
                        bad, io.peerwatch.schemas.AvroMapper.toAvro(flow(3)))));
        assertThat(deserialize(flows(), 42, invalid)).singleElement().satisfies(e -> {
            assertThat(e.isRight()).isTrue();
            assertThat(e.right().errorClass()).isEqualTo("INVALID");
            assertThat(e.right().message()).startsWith("flow 2 of 3 in a FlowRecordBatch");
            assertThat(e.right().offset()).isEqualTo(42);
        });
    }

    @Test
    void otherTopicsGiveTheirOneValueAndRefuseFlowBatches() {
        DecodingDeserializer<PacketEvent> packets = new DecodingDeserializer<>(TopicCodec::packets,
                LibraryTypes.decoded(LibraryTypes.PACKET_EVENT), RecordLimits.defaults());
        PacketEvent p = PacketEvent.builder().timestampNanos(1_700_000_000_000_000_000L)
                .addresses(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2")).build();
        assertThat(deserialize(packets, 1, TopicCodec.packets().encode(p)))
                .singleElement().satisfies(e -> assertThat(e.left()).isEqualTo(p));
        assertThat(deserialize(packets, 2, TopicCodec.encodeFlowBatch(List.of(flow(1), flow(2)))))
                .singleElement().satisfies(e -> assertThat(e.right().errorClass()).isEqualTo("SCHEMA_MISMATCH"));
    }
}
