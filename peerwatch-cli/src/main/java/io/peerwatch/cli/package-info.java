/**
 * The {@code peerwatch} command line ({@link io.peerwatch.cli.PeerWatchCli}, picocli): {@code demo}
 * (local broker, embedded Flink, generated traffic from {@link io.peerwatch.cli.DemoNetwork}),
 * {@code run} (the job against a Kafka cluster), {@code analyze} (the job over files),
 * {@code classify} (per-flow labels like ndpiReader) and {@code sensor} (ingest into Kafka).
 * Runs the job embedded (MiniCluster) in this JVM; never shipped to a cluster.
 */
package io.peerwatch.cli;
