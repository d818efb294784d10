/**
 * A Prometheus metric reporter for Flink that binds a loopback address only
 * ({@link io.peerwatch.cluster.metrics.LoopbackPrometheusReporter}); on the class path of the
 * local cluster's JVMs and of embedded (MiniCluster) runs.
 */
package io.peerwatch.cluster.metrics;
