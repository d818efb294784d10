package io.peerwatch.job.pipeline;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.operators.FlowInspectFunction;
import io.peerwatch.job.operators.SplitDeadLetters;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * Packet events (span port sensors, capture files): split off dead letters, event time from the
 * capture time, then per flow the library's flow tracker and signature engine
 * ({@link FlowInspectFunction}, keyed by the flow's direction-free key). Classified flows become
 * alerts; every ended flow also becomes NetFlow-style records that join the flow pipeline's
 * detectors.
 */
public final class PacketPipeline {

    /** The packet pipeline's outputs: alerts, dead letters and the flows it derived. */
    public record Output(PipelineOutput pipeline, DataStream<FlowRecord> derivedFlows) {
    }

    private PacketPipeline() {
    }

    /** Builds the packet pipeline on a decoded packet-event stream. */
    public static Output build(DataStream<Either<PacketEvent, DeadLetter>> in, JobConfig config) {
        SingleOutputStreamOperator<PacketEvent> decoded = in
                .process(new SplitDeadLetters<>(LibraryTypes.PACKET_EVENT))
                .name("packet-events").uid("decode-packet-events");
        SingleOutputStreamOperator<Alert> alerts = decoded
                .assignTimestampsAndWatermarks(QuietInputWatermarks.<PacketEvent>strategy(config.outOfOrderness(), config.idleness())
                        .withTimestampAssigner((p, ts) -> p.timestampMs()))
                .name("packet-watermarks").uid("packet-watermarks")
                .keyBy(FlowInspectFunction.key(), LibraryTypes.FLOW_KEY)
                .process(new FlowInspectFunction(config))
                .returns(LibraryTypes.ALERT)
                .name("flow-inspection").uid("flow-inspection");
        // A flow's records appear at most the idle timeout after its last packet (a flow cut by the
        // active timeout ends right at its deadline): allow that much lateness.
        DataStream<FlowRecord> flows = alerts.getSideOutput(FlowInspectFunction.FLOWS)
                .assignTimestampsAndWatermarks(QuietInputWatermarks.<FlowRecord>strategy(
                                config.outOfOrderness().plus(config.flowIdleTimeout()), config.idleness())
                        .withTimestampAssigner((r, ts) -> r.endMs()))
                .name("derived-flow-watermarks").uid("derived-flow-watermarks");
        return new Output(new PipelineOutput(alerts, decoded.getSideOutput(SplitDeadLetters.DEAD_LETTERS)), flows);
    }
}
