package io.peerwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The job jar `mvn package` builds is what `flink run` takes: it starts at {@link JobMain} and
 * carries the job, the library, the schemas and the Kafka connector, but never Flink itself
 * (the cluster provides it), a Kafka broker, picocli or pcap4j (DESIGN: what goes to a cluster).
 */
class JobJarContentITCase {

    private static Path jobJar() {
        Path jar = Path.of(System.getProperty("peerwatch.jobJar", "target/flink-job-job.jar"));
        assertThat(jar).as("job jar (built by mvn package)").exists();
        return jar;
    }

    @Test
    void startsAtJobMainAndCarriesTheJobLibrarySchemasAndConnector() throws Exception {
        try (JarFile jar = new JarFile(jobJar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(JobMain.class.getName());
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).contains(
                    "io/peerwatch/job/JobMain.class",
                    "io/peerwatch/job/PeerWatchJob.class",
                    "io/peerwatch/signatures/SignatureEngine.class",
                    "io/peerwatch/schemas/TopicCodec.class",
                    "io/peerwatch/schemas/Alert.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/flink/connector/base/DeliveryGuarantee.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "org/apache/avro/Schema.class");
        }
    }

    @Test
    void carriesNoFlinkRuntimeNoBrokerNoCommandLineAndNoCapture() throws Exception {
        try (JarFile jar = new JarFile(jobJar().toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).as("Flink itself is provided by the cluster").noneMatch(n ->
                    n.startsWith("org/apache/flink/runtime/") || n.startsWith("org/apache/flink/api/common/")
                            || n.startsWith("org/apache/flink/streaming/api/environment/")
                            || n.startsWith("org/apache/flink/shaded/"));
            // kafka-clients carries org/apache/kafka/server/{authorizer,policy,...} interfaces; the
            // broker is kafka_2.13 (kafka/...), the controller, the Raft log and Scala.
            assertThat(names).as("no Kafka broker").noneMatch(n -> n.equals("kafka/Kafka.class")
                    || n.startsWith("kafka/server/") || n.startsWith("org/apache/kafka/controller/")
                    || n.startsWith("org/apache/kafka/raft/") || n.startsWith("org/apache/kafka/storage/")
                    || n.startsWith("scala/"));
            assertThat(names).as("no local broker launcher").noneMatch(n -> n.startsWith("io/peerwatch/kafka/"));
            assertThat(names).as("no command line").noneMatch(n -> n.startsWith("picocli/") || n.startsWith("io/peerwatch/cli/"));
            assertThat(names).as("no live capture").noneMatch(n -> n.startsWith("org/pcap4j/") || n.startsWith("com/sun/jna/")
                    || n.startsWith("io/peerwatch/sensor/"));
            assertThat(names).as("no logging backend (the cluster has one)").noneMatch(n ->
                    n.startsWith("org/apache/logging/log4j/core/") || n.startsWith("org/slf4j/"));
        }
        assertThat(Files.size(jobJar())).as("job jar size").isLessThan(80L << 20);
    }
}
