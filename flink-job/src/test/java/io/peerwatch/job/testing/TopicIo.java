package io.peerwatch.job.testing;

import io.peerwatch.kafka.LocalKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        return LocalKafka.readRecords(bootstrap, topic, Duration.ofSeconds(60));
    }
}
