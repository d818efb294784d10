package io.peerwatch.cli.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test reads and writes of topics, deterministic: writes wait for every acknowledgement; reads
 * (read_committed) stop at the end offsets as they are when the read starts.
 */
final class TestTopics {

    private static final Duration CALL = Duration.ofSeconds(30);

    private TestTopics() {
    }

    /** Writes the values to {@code partition} (null: the producer chooses) and waits for every acknowledgement. */
    static void produce(String bootstrap, String topic, Integer partition, List<byte[]> values) {
        Map<String, Object> pc = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc)) {
            List<Future<?>> acks = new ArrayList<>();
            for (byte[] v : values) {
                acks.add(p.send(new ProducerRecord<>(topic, partition, null, v)));
            }
            for (Future<?> a : acks) {
                a.get(CALL.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e, e);
        }
    }

    /**
     * Writes the records (topic, partition and key as given) with acks=all and idempotence, and
     * waits for every acknowledgement.
     */
    static void produce(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
        Map<String, Object> pc = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc)) {
            List<Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(p.send(r));
            }
            for (Future<?> a : acks) {
                a.get(CALL.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + records.size() + " records: " + e, e);
        }
    }

    /**
     * End offsets of every partition of the topics as readers of {@code isolation} see them:
     * read_committed the last stable offset, read_uncommitted the log end (also records of open
     * transactions).
     */
    static Map<TopicPartition, Long> endOffsets(String bootstrap, Collection<String> topics, IsolationLevel isolation) {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> req = new java.util.HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(CALL.toSeconds(), TimeUnit.SECONDS).forEach((t, d) ->
                    d.partitions().forEach(p -> req.put(new TopicPartition(t, p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(req, new org.apache.kafka.clients.admin.ListOffsetsOptions(isolation))
                    .all().get(CALL.toSeconds(), TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot list offsets of " + topics + ": " + e, e);
        }
    }

    /** Description of every partition of the topics (leader, replicas, in-sync replicas). */
    static Map<String, List<org.apache.kafka.common.TopicPartitionInfo>> describe(String bootstrap, Collection<String> topics) {
        try (Admin admin = admin(bootstrap)) {
            return admin.describeTopics(topics).allTopicNames().get(CALL.toSeconds(), TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().partitions()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topics + ": " + e, e);
        }
    }

    /** Names of every topic, Kafka's internal ones included. */
    static java.util.Set<String> topics(String bootstrap) {
        try (Admin admin = admin(bootstrap)) {
            return admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names()
                    .get(CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics: " + e, e);
        }
    }

    /** Partition count of a topic. */
    static int partitions(String bootstrap, String topic) {
        try (Admin admin = admin(bootstrap)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(CALL.toSeconds(), TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e, e);
        }
    }

    /** End offsets (last stable offsets: what read_committed readers can reach) of every partition of the topics. */
    static Map<TopicPartition, Long> endOffsets(String bootstrap, Collection<String> topics) {
        try (Admin admin = admin(bootstrap)) {
            Map<String, Integer> counts = admin.describeTopics(topics).allTopicNames().get(CALL.toSeconds(), TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().partitions().size()));
            Map<TopicPartition, OffsetSpec> req = new java.util.HashMap<>();
            counts.forEach((t, n) -> {
                for (int i = 0; i < n; i++) {
                    req.put(new TopicPartition(t, i), OffsetSpec.latest());
                }
            });
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(req,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(CALL.toSeconds(), TimeUnit.SECONDS);
            return r.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot list offsets of " + topics + ": " + e, e);
        }
    }

    /** Offsets a consumer group has committed (absent partitions: none committed). */
    static Map<TopicPartition, Long> groupOffsets(String bootstrap, String group) {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(CALL.toSeconds(), TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new java.util.HashMap<>();
            m.forEach((tp, om) -> {
                if (om != null) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e, e);
        }
    }

    /** Every committed record of the topic up to its end offsets when the call starts. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        Map<String, Object> cc = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc)) {
            List<TopicPartition> parts = c.partitionsFor(topic, CALL).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, CALL);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end + " within 60 s");
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

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
