package io.peerwatch.job;

import io.peerwatch.job.kafka.KafkaConnectors;
import java.util.Optional;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar ({@code flink run peerwatch-job.jar --bootstrap HOST:PORT ...}):
 * the streaming job against Kafka, on whatever cluster runs it.
 */
public final class JobMain {

    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--bootstrap") && i + 1 < args.length) {
                bootstrap = args[++i];
            }
        }
        if (bootstrap == null) {
            System.err.println("peerwatch job: --bootstrap HOST:PORT is required");
            System.exit(2);
        }
        JobConfig cfg = JobConfig.defaults(bootstrap);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PeerWatchJob job = new PeerWatchJob(cfg);
        job.configure(env);
        job.build(env, new PeerWatchJob.Inputs(Optional.of(KafkaConnectors.flowSource(cfg, false)),
                Optional.of(KafkaConnectors.proxySource(cfg, false)), Optional.of(KafkaConnectors.packetSource(cfg, false))),
                KafkaConnectors.sinks(cfg));
        env.execute("peerwatch");
    }
}
