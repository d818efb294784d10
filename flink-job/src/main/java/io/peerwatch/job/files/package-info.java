/**
 * Bounded Flink sources over files ({@link io.peerwatch.job.files.FileInputSource}: flow files,
 * proxy logs, packet captures, one split per file), read with the library's parsers into library
 * values and dead letters: how {@code peerwatch analyze} runs exactly the streaming job without
 * Kafka.
 */
package io.peerwatch.job.files;
