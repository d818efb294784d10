package io.peerwatch.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints how many records a topic holds (end minus beginning offsets, all partitions): the
 * independent count of what a collector persisted. Usage: {@code TopicCount BOOTSTRAP TOPIC}.
 * Prints 0 for a topic that does not exist.
 */
public final class TopicCount {
    private TopicCount() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: TopicCount BOOTSTRAP TOPIC");
            System.exit(2);
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<String, List<org.apache.kafka.common.PartitionInfo>> topics = c.listTopics(Duration.ofSeconds(30));
            if (!topics.containsKey(args[1])) {
                System.out.println(0);
                return;
            }
            List<TopicPartition> parts = topics.get(args[1]).stream()
                    .map(i -> new TopicPartition(args[1], i.partition())).toList();
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, Duration.ofSeconds(30));
            long n = 0;
            for (TopicPartition tp : parts) {
                n += end.get(tp) - begin.get(tp);
            }
            System.out.println(n);
        }
    }
}
