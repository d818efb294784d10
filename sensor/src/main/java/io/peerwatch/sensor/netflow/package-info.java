/**
 * The NetFlow/IPFIX collector: {@link io.peerwatch.sensor.netflow.NetflowCollector} with its
 * settings ({@link io.peerwatch.sensor.netflow.CollectorConfig}) and counters
 * ({@link io.peerwatch.sensor.netflow.CollectorStats}). Decoding is the library's
 * {@link io.peerwatch.netflow.FlowDecoder}; this package adds the socket, threads, Kafka and
 * reporting.
 */
package io.peerwatch.sensor.netflow;
