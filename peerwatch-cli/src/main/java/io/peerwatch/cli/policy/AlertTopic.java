package io.peerwatch.cli.policy;

import io.peerwatch.notice.Alert;
import io.peerwatch.schemas.TopicCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the alerts of a topic once, as a batch: {@code read_committed} (the job's transactional
 * sink commits at checkpoints; aborted or open transactions are never read), every partition from
 * the first record written at or after {@code sinceMs} (record timestamps are write times, and an
 * alert is written after its event) up to the end offsets as they are when the read starts. No
 * consumer group, no offsets committed. Values are Avro alerts ({@link TopicCodec#alerts()}, the
 * alert topic) or ECS JSON documents (the JSON alert topic); anything else is counted as
 * undecodable.
 */
public final class AlertTopic {

    /** How long the broker may take to answer metadata and offset requests. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * What was read.
     *
     * @param alerts decoded alerts in partition and offset order
     * @param records records read
     * @param undecodable records that were neither an Avro nor an ECS JSON alert
     * @param badRecords the first {@link #MAX_BAD_RECORDS} of them:
     *     {@code "TOPIC partition P offset O: reason"}
     */
    public record Read(List<Alert> alerts, long records, long undecodable, List<String> badRecords) {
    }

    /** Undecodable records named one by one; the rest are only counted. */
    public static final int MAX_BAD_RECORDS = 20;

    private AlertTopic() {
    }

    /**
     * Reads a topic.
     *
     * @param properties Kafka client properties (bootstrap servers, security settings)
     * @throws IllegalStateException when the topic does not exist or the broker does not answer
     */
    public static Read read(Map<String, String> properties, String topic, long sinceMs) {
        Map<String, Object> cc = new HashMap<>(properties);
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cc.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        cc.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cc.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cc.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicCodec<Alert, ?> codec = TopicCodec.alerts();
        List<Alert> alerts = new ArrayList<>();
        long records = 0;
        long bad = 0;
        List<String> badRecords = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc)) {
            var infos = c.partitionsFor(topic, REQUEST_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("no topic '" + topic + "' at " + properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, REQUEST_TIMEOUT);
            seek(c, parts, end, sinceMs);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (parts.stream().anyMatch(tp -> c.position(tp, REQUEST_TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read '" + topic + "' to its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    records++;
                    try {
                        alerts.add(decode(codec, r.value()));
                    } catch (IllegalArgumentException e) {
                        if (++bad <= MAX_BAD_RECORDS) {
                            badRecords.add(topic + " partition " + r.partition() + " offset " + r.offset() + ": "
                                    + e.getMessage());
                        }
                    }
                }
            }
        }
        return new Read(alerts, records, bad, badRecords);
    }

    private static void seek(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts, Map<TopicPartition, Long> end,
            long sinceMs) {
        if (sinceMs <= 0) {
            c.seekToBeginning(parts);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, sinceMs));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, REQUEST_TIMEOUT);
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            c.seek(tp, o == null ? end.get(tp) : o.offset());
        }
    }

    /** An Avro or ECS JSON alert; {@link IllegalArgumentException} saying why a value is neither. */
    private static Alert decode(TopicCodec<Alert, ?> codec, byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty value");
        }
        if (value[0] == '{') {
            return EcsAlerts.parse(new String(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            return codec.decode(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("neither an Avro alert nor ECS JSON (" + e.getMessage() + ")");
        }
    }
}
