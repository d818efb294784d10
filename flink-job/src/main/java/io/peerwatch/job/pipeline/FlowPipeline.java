package io.peerwatch.job.pipeline;

import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.RawRecord;
import io.peerwatch.job.operators.DecodeRecords;
import io.peerwatch.job.operators.FlowWindows;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.FlowRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Flow records (NetFlow/IPFIX, nfdump, Zeek conn.log, flows from packets): decode and validate,
 * event time from the flow end, then per host and event-time window the payload-free detectors
 * (P2P port table, P2P behaviour, internal scans), each over its own window length.
 */
public final class FlowPipeline {

    private FlowPipeline() {
    }

    /** Decoded flow records with event time and watermarks, and the dead letters of decoding. */
    public record Decoded(DataStream<FlowRecord> flows, DataStream<io.peerwatch.schemas.DeadLetter> deadLetters) {
    }

    /** Decodes and validates raw flow records and assigns event time (the flow's end). */
    public static Decoded decode(DataStream<RawRecord> raw, JobConfig config) {
        SingleOutputStreamOperator<FlowRecord> decoded = raw
                .process(new DecodeRecords<>(FlowRecord.class, r -> AvroMapper.toSummary(r)))
                .name("decode-flow-records").uid("decode-flow-records");
        DataStream<FlowRecord> flows = decoded
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<FlowRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                        .withIdleness(config.idleness())
                        .withTimestampAssigner((r, ts) -> r.getEndMs().toEpochMilli()))
                .name("flow-watermarks").uid("flow-watermarks");
        return new Decoded(flows, decoded.getSideOutput(DecodeRecords.DEAD_LETTERS));
    }

    /** The flow-window detectors over flow records that already carry timestamps and watermarks. */
    public static DataStream<Alert> detect(DataStream<FlowRecord> flows, JobConfig config) {
        DataStream<Alert> alerts = null;
        for (FlowWindows.Kind kind : FlowWindows.Kind.values()) {
            String name = kind.operatorName();
            DataStream<Alert> a = flows
                    .flatMap(new FlowWindows.Hosts(kind, config))
                    .returns(Types.TUPLE(Types.STRING, TypeInformation.of(FlowRecord.class)))
                    .name(name + "-hosts").uid(name + "-hosts")
                    .keyBy(t -> t.f0, Types.STRING)
                    .window(TumblingEventTimeWindows.of(config.flowDetector(kind).window()))
                    .aggregate(new FlowWindows.Aggregate(kind, config), new FlowWindows.Emit(kind, config),
                            kind.accumulatorType(), kind.accumulatorType(), TypeInformation.of(Alert.class))
                    .name(name).uid(name);
            alerts = alerts == null ? a : alerts.union(a);
        }
        return alerts;
    }
}
