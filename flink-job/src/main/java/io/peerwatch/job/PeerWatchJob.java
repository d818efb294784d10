package io.peerwatch.job;

import io.peerwatch.job.operators.AlertCostFunction;
import io.peerwatch.job.operators.AlertSuppressionFunction;
import io.peerwatch.job.pipeline.FlowPipeline;
import io.peerwatch.job.pipeline.PacketPipeline;
import io.peerwatch.job.pipeline.PipelineOutput;
import io.peerwatch.job.pipeline.ProxyPipeline;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The PeerWatch streaming job: flow records and proxy records in, alerts out (Avro and ECS
 * JSON), bad records to the dead-letter topic. Sources and sinks are injected, so tests, the
 * CLI and {@code analyze} choose them (Kafka in production: {@link io.peerwatch.job.kafka.KafkaConnectors}).
 *
 * <pre>
 * flows   ─► {@link FlowPipeline}  ─────────────┐                         ┌► alerts (Avro)
 * packets ─► {@link PacketPipeline} ─► flows ──► flow detectors ┤                         │
 *               └──────────────────────────────┤► union ─► suppression ─┴► alerts (ECS JSON)
 * proxy   ─► {@link ProxyPipeline} ───────────────┘
 *             └──────── bad records ─────────────────────────────────────► dead letters
 * </pre>
 */
public final class PeerWatchJob {

    /** The job's outputs. */
    public record Sinks(Sink<Alert> alerts, Sink<String> alertsJson, Sink<DeadLetter> deadLetters) {
    }

    /** The job's output streams, before sinks (tests can collect them). */
    public record Streams(DataStream<Alert> alerts, DataStream<String> alertsJson, DataStream<DeadLetter> deadLetters) {
    }

    /** The job's inputs; each is optional, at least one is required. */
    public record Inputs(Optional<Source<RawRecord, ?, ?>> flows, Optional<Source<RawRecord, ?, ?>> proxy,
            Optional<Source<RawRecord, ?, ?>> packets) {

        public Inputs {
            if (flows.isEmpty() && proxy.isEmpty() && packets.isEmpty()) {
                throw new IllegalArgumentException("the job needs at least one input");
            }
        }

        /** Flow records only. */
        public static Inputs flows(Source<RawRecord, ?, ?> s) {
            return new Inputs(Optional.of(s), Optional.empty(), Optional.empty());
        }

        /** Proxy records only. */
        public static Inputs proxy(Source<RawRecord, ?, ?> s) {
            return new Inputs(Optional.empty(), Optional.of(s), Optional.empty());
        }

        /** Packet events only. */
        public static Inputs packets(Source<RawRecord, ?, ?> s) {
            return new Inputs(Optional.empty(), Optional.empty(), Optional.of(s));
        }
    }

    private final JobConfig config;

    public PeerWatchJob(JobConfig config) {
        this.config = config;
    }

    /** Enables exactly-once checkpointing at the configured interval. */
    public void configure(StreamExecutionEnvironment env) {
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    }

    /** Builds the topology from the inputs and attaches the sinks. */
    public Streams build(StreamExecutionEnvironment env, Inputs inputs, Sinks sinks) {
        Streams st = streams(env, inputs);
        st.alerts().sinkTo(sinks.alerts()).name("alerts-avro").uid("alerts-avro-sink");
        st.alertsJson().sinkTo(sinks.alertsJson()).name("alerts-ecs-json").uid("alerts-json-sink");
        st.deadLetters().sinkTo(sinks.deadLetters()).name("dead-letters").uid("dead-letter-sink");
        return st;
    }

    /** Builds the topology from the inputs, without sinks (offline analysis collects the streams). */
    public Streams streams(StreamExecutionEnvironment env, Inputs inputs) {
        List<PipelineOutput> outs = new ArrayList<>();
        List<DataStream<io.peerwatch.schemas.FlowRecord>> flows = new ArrayList<>();
        List<DataStream<DeadLetter>> flowDead = new ArrayList<>();
        inputs.flows().ifPresent(s -> {
            FlowPipeline.Decoded d = FlowPipeline.decode(read(env, s, "flow"), config);
            flows.add(d.flows());
            flowDead.add(d.deadLetters());
        });
        inputs.packets().ifPresent(s -> {
            PacketPipeline.Output p = PacketPipeline.build(read(env, s, "packet"), config);
            outs.add(p.pipeline());
            flows.add(p.derivedFlows()); // flows seen in packets also feed the payload-free detectors
        });
        if (!flows.isEmpty()) {
            DataStream<io.peerwatch.schemas.FlowRecord> all = flows.get(0);
            for (DataStream<io.peerwatch.schemas.FlowRecord> f : flows.subList(1, flows.size())) {
                all = all.union(f);
            }
            outs.add(new PipelineOutput(FlowPipeline.detect(all, config), flowDead.isEmpty() ? null : flowDead.get(0)));
        }
        inputs.proxy().ifPresent(s -> outs.add(ProxyPipeline.build(read(env, s, "proxy"), config)));
        return combine(outs);
    }

    private static DataStream<RawRecord> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> s, String name) {
        return env.fromSource(s, WatermarkStrategy.noWatermarks(), name + "-records").uid(name + "-source");
    }

    /** Unions the pipelines' outputs, prices and suppresses the alerts and renders ECS JSON. */
    private Streams combine(List<PipelineOutput> outs) {
        DataStream<Alert> candidates = outs.get(0).alerts();
        DataStream<DeadLetter> dead = null;
        for (PipelineOutput o : outs) {
            if (o != outs.get(0)) {
                candidates = candidates.union(o.alerts());
            }
            if (o.deadLetters() != null) {
                dead = dead == null ? o.deadLetters() : dead.union(o.deadLetters());
            }
        }
        DataStream<Alert> alerts = candidates
                .map(new AlertCostFunction(config)).name("alert-cost").uid("alert-cost")
                .keyBy(AlertSuppressionFunction.key())
                .process(new AlertSuppressionFunction())
                .name("notice-suppression").uid("notice-suppression");
        DataStream<String> json = alerts.map(EcsJson::toJson).returns(Types.STRING).name("ecs-json").uid("ecs-json");
        return new Streams(alerts, json, dead);
    }
}
