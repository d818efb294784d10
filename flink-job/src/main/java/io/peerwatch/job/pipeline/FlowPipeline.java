package io.peerwatch.job.pipeline;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.operators.FlowWindows;
import io.peerwatch.job.operators.SplitDeadLetters;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * Flow records (NetFlow/IPFIX, nfdump, Zeek conn.log, flows from packets): split off dead
 * letters, event time from the flow end, then per host and event-time window the payload-free
 * detectors (P2P port table, P2P behaviour, internal scans), each over its own window length, in
 * one keyed operator.
 */
public final class FlowPipeline {

    private FlowPipeline() {
    }

    /** Flow records with event time and watermarks, and the dead letters of decoding. */
    public record Decoded(DataStream<FlowRecord> flows, DataStream<DeadLetter> deadLetters) {
    }

    /** Splits off dead letters and assigns event time (the flow's end). */
    public static Decoded decode(DataStream<Either<FlowRecord, DeadLetter>> in, JobConfig config) {
        SingleOutputStreamOperator<FlowRecord> decoded = in
                .process(new SplitDeadLetters<>(LibraryTypes.FLOW_RECORD, "flow"))
                .name("flow-records").uid("decode-flow-records");
        DataStream<FlowRecord> flows = decoded
                .assignTimestampsAndWatermarks(QuietInputWatermarks.<FlowRecord>strategy(config.outOfOrderness(), config.idleness())
                        .withTimestampAssigner((r, ts) -> r.endMs()))
                .name("flow-watermarks").uid("flow-watermarks");
        return new Decoded(flows, decoded.getSideOutput(SplitDeadLetters.DEAD_LETTERS));
    }

    /**
     * The flow-window detectors over flow records that already carry timestamps and watermarks:
     * one keyBy(host) for all of them ({@link FlowWindows}).
     */
    public static DataStream<Alert> detect(DataStream<FlowRecord> flows, JobConfig config) {
        return flows
                .flatMap(new FlowWindows.Hosts(config)).returns(FlowWindows.hostFlowType())
                .name("flow-hosts").uid("flow-hosts")
                .keyBy(t -> t.f0, LibraryTypes.IP_ADDRESS)
                .process(new FlowWindows.Windows(config)).returns(LibraryTypes.ALERT)
                .name("flow-windows").uid("flow-windows");
    }
}
