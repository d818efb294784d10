package io.peerwatch.job.pipeline;

import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.RawRecord;
import io.peerwatch.job.operators.DecodeRecords;
import io.peerwatch.job.operators.FlowInspectFunction;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.FlowRecord;
import io.peerwatch.schemas.PacketEvent;
import io.peerwatch.signatures.DetectionConfig;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Packet events (span port sensors, capture files): decode and validate, event time from the
 * capture time, then per flow the signature engine ({@link FlowInspectFunction}). Classified
 * flows become alerts; every ended flow also becomes NetFlow-style records that join the flow
 * pipeline's detectors.
 */
public final class PacketPipeline {

    /** The packet pipeline's outputs: alerts, dead letters and the flows it derived. */
    public record Output(PipelineOutput pipeline, DataStream<FlowRecord> derivedFlows) {
    }

    private PacketPipeline() {
    }

    /** Builds the packet pipeline on a raw packet-event stream. */
    public static Output build(DataStream<RawRecord> raw, JobConfig config) {
        SingleOutputStreamOperator<PacketEvent> decoded = raw
                .process(new DecodeRecords<>(PacketEvent.class, AvroMapper::checkPacket))
                .name("decode-packet-events").uid("decode-packet-events");
        SingleOutputStreamOperator<Alert> alerts = decoded
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<PacketEvent>forBoundedOutOfOrderness(config.outOfOrderness())
                        .withIdleness(config.idleness())
                        .withTimestampAssigner((p, ts) -> p.getTimestampMs().toEpochMilli()))
                .name("packet-watermarks").uid("packet-watermarks")
                .keyBy(FlowInspectFunction.key(), Types.STRING)
                .process(new FlowInspectFunction(config))
                .name("flow-inspection").uid("flow-inspection");
        // A flow's records appear only once it has been idle for the idle timeout: allow that much lateness.
        DataStream<FlowRecord> flows = alerts.getSideOutput(FlowInspectFunction.FLOWS)
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<FlowRecord>forBoundedOutOfOrderness(
                                config.outOfOrderness().plus(DetectionConfig.DEFAULT_FLOW_IDLE_TIMEOUT))
                        .withIdleness(config.idleness())
                        .withTimestampAssigner((r, ts) -> r.getEndMs().toEpochMilli()))
                .name("derived-flow-watermarks").uid("derived-flow-watermarks");
        return new Output(new PipelineOutput(alerts, decoded.getSideOutput(DecodeRecords.DEAD_LETTERS)), flows);
    }
}
