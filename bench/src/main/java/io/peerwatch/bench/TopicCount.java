package io.peerwatch.bench;

import io.peerwatch.schemas.TopicCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints how many records a topic holds (end minus beginning offsets, all partitions): the
 * independent count of what a collector persisted. With {@code --flows} it reads the topic and
 * prints how many flows its values hold instead ({@code TopicCodec.flows().decodeAll}: the
 * NetFlow collector writes the flows of a datagram as one {@code FlowRecordBatch} record); a
 * value that does not decode fails the count. Usage: {@code TopicCount BOOTSTRAP TOPIC [--flows]}.
 * Prints 0 for a topic that does not exist.
 */
public final class TopicCount {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Longest read of a topic for {@code --flows}: a benchmark run's topic reads in seconds. */
    private static final Duration READ_LIMIT = Duration.ofMinutes(10);

    private TopicCount() {
    }

    public static void main(String[] args) {
        boolean flows = args.length == 3 && args[2].equals("--flows");
        if (args.length != 2 && !flows) {
            System.err.println("usage: TopicCount BOOTSTRAP TOPIC [--flows]");
            System.exit(2);
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<String, List<org.apache.kafka.common.PartitionInfo>> topics = c.listTopics(TIMEOUT);
            if (!topics.containsKey(args[1])) {
                System.out.println(0);
                return;
            }
            List<TopicPartition> parts = topics.get(args[1]).stream()
                    .map(i -> new TopicPartition(args[1], i.partition())).toList();
            Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, TIMEOUT);
            if (!flows) {
                long n = 0;
                for (TopicPartition tp : parts) {
                    n += end.get(tp) - begin.get(tp);
                }
                System.out.println(n);
                return;
            }
            System.out.println(countFlows(c, parts, end));
        }
    }

    /** Flows in every value of {@code parts} up to their end offsets. */
    private static long countFlows(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts,
            Map<TopicPartition, Long> end) {
        c.assign(parts);
        c.seekToBeginning(parts);
        Map<TopicPartition, Long> left = new HashMap<>();
        for (TopicPartition tp : parts) {
            if (c.position(tp, TIMEOUT) < end.get(tp)) {
                left.put(tp, end.get(tp));
            }
        }
        long n = 0;
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + parts + " to their end offsets " + end + " within "
                        + READ_LIMIT);
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long stop = left.get(tp);
                if (stop != null && r.offset() < stop) {
                    n += TopicCodec.flows().decodeAll(r.value()).size();
                }
            }
            left.keySet().removeIf(tp -> c.position(tp, TIMEOUT) >= left.get(tp));
        }
        return n;
    }
}
