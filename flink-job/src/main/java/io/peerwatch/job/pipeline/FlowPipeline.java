package io.peerwatch.job.pipeline;

import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.RawRecord;
import io.peerwatch.job.operators.DecodeRecords;
import io.peerwatch.job.operators.HostKeySelector;
import io.peerwatch.job.operators.PortActivityWindow;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.FlowRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Flow records (NetFlow/IPFIX, nfdump, Zeek conn.log, flows from packets): decode and validate,
 * event time from the flow end, then per host and window the payload-free detectors.
 */
public final class FlowPipeline {

    private FlowPipeline() {
    }

    /** Builds the flow pipeline on a raw flow-record stream. */
    public static PipelineOutput build(DataStream<RawRecord> raw, JobConfig config) {
        SingleOutputStreamOperator<FlowRecord> flows = raw
                .process(new DecodeRecords<>(FlowRecord.class, r -> AvroMapper.toSummary(r)))
                .name("decode-flow-records").uid("decode-flow-records");

        DataStream<Alert> alerts = flows
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<FlowRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                        .withIdleness(config.idleness())
                        .withTimestampAssigner((r, ts) -> r.getEndMs().toEpochMilli()))
                .name("flow-watermarks").uid("flow-watermarks")
                .keyBy(new HostKeySelector(config))
                .window(TumblingEventTimeWindows.of(config.window()))
                .aggregate(new PortActivityWindow.Aggregate(config), new PortActivityWindow.Emit(config))
                .name("p2p-port-activity").uid("p2p-port-activity");
        return new PipelineOutput(alerts, flows.getSideOutput(DecodeRecords.DEAD_LETTERS));
    }
}
