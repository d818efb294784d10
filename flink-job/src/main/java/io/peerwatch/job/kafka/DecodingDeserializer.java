package io.peerwatch.job.kafka;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.schemas.codec.RecordDecodeException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes each Kafka value once, at the source, into its library values
 * ({@link TopicCodec#decodeAll}): one for most topics, every flow of a {@code FlowRecordBatch} on
 * the flows topic, each emitted as its own element. A value that cannot be decoded (anywhere: one
 * bad flow spoils its batch) becomes one {@link DeadLetter} with its topic, partition, offset and
 * reason instead of failing the source, and none of its values is emitted.
 *
 * @param <T> the library type of the topic
 */
final class DecodingDeserializer<T> implements KafkaRecordDeserializationSchema<Either<T, DeadLetter>> {

    private static final long serialVersionUID = 1L;

    /** Picks the topic's codec on the task manager (codecs are not serializable). */
    interface CodecRef<T> extends Supplier<TopicCodec<T, ?>>, java.io.Serializable {
    }

    private final CodecRef<T> codec;
    private final TypeInformation<Either<T, DeadLetter>> type;
    private final io.peerwatch.core.RecordLimits limits;

    DecodingDeserializer(CodecRef<T> codec, TypeInformation<Either<T, DeadLetter>> type,
            io.peerwatch.core.RecordLimits limits) {
        this.codec = codec;
        this.type = type;
        this.limits = limits;
    }

    /** Records check their counters as they are made: the configured bound, in this TaskManager's JVM. */
    @Override
    public void open(org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext context) {
        limits.apply();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<Either<T, DeadLetter>> out) {
        byte[] value = r.value() == null ? new byte[0] : r.value();
        List<T> values;
        try {
            values = codec.get().decodeAll(value);
        } catch (RecordDecodeException e) {
            out.collect(Either.Right(DeadLetter.ofRecord(r.topic(), r.partition(), r.offset(), value,
                    e.reason().name(), e.getMessage(), System.currentTimeMillis())));
            return;
        }
        for (T v : values) {
            out.collect(Either.Left(v));
        }
    }

    @Override
    public TypeInformation<Either<T, DeadLetter>> getProducedType() {
        return type;
    }
}
