package io.peerwatch.job.pipeline;

import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What one input's pipeline produces: candidate alerts (before suppression) and dead letters. */
public record PipelineOutput(DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters) {
}
