package io.peerwatch.job.kafka;

import io.peerwatch.job.JobConfig;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.RawRecord;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.DeadLetter;
import io.peerwatch.schemas.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The production Kafka source and sinks of the job (only {@code main} and the CLI build them;
 * tests may inject others). Sinks are exactly-once: Kafka transactions committed on Flink
 * checkpoints, so read_committed consumers see each alert once, even across restarts.
 */
public final class KafkaConnectors {

    private KafkaConnectors() {
    }

    /** The flow-record source (see {@link #source}). */
    public static KafkaSource<RawRecord> flowSource(JobConfig cfg, boolean bounded) {
        return source(cfg, cfg.flowsTopic(), bounded);
    }

    /** The packet-event source (see {@link #source}). */
    public static KafkaSource<RawRecord> packetSource(JobConfig cfg, boolean bounded) {
        return source(cfg, cfg.packetsTopic(), bounded);
    }

    /** The proxy-record source (see {@link #source}). */
    public static KafkaSource<RawRecord> proxySource(JobConfig cfg, boolean bounded) {
        return source(cfg, cfg.proxyTopic(), bounded);
    }

    /**
     * A raw-record source of one topic: resumes from the group's committed offsets, else from the
     * earliest.
     *
     * @param bounded stop at the offsets that are latest when the job starts (for tests and replays)
     */
    public static KafkaSource<RawRecord> source(JobConfig cfg, String topic, boolean bounded) {
        KafkaSourceBuilder<RawRecord> b = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(cfg.bootstrapServers())
                .setTopics(topic)
                .setGroupId(cfg.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                // Only read what producers committed (sensors writing transactionally).
                .setProperty("isolation.level", "read_committed");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        } else {
            b.setProperty("partition.discovery.interval.ms", "60000"); // pick up partitions added later
        }
        return b.build();
    }

    /** Avro alerts, keyed by alert id, exactly once. */
    public static KafkaSink<Alert> alertSink(JobConfig cfg) {
        return exactlyOnce(cfg, "alerts", KafkaRecordSerializationSchema.<Alert>builder()
                .setTopic(cfg.alertsTopic())
                .setKeySerializationSchema(new AlertIdKey())
                .setValueSerializationSchema(new AvroValue<>(Alert.class))
                .build());
    }

    /** ECS JSON alerts (the {@link PeerWatchJob} renders them), exactly once. */
    public static KafkaSink<String> jsonAlertSink(JobConfig cfg) {
        return exactlyOnce(cfg, "alerts-json", KafkaRecordSerializationSchema.<String>builder()
                .setTopic(cfg.alertsJsonTopic())
                .setValueSerializationSchema(new Utf8Value())
                .build());
    }

    /** Dead letters, exactly once (so a restart does not report the same bad record twice). */
    public static KafkaSink<DeadLetter> deadLetterSink(JobConfig cfg) {
        return exactlyOnce(cfg, "deadletter", KafkaRecordSerializationSchema.<DeadLetter>builder()
                .setTopic(cfg.deadLetterTopic())
                .setValueSerializationSchema(new AvroValue<>(DeadLetter.class))
                .build());
    }

    /** All three production sinks. */
    public static PeerWatchJob.Sinks sinks(JobConfig cfg) {
        return new PeerWatchJob.Sinks(alertSink(cfg), jsonAlertSink(cfg), deadLetterSink(cfg));
    }

    private static <T> KafkaSink<T> exactlyOnce(JobConfig cfg, String name, KafkaRecordSerializationSchema<T> schema) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(cfg.bootstrapServers())
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(cfg.transactionalIdPrefix() + "-" + name)
                .setProperty("transaction.timeout.ms", Long.toString(cfg.transactionTimeout().toMillis()))
                .build();
    }

    /** The alert id as the Kafka key: deterministic, so consumers can de-duplicate and compact. */
    static final class AlertIdKey implements SerializationSchema<Alert> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(Alert a) {
            return a.getId().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** UTF-8 text values. */
    static final class Utf8Value implements SerializationSchema<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Avro single-object encoding as a Flink serialization schema. */
    static final class AvroValue<T extends SpecificRecordBase> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;
        private transient AvroCodec<T> codec;

        AvroValue(Class<T> type) {
            this.type = type;
        }

        @Override
        public byte[] serialize(T element) {
            if (codec == null) {
                codec = AvroCodec.of(type);
            }
            return codec.encode(element);
        }
    }
}
