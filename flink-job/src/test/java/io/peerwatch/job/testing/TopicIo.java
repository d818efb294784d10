package io.peerwatch.job.testing;

import io.peerwatch.kafka.LocalKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes and reads test topics deterministically: writes wait for every acknowledgement; reads
 * (read_committed) stop at the partitions' end offsets as they are when the read starts — the
 * last stable offsets, so everything committed before is read and nothing is waited for.
 */
public final class TopicIo {

    private TopicIo() {
    }

    /**
     * Writes the values (no key) and waits until the broker acknowledged all of them.
     *
     * @param timestampMs record timestamp to set, or null to let the producer stamp the send time
     */
    public static void produce(String bootstrap, String topic, List<byte[]> values, Long timestampMs) {
        Map<String, Object> pc = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc)) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (byte[] v : values) {
                acks.add(p.send(new ProducerRecord<>(topic, null, timestampMs, null, v)));
            }
            for (java.util.concurrent.Future<?> a : acks) {
                a.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e, e);
        }
    }

    /**
     * Every committed record of the topic up to its end offsets, taken once every ended
     * transaction's markers are written ({@link LocalKafka#awaitTransactionMarkers}): a job's last
     * transaction is committed when the job ends, but Kafka writes its commit markers to the
     * partitions after {@code commitTransaction} returns, and until they are written its records
     * lie past the read_committed end (CefSyslogITCase read 18 of 35 alerts so).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        Map<String, Object> cc = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            LocalKafka.awaitTransactionMarkers(bootstrap, Map.of(), parts, Duration.ofSeconds(60));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end
                            + " within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
