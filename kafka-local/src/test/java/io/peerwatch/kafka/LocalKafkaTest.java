package io.peerwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalKafkaTest {

    @Test
    void startsARealBrokerOnLoopbackAndCleansUp() throws Exception {
        Path dir;
        try (LocalKafka kafka = LocalKafka.start()) {
            dir = kafka.dataDir();
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            kafka.createTopics(List.of("t1"), 2);
            kafka.createTopics(List.of("t1"), 2); // idempotent

            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> p = new KafkaProducer<>(pp)) {
                p.send(new ProducerRecord<>("t1", "k", "hello")).get();
            }
            Map<String, Object> cp = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "g",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            String got = null;
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cp)) {
                c.subscribe(List.of("t1"));
                long deadline = System.currentTimeMillis() + 30_000;
                while (got == null && System.currentTimeMillis() < deadline) {
                    ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(500));
                    if (!rs.isEmpty()) {
                        got = rs.iterator().next().value();
                    }
                }
            }
            assertThat(got).isEqualTo("hello");
            String props = Files.readString(dir.resolve("server.properties"));
            assertThat(props).contains("advertised.listeners=PLAINTEXT\\://127.0.0.1\\:");
            assertThat(props).doesNotContain("0.0.0.0").doesNotContain("localhost");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void readsEveryCommittedTransactionAndIsNotHeldUpByAnOpenOne() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            kafka.createTopics(List.of("tx"), 1);
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-kafka-test");
            pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> p = new KafkaProducer<>(pp)) {
                p.initTransactions();
                for (int t = 0; t < 3; t++) {
                    p.beginTransaction();
                    p.send(new ProducerRecord<>("tx", "committed-" + t + "a"));
                    p.send(new ProducerRecord<>("tx", "committed-" + t + "b"));
                    p.commitTransaction();
                }
                // Read right after the last commit returned: its markers may still be on their way.
                List<String> committed = values(LocalKafka.readAll(kafka.bootstrapServers(), "tx", Duration.ofSeconds(60)));
                assertThat(committed).containsExactly("committed-0a", "committed-0b", "committed-1a", "committed-1b",
                        "committed-2a", "committed-2b");

                // A transaction left open (as a cancelled job leaves one) is not waited for, and not read.
                p.beginTransaction();
                p.send(new ProducerRecord<>("tx", "open")).get();
                LocalKafka.awaitTransactionMarkers(kafka.bootstrapServers(), Map.of(),
                        List.of(new org.apache.kafka.common.TopicPartition("tx", 0)), Duration.ofSeconds(60));
                assertThat(values(LocalKafka.readAll(kafka.bootstrapServers(), "tx", Duration.ofSeconds(60))))
                        .isEqualTo(committed);
            }
        }
    }

    private static List<String> values(List<byte[]> raw) {
        return raw.stream().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList();
    }
}
