package io.peerwatch.job.pipeline;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.job.JobConfig;
import io.peerwatch.detect.EchoObservation;
import io.peerwatch.dns.DnsObservation;
import io.peerwatch.flow.Flow;
import io.peerwatch.job.operators.FlowInspectFunction;
import io.peerwatch.job.operators.HostWindows;
import io.peerwatch.job.operators.SplitDeadLetters;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * Packet events (span port sensors, capture files): split off dead letters, event time from the
 * capture time, then per flow the library's flow tracker and signature engine
 * ({@link FlowInspectFunction}, keyed by the flow's direction-free key). Classified flows become
 * alerts; every ended flow also becomes NetFlow-style records that join the flow pipeline's
 * detectors. Beside it, the per-host judgements ({@link HostWindows}): DNS tunnels per host and
 * registered domain, ICMP tunnels per host pair, encrypted P2P with corroboration per host.
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
                .process(new SplitDeadLetters<>(LibraryTypes.PACKET_EVENT, "packet"))
                .name("packet-events").uid("decode-packet-events");
        SingleOutputStreamOperator<PacketEvent> timed = decoded
                .assignTimestampsAndWatermarks(QuietInputWatermarks.<PacketEvent>strategy(config.outOfOrderness(), config.idleness())
                        .withTimestampAssigner((p, ts) -> p.timestampMs()))
                .name("packet-watermarks").uid("packet-watermarks");
        SingleOutputStreamOperator<Alert> alerts = timed
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
        return new Output(new PipelineOutput(alerts.union(hostWindows(timed, alerts, config)),
                decoded.getSideOutput(SplitDeadLetters.DEAD_LETTERS)), flows);
    }

    /**
     * The per-host judgements over packets: DNS messages per (host, registered domain), ICMP
     * echoes per host pair, and ended flows per host for encrypted-P2P corroboration (a suspect
     * connection between two hosts in both ends' windows). Ended flows
     * keep the time the flow inspection gave them (the moment the flow ended) and its watermarks:
     * re-assigning watermarks from the flows' last packets would let one parallel inspection
     * instance's watermark run ahead of another's ended flows and drop them as late.
     */
    private static DataStream<Alert> hostWindows(DataStream<PacketEvent> timed, SingleOutputStreamOperator<Alert> inspected,
            JobConfig config) {
        DataStream<DnsObservation> dns = timed.flatMap(new HostWindows.DnsObservations(config))
                .returns(LibraryTypes.DNS_OBSERVATION).name("dns-observations").uid("dns-observations");
        DataStream<EchoObservation> echoes = timed.flatMap(new HostWindows.EchoObservations())
                .returns(LibraryTypes.ECHO_OBSERVATION).name("echo-observations").uid("echo-observations");
        DataStream<Tuple2<String, Flow>> ended = inspected.getSideOutput(FlowInspectFunction.ENDED_FLOWS)
                .flatMap(new HostWindows.CorroborationFlows(config)).returns(HostWindows.CorroborationFlows.type())
                .name("corroboration-flows").uid("corroboration-flows");
        return HostWindows.detect(dns, HostWindows.Kind.DNS_TUNNEL, config)
                .union(HostWindows.detect(echoes, HostWindows.Kind.ICMP_TUNNEL, config),
                        HostWindows.detectKeyed(ended, HostWindows.Kind.P2P_CORROBORATION, config));
    }
}
