package io.peerwatch.job;

import io.peerwatch.job.operators.AlertSuppressionFunction;
import io.peerwatch.job.operators.DecodeFlowRecords;
import io.peerwatch.job.operators.HostKeySelector;
import io.peerwatch.job.operators.PortActivityWindow;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.DeadLetter;
import io.peerwatch.schemas.FlowRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The PeerWatch streaming job: flow records in, alerts out (Avro and ECS JSON), bad records to
 * the dead-letter topic. Sources and sinks are injected, so tests and the CLI choose them
 * (Kafka in production: {@link io.peerwatch.job.kafka.KafkaConnectors}).
 *
 * <pre>
 * flows ─► decode+validate ─► bad ─► dead letters
 *              │
 *              └► watermarks ─► keyBy(host) ─► event-time window ─► PortActivityDetector
 *                   ─► keyBy(type, host, identifier) ─► suppression ─► alerts (Avro, ECS JSON)
 * </pre>
 */
public final class PeerWatchJob {

    /** The job's outputs. */
    public record Sinks(Sink<Alert> alerts, Sink<String> alertsJson, Sink<DeadLetter> deadLetters) {
    }

    /** The job's output streams, before sinks (tests can collect them). */
    public record Streams(DataStream<Alert> alerts, DataStream<String> alertsJson, DataStream<DeadLetter> deadLetters) {
    }

    private final JobConfig config;

    public PeerWatchJob(JobConfig config) {
        this.config = config;
    }

    /** Enables exactly-once checkpointing at the configured interval. */
    public void configure(StreamExecutionEnvironment env) {
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    }

    /** Builds the topology from a raw flow-record source and attaches the sinks. */
    public Streams build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> flowSource, Sinks sinks) {
        DataStream<RawRecord> raw = env.fromSource(flowSource, WatermarkStrategy.noWatermarks(), "flow-records")
                .uid("flow-source");
        Streams s = topology(raw);
        s.alerts().sinkTo(sinks.alerts()).name("alerts-avro").uid("alerts-avro-sink");
        s.alertsJson().sinkTo(sinks.alertsJson()).name("alerts-ecs-json").uid("alerts-json-sink");
        s.deadLetters().sinkTo(sinks.deadLetters()).name("dead-letters").uid("dead-letter-sink");
        return s;
    }

    /** The topology from raw records to the three output streams. */
    public Streams topology(DataStream<RawRecord> raw) {
        SingleOutputStreamOperator<FlowRecord> flows = raw.process(new DecodeFlowRecords())
                .name("decode-flow-records").uid("decode-flow-records");
        DataStream<DeadLetter> deadLetters = flows.getSideOutput(DecodeFlowRecords.DEAD_LETTERS);

        DataStream<Alert> alerts = flows
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<FlowRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                        .withIdleness(config.idleness())
                        .withTimestampAssigner((r, ts) -> r.getEndMs().toEpochMilli()))
                .name("flow-watermarks").uid("flow-watermarks")
                .keyBy(new HostKeySelector(config))
                .window(TumblingEventTimeWindows.of(config.window()))
                .aggregate(new PortActivityWindow.Aggregate(config), new PortActivityWindow.Emit(config))
                .name("p2p-port-activity").uid("p2p-port-activity")
                .keyBy(AlertSuppressionFunction.key())
                .process(new AlertSuppressionFunction())
                .name("notice-suppression").uid("notice-suppression");

        DataStream<String> json = alerts.map(EcsJson::toJson).returns(Types.STRING)
                .name("ecs-json").uid("ecs-json");
        return new Streams(alerts, json, deadLetters);
    }
}
