package io.peerwatch.job.pipeline;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.notice.Alert;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What one input's pipeline produces: candidate alerts (before suppression) and dead letters. */
public record PipelineOutput(DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters) {
}
