/**
 * The PeerWatch streaming job: {@link io.peerwatch.job.PeerWatchJob} builds the topology from
 * injected sources and sinks; {@link io.peerwatch.job.JobMain} is the job jar's entry point (Kafka
 * in, Kafka out, on any Flink cluster); {@link io.peerwatch.job.JobConfig} carries every setting
 * to the operators; {@link io.peerwatch.job.EcsJson} renders alerts for SIEMs. Subpackages: one
 * pipeline per input ({@code pipeline}), the operators ({@code operators}), the Kafka edges
 * ({@code kafka}), file sources for offline analysis ({@code files}) and the Flink types of library
 * values ({@code types}).
 */
package io.peerwatch.job;
