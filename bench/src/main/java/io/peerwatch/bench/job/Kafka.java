package io.peerwatch.bench.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka clients of the benchmark (plain kafka-clients; nothing of the project). */
final class Kafka {

    private Kafka() {
    }

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        return Admin.create(p);
    }

    /**
     * A producer configured as the project's sensors configure theirs ({@code SensorKafka}):
     * acks=all, idempotence, lz4, 20 ms linger, 512 KiB batches, 256 MiB buffer.
     */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap, String clientId) {
        return producer(bootstrap, clientId, 512 * 1024);
    }

    /** {@link #producer(String, String)} with another batch size. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap, String clientId, int batchBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchBytes));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L << 20));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A read_committed consumer without a group (assign + seek only). */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Creates topics that do not exist yet. */
    static void createTopics(Admin admin, Collection<String> names, int partitions, Map<String, String> configs)
            throws ExecutionException, InterruptedException {
        List<NewTopic> topics = new ArrayList<>();
        for (String n : names) {
            topics.add(new NewTopic(n, partitions, (short) 1).configs(configs));
        }
        for (var f : admin.createTopics(topics).values().values()) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("topic creation timed out: " + names, e);
            }
        }
    }

    /** End offsets (high watermarks) of every partition of a topic. */
    static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws ExecutionException, InterruptedException {
        var desc = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        desc.partitions().forEach(p -> req.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(req).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** A consumer group's committed offsets (empty when the group has committed nothing). */
    static Map<TopicPartition, Long> committed(Admin admin, String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, Long> out = new HashMap<>();
        m.forEach((tp, o) -> {
            if (o != null) {
                out.put(tp, o.offset());
            }
        });
        return out;
    }

    /**
     * Reads a topic from the beginning to its current read_committed end and returns every
     * record's value with its timestamp; bounded by {@code timeout}.
     */
    static List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic,
            Duration timeout) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(20));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                boolean done = true;
                for (TopicPartition tp : parts) {
                    if (c.position(tp, Duration.ofSeconds(20)) < end.get(tp)) {
                        done = false;
                    }
                }
                if (done) {
                    return out;
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
        }
    }

    /** Records currently visible to read_committed readers of a topic (0 when it does not exist). */
    static long countCommitted(String bootstrap, String topic, Duration timeout) {
        return readAll(bootstrap, topic, timeout).size();
    }

    /** 1-minute load average and the CPU pressure ("some" avg10, %) of the machine, for the record. */
    static String load() {
        String load = "?";
        String psi = "?";
        try {
            load = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException ignored) {
            // not Linux
        }
        try {
            String l = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/pressure/cpu")).get(0);
            psi = l.replaceAll(".*avg10=([0-9.]+).*", "$1");
        } catch (java.io.IOException | RuntimeException ignored) {
            // no PSI
        }
        return load + "/" + psi;
    }

    static long sum(Map<TopicPartition, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }
}
