package io.peerwatch.sensor;

import io.peerwatch.kafka.LocalKafka;
import io.peerwatch.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One real local broker (kafka-local, a child JVM on 127.0.0.1) shared by the sensor's
 * integration tests in this JVM; LocalKafka's shutdown hook stops it and deletes its data.
 */
public final class SharedKafka {
    private static LocalKafka kafka;

    private SharedKafka() {
    }

    /** Bootstrap servers of the shared broker, started on first use. */
    public static synchronized String bootstrap() {
        if (kafka == null || !kafka.isRunning()) {
            kafka = LocalKafka.start();
        }
        return kafka.bootstrapServers();
    }

    /** A fresh topic name (created with one partition) so tests never see each other's records. */
    public static String newTopic(String prefix) {
        String t = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        LocalKafka.createTopics(bootstrap(), List.of(t), 1);
        return t;
    }

    /**
     * Every record of a topic, read (read_committed) from the beginning up to the end offsets it
     * has when the call starts: call it once the writer has flushed (a sensor closed), and the
     * result is complete; nothing is waited for beyond those offsets.
     */
    public static List<byte[]> readAll(String topic) {
        return LocalKafka.readAll(bootstrap(), topic, Await.DEADLINE);
    }

    /** End offsets summed over the topic's partitions: how many records it holds. */
    public static long count(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            return end.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
