/**
 * {@code peerwatch cluster} and {@code peerwatch run --cluster}: a real Flink session cluster
 * (JobManager and TaskManagers as separate JVMs from the build's own jars) and a detached Kafka
 * broker on 127.0.0.1, with every file under one folder ({@link io.peerwatch.cli.cluster.LocalCluster},
 * {@link io.peerwatch.cli.cluster.ClusterLayout}), and the submission of the job jar with Flink's own
 * {@code flink run} client ({@link io.peerwatch.cli.cluster.JobSubmission}).
 */
package io.peerwatch.cli.cluster;
