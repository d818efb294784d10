/**
 * One pipeline per input, each a static builder over library values: flow records
 * ({@link io.peerwatch.job.pipeline.FlowPipeline}: the per-host window detectors), packet events
 * ({@link io.peerwatch.job.pipeline.PacketPipeline}: payload signatures per flow, then the flows
 * join the flow detectors) and proxy records ({@link io.peerwatch.job.pipeline.ProxyPipeline}:
 * per-request rules, tunnel shapes, volume and cost).
 */
package io.peerwatch.job.pipeline;
