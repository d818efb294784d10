package io.peerwatch.job.kafka;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.job.CefFormat;
import io.peerwatch.job.EcsJson;
import io.peerwatch.job.syslog.SyslogSink;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.PeerWatchJob;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.schemas.TopicCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's Kafka edges: sources that decode each value once into a library value (or a dead
 * letter), and exactly-once sinks that encode library values (Kafka transactions committed on
 * Flink checkpoints, so read_committed consumers see each alert once, even across restarts).
 * Only {@code JobMain} and the command line build them; tests may inject other sources and sinks.
 *
 * <p>Records the sinks write carry no timestamp of their own: the producer stamps them with the
 * time they are written (and topics PeerWatch creates use log-append time), never with the
 * alert's event time, so replaying captures or logs older than a topic's retention cannot make
 * the broker delete fresh alerts. Event time stays in the payload.
 */
public final class KafkaConnectors {

    private KafkaConnectors() {
    }

    /** The flow-record source (see {@link #source}). */
    public static KafkaSource<Either<FlowRecord, DeadLetter>> flowSource(JobConfig cfg, boolean bounded) {
        return source(cfg, cfg.flowsTopic(), bounded, TopicCodec::flows, LibraryTypes.FLOW_RECORD);
    }

    /** The packet-event source (see {@link #source}). */
    public static KafkaSource<Either<PacketEvent, DeadLetter>> packetSource(JobConfig cfg, boolean bounded) {
        return source(cfg, cfg.packetsTopic(), bounded, TopicCodec::packets, LibraryTypes.PACKET_EVENT);
    }

    /** The proxy-record source (see {@link #source}). */
    public static KafkaSource<Either<ProxyRecord, DeadLetter>> proxySource(JobConfig cfg, boolean bounded) {
        return source(cfg, cfg.proxyTopic(), bounded, TopicCodec::proxy, LibraryTypes.PROXY_RECORD);
    }

    /**
     * A decoding source of one topic: resumes from the group's committed offsets, else from the
     * earliest; reads only what producers committed.
     *
     * @param bounded stop at the offsets that are latest when the job starts (tests and replays)
     */
    static <T> KafkaSource<Either<T, DeadLetter>> source(JobConfig cfg, String topic, boolean bounded,
            DecodingDeserializer.CodecRef<T> codec, TypeInformation<T> type) {
        KafkaSourceBuilder<Either<T, DeadLetter>> b = KafkaSource.<Either<T, DeadLetter>>builder()
                .setBootstrapServers(cfg.bootstrapServers())
                .setTopics(topic)
                .setGroupId(cfg.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new DecodingDeserializer<>(codec, LibraryTypes.decoded(type), cfg.library().records()));
        cfg.kafkaProperties().forEach(b::setProperty); // kafka.properties.*: security and client tuning
        // Only read what producers committed (sensors writing transactionally).
        b.setProperty("isolation.level", "read_committed");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        } else {
            b.setProperty("partition.discovery.interval.ms", "60000"); // pick up partitions added later
        }
        return b.build();
    }

    /** Alerts (Avro), keyed by alert id, exactly once. */
    public static KafkaSink<Alert> alertSink(JobConfig cfg) {
        return exactlyOnce(cfg, "alerts", new ValueSchema<>(cfg.alertsTopic(), Alert::id, a -> TopicCodec.alerts().encode(a)));
    }

    /** The same alerts as ECS JSON documents ({@link EcsJson}), keyed by alert id, exactly once. */
    public static KafkaSink<Alert> jsonAlertSink(JobConfig cfg) {
        return exactlyOnce(cfg, "alerts-json", new ValueSchema<>(cfg.alertsJsonTopic(), Alert::id,
                a -> EcsJson.toJson(a).getBytes(StandardCharsets.UTF_8)));
    }

    /** The same alerts as ArcSight CEF lines ({@link CefFormat}), key = alert id, exactly once. */
    public static KafkaSink<Alert> cefAlertSink(JobConfig cfg) {
        return exactlyOnce(cfg, "alerts-cef", new ValueSchema<>(cfg.alertsCefTopic(), Alert::id,
                a -> CefFormat.toCef(a).getBytes(StandardCharsets.UTF_8)));
    }

    /** Dead letters (Avro), exactly once (so a restart does not report the same bad record twice). */
    public static KafkaSink<DeadLetter> deadLetterSink(JobConfig cfg) {
        return exactlyOnce(cfg, "deadletter", new ValueSchema<>(cfg.deadLetterTopic(), d -> null,
                d -> TopicCodec.deadLetters().encode(d)));
    }

    /**
     * Creates the topics of {@code cfg} that do not exist yet: its inputs with
     * {@link JobConfig#partitions()} partitions, the outputs with one, all with log-append time
     * stamps ({@link #TOPIC_CONFIG}) and the broker's default replication; existing topics are
     * left as they are.
     *
     * @throws IllegalStateException when the cluster refuses or does not answer
     */
    public static void createTopics(JobConfig cfg) {
        Map<String, Object> props = new HashMap<>(cfg.kafkaProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> fresh = new ArrayList<>();
            for (String t : cfg.inputTopics()) {
                fresh.add(new NewTopic(t, Optional.of(cfg.partitions()), Optional.empty()).configs(TOPIC_CONFIG));
            }
            for (String t : cfg.outputTopics()) {
                fresh.add(new NewTopic(t, Optional.of(1), Optional.empty()).configs(TOPIC_CONFIG));
            }
            fresh.removeIf(t -> existing.contains(t.name()));
            if (!fresh.isEmpty()) {
                admin.createTopics(fresh).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + cfg.bootstrapServers() + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + cfg.bootstrapServers() + " within " + ADMIN_TIMEOUT, e);
        }
    }

    /** How long topic creation waits for the cluster. */
    public static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Settings of every topic the job creates: the broker stamps records with the time it
     * appended them, so time-based retention counts from arrival, not from an old event time.
     */
    public static final Map<String, String> TOPIC_CONFIG = Map.of("message.timestamp.type", "LogAppendTime");

    /** Unbounded sources of the inputs {@code job.inputs} names. */
    public static PeerWatchJob.Inputs inputs(JobConfig cfg) {
        Set<JobConfig.Input> in = cfg.inputs();
        return new PeerWatchJob.Inputs(
                in.contains(JobConfig.Input.FLOWS) ? Optional.of(flowSource(cfg, false)) : Optional.empty(),
                in.contains(JobConfig.Input.PROXY) ? Optional.of(proxySource(cfg, false)) : Optional.empty(),
                in.contains(JobConfig.Input.PACKETS) ? Optional.of(packetSource(cfg, false)) : Optional.empty());
    }

    /** All three production sinks. */
    public static PeerWatchJob.Sinks sinks(JobConfig cfg) {
        return new PeerWatchJob.Sinks(alertSink(cfg), jsonAlertSink(cfg),
                cfg.alertsCefTopic().isEmpty() ? Optional.empty() : Optional.of(cefAlertSink(cfg)),
                cfg.syslog().map(SyslogSink::new), deadLetterSink(cfg));
    }

    private static <T> KafkaSink<T> exactlyOnce(JobConfig cfg, String name, KafkaRecordSerializationSchema<T> schema) {
        Properties producer = new Properties();
        producer.putAll(cfg.kafkaProperties()); // kafka.properties.*: security and client tuning
        return KafkaSink.<T>builder()
                .setBootstrapServers(cfg.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(cfg.transactionalIdPrefix() + "-" + name)
                .setProperty("transaction.timeout.ms", Long.toString(cfg.transactionTimeout().toMillis()))
                .build();
    }

    /** A text key (or none) and an encoded value per element; no record timestamp (see the class comment). */
    static final class ValueSchema<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        /** A serializable function of the element. */
        interface Part<T, R> extends java.util.function.Function<T, R>, java.io.Serializable {
        }

        private final String topic;
        private final Part<T, String> key;
        private final Part<T, byte[]> value;

        ValueSchema(String topic, Part<T, String> key, Part<T, byte[]> value) {
            this.topic = topic;
            this.key = key;
            this.value = value;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            String k = key.apply(element);
            return new ProducerRecord<>(topic, null, null, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                    value.apply(element));
        }
    }
}
