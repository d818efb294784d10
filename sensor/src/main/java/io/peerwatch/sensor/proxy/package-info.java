/**
 * The proxy-log tailer: {@link io.peerwatch.sensor.proxy.ProxyTailer}, its settings
 * ({@link io.peerwatch.sensor.proxy.TailerConfig}) and counters
 * ({@link io.peerwatch.sensor.proxy.TailStats}). Parsing is the library's
 * {@link io.peerwatch.proxy.ProxyLogParser}; this package adds following, rotation, the saved
 * position and Kafka.
 */
package io.peerwatch.sensor.proxy;
