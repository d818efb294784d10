package io.peerwatch.job.pipeline;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.operators.ProxyRulesFunction;
import io.peerwatch.job.operators.SplitDeadLetters;
import io.peerwatch.job.operators.TunnelShapeWindow;
import io.peerwatch.job.operators.VolumeFunction;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;

/**
 * Proxy log records: split off dead letters, event time from the request time, then three
 * branches — per-request rules (CONNECT, large media, blacklists, watch-words), HTTP-tunnel
 * shapes per (subject, destination) window, and sliding volume and cost per user and address.
 */
public final class ProxyPipeline {

    private ProxyPipeline() {
    }

    /** The proxy pipeline's alerts and dead letters, and its records with event time (for the volume pipeline). */
    public record Output(PipelineOutput pipeline, DataStream<ProxyRecord> records) {
    }

    /** Builds the proxy pipeline on a decoded proxy-record stream. */
    public static Output build(DataStream<Either<ProxyRecord, DeadLetter>> in, JobConfig config) {
        SingleOutputStreamOperator<ProxyRecord> decoded = in
                .process(new SplitDeadLetters<>(LibraryTypes.PROXY_RECORD, "proxy"))
                .name("proxy-records").uid("decode-proxy-records");
        DataStream<ProxyRecord> proxy = decoded
                .assignTimestampsAndWatermarks(QuietInputWatermarks.<ProxyRecord>strategy(config.outOfOrderness(), config.idleness())
                        .withTimestampAssigner((r, ts) -> r.timestampMs()))
                .name("proxy-watermarks").uid("proxy-watermarks");

        DataStream<Alert> perRequest = proxy.process(new ProxyRulesFunction(config))
                .returns(LibraryTypes.ALERT)
                .name("proxy-rules").uid("proxy-rules");

        DataStream<Alert> shapes = proxy
                .keyBy(TunnelShapeWindow.key(), Types.STRING)
                .window(TumblingEventTimeWindows.of(config.tunnelWindow()))
                .aggregate(new TunnelShapeWindow.Aggregate(config), new TunnelShapeWindow.Emit(config),
                        TunnelShapeWindow.ACCUMULATOR, TunnelShapeWindow.ACCUMULATOR, LibraryTypes.ALERT)
                .name("http-tunnel-shapes").uid("http-tunnel-shapes");

        DataStream<Alert> volume = proxy
                .flatMap(VolumeFunction::keys)
                .returns(new TupleTypeInfo<>(Types.STRING, LibraryTypes.PROXY_RECORD))
                .name("volume-keys").uid("volume-keys")
                .keyBy(t -> t.f0, Types.STRING)
                .process(new VolumeFunction(config))
                .returns(LibraryTypes.ALERT)
                .name("volume-quota").uid("volume-quota");

        return new Output(new PipelineOutput(perRequest.union(shapes, volume), decoded.getSideOutput(SplitDeadLetters.DEAD_LETTERS)),
                proxy);
    }
}
