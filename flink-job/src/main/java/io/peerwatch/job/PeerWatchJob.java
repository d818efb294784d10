package io.peerwatch.job;

import io.peerwatch.job.pipeline.VolumePipeline;
import io.peerwatch.volume.VolumeWindow;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.job.operators.AlertCostFunction;
import io.peerwatch.job.operators.AlertSuppressionFunction;
import io.peerwatch.job.pipeline.FlowPipeline;
import io.peerwatch.job.pipeline.PacketPipeline;
import io.peerwatch.job.pipeline.PipelineOutput;
import io.peerwatch.job.pipeline.ProxyPipeline;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The PeerWatch streaming job: flow records, packet events and proxy records in, alerts out,
 * unusable input to the dead-letter output. Sources and sinks are injected, so {@code JobMain},
 * the command line, {@code analyze} and tests choose them (Kafka in production:
 * {@link io.peerwatch.job.kafka.KafkaConnectors}). Sources decode their input once into library
 * values ({@link Either} a value or a {@link DeadLetter}); every operator takes and returns
 * library types; the sinks encode.
 *
 * <pre>
 * flows   ─► {@link FlowPipeline} ───────────────────► flow detectors ─┐
 * packets ─► {@link PacketPipeline} ─► derived flows ──┘               ├► union ─► cost ─► suppression ─► alerts
 *               └─ P2P clients, tunnels, watch-words ──────────────────┤
 * proxy   ─► {@link ProxyPipeline} ─► rules, tunnel shapes, quotas ────┤
 * flows, derived flows and proxy ─► {@link VolumePipeline} ─► spikes, link ─┘
 *   every input's undecodable or invalid records ──────────────────────────────────────► dead letters
 * </pre>
 */
public final class PeerWatchJob {

    /**
     * The job's outputs: alerts (Avro), the same alerts as ECS JSON, as CEF (a topic and/or a
     * syslog receiver, each optional), dead letters.
     */
    public record Sinks(Sink<Alert> alerts, Sink<Alert> alertsJson, Optional<Sink<Alert>> alertsCef,
            Optional<Sink<Alert>> syslog, Sink<DeadLetter> deadLetters) {

        /** Avro, ECS JSON and dead letters only. */
        public Sinks(Sink<Alert> alerts, Sink<Alert> alertsJson, Sink<DeadLetter> deadLetters) {
            this(alerts, alertsJson, Optional.empty(), Optional.empty(), deadLetters);
        }
    }

    /**
     * The job's output streams, before sinks (offline analysis and tests collect them): alerts,
     * dead letters, and every closed volume window of hosts, proxy addresses, users and the site
     * (empty stream never: absent when no input has volume, which every input has).
     */
    public record Streams(DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters, DataStream<VolumeWindow> volume) {
    }


    /** The job's inputs; each is optional, at least one is required. */
    public record Inputs(Optional<Source<Either<FlowRecord, DeadLetter>, ?, ?>> flows,
            Optional<Source<Either<ProxyRecord, DeadLetter>, ?, ?>> proxy,
            Optional<Source<Either<PacketEvent, DeadLetter>, ?, ?>> packets) {

        public Inputs {
            if (flows.isEmpty() && proxy.isEmpty() && packets.isEmpty()) {
                throw new IllegalArgumentException("the job needs at least one input");
            }
        }

        /** Flow records only. */
        public static Inputs flows(Source<Either<FlowRecord, DeadLetter>, ?, ?> s) {
            return new Inputs(Optional.of(s), Optional.empty(), Optional.empty());
        }

        /** Proxy records only. */
        public static Inputs proxy(Source<Either<ProxyRecord, DeadLetter>, ?, ?> s) {
            return new Inputs(Optional.empty(), Optional.of(s), Optional.empty());
        }

        /** Packet events only. */
        public static Inputs packets(Source<Either<PacketEvent, DeadLetter>, ?, ?> s) {
            return new Inputs(Optional.empty(), Optional.empty(), Optional.of(s));
        }
    }

    private final JobConfig config;

    public PeerWatchJob(JobConfig config) {
        this.config = config;
    }

    /**
     * Enables exactly-once checkpointing at the configured interval and forbids generic (Kryo)
     * types: every value and every piece of state on the job's path has a serializer of its own
     * ({@link LibraryTypes}), and a type that slips back to Kryo fails the job at submission.
     */
    public void configure(StreamExecutionEnvironment env) {
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(c);
    }

    /** Builds the topology from the inputs and attaches the sinks. */
    public Streams build(StreamExecutionEnvironment env, Inputs inputs, Sinks sinks) {
        Streams st = streams(env, inputs);
        st.alerts().sinkTo(sinks.alerts()).name("alerts-avro").uid("alerts-avro-sink");
        st.alerts().sinkTo(sinks.alertsJson()).name("alerts-ecs-json").uid("alerts-json-sink");
        sinks.alertsCef().ifPresent(s -> st.alerts().sinkTo(s).name("alerts-cef").uid("alerts-cef-sink"));
        sinks.syslog().ifPresent(s -> st.alerts().sinkTo(s).name("alerts-syslog").uid("alerts-syslog-sink"));
        st.deadLetters().sinkTo(sinks.deadLetters()).name("dead-letters").uid("dead-letter-sink");
        return st;
    }

    /** Builds the topology from the inputs, without sinks (offline analysis collects the streams). */
    public Streams streams(StreamExecutionEnvironment env, Inputs inputs) {
        List<PipelineOutput> outs = new ArrayList<>();
        List<DataStream<FlowRecord>> flows = new ArrayList<>();
        List<DataStream<DeadLetter>> flowDead = new ArrayList<>();
        inputs.flows().ifPresent(s -> {
            FlowPipeline.Decoded d = FlowPipeline.decode(read(env, s, "flow", LibraryTypes.FLOW_RECORD), config);
            flows.add(d.flows());
            flowDead.add(d.deadLetters());
        });
        inputs.packets().ifPresent(s -> {
            PacketPipeline.Output p = PacketPipeline.build(read(env, s, "packet", LibraryTypes.PACKET_EVENT), config);
            outs.add(p.pipeline());
            flows.add(p.derivedFlows()); // flows seen in packets also feed the payload-free detectors
        });
        Optional<DataStream<FlowRecord>> allFlows = Optional.empty();
        if (!flows.isEmpty()) {
            DataStream<FlowRecord> all = flows.get(0);
            for (DataStream<FlowRecord> f : flows.subList(1, flows.size())) {
                all = all.union(f);
            }
            allFlows = Optional.of(all);
            outs.add(new PipelineOutput(FlowPipeline.detect(all, config), flowDead.isEmpty() ? null : flowDead.get(0)));
        }
        Optional<DataStream<ProxyRecord>> proxy = Optional.empty();
        if (inputs.proxy().isPresent()) {
            ProxyPipeline.Output p = ProxyPipeline.build(read(env, inputs.proxy().get(), "proxy", LibraryTypes.PROXY_RECORD), config);
            outs.add(p.pipeline());
            proxy = Optional.of(p.records());
        }
        VolumePipeline.Output volume = VolumePipeline.build(allFlows, proxy, config).orElseThrow();
        outs.add(new PipelineOutput(volume.alerts(), null));
        return combine(outs, volume.windows());
    }

    private static <T> DataStream<Either<T, DeadLetter>> read(StreamExecutionEnvironment env,
            Source<Either<T, DeadLetter>, ?, ?> s, String name, org.apache.flink.api.common.typeinfo.TypeInformation<T> type) {
        return env.fromSource(s, WatermarkStrategy.noWatermarks(), name + "-records", LibraryTypes.decoded(type))
                .uid(name + "-source");
    }

    /** Unions the pipelines' outputs, prices and suppresses the alerts. */
    private Streams combine(List<PipelineOutput> outs, DataStream<VolumeWindow> volume) {
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
                .map(new AlertCostFunction(config)).returns(LibraryTypes.ALERT).name("alert-cost").uid("alert-cost")
                .keyBy(AlertSuppressionFunction.key(), Types.STRING)
                .process(new AlertSuppressionFunction()).returns(LibraryTypes.ALERT)
                .name("notice-suppression").uid("notice-suppression");
        return new Streams(alerts, dead, volume);
    }
}
