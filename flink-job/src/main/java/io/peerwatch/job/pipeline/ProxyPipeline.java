package io.peerwatch.job.pipeline;

import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.RawRecord;
import io.peerwatch.job.operators.DecodeRecords;
import io.peerwatch.job.operators.ProxyRulesFunction;
import io.peerwatch.job.operators.TunnelShapeWindow;
import io.peerwatch.job.operators.VolumeFunction;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.ProxyRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Proxy log records: decode and validate, event time from the request time, then three
 * branches — per-request rules (CONNECT, large media, blacklists, watch-words), HTTP-tunnel
 * shapes per (subject, destination) window, and sliding volume and cost per user and address.
 */
public final class ProxyPipeline {

    private ProxyPipeline() {
    }

    /** Builds the proxy pipeline on a raw proxy-record stream. */
    public static PipelineOutput build(DataStream<RawRecord> raw, JobConfig config) {
        SingleOutputStreamOperator<ProxyRecord> decoded = raw
                .process(new DecodeRecords<>(ProxyRecord.class, r -> AvroMapper.toEntry(r)))
                .name("decode-proxy-records").uid("decode-proxy-records");
        DataStream<ProxyRecord> proxy = decoded
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<ProxyRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                        .withIdleness(config.idleness())
                        .withTimestampAssigner((r, ts) -> r.getTimestampMs().toEpochMilli()))
                .name("proxy-watermarks").uid("proxy-watermarks");

        DataStream<Alert> perRequest = proxy.process(new ProxyRulesFunction(config))
                .name("proxy-rules").uid("proxy-rules");

        DataStream<Alert> shapes = proxy
                .keyBy(TunnelShapeWindow.key())
                .window(TumblingEventTimeWindows.of(TunnelConfig.DEFAULT_WINDOW))
                .aggregate(new TunnelShapeWindow.Aggregate(config), new TunnelShapeWindow.Emit(config))
                .name("http-tunnel-shapes").uid("http-tunnel-shapes");

        DataStream<Alert> volume = proxy
                .flatMap(VolumeFunction::keys)
                .returns(Types.TUPLE(Types.STRING, TypeInformation.of(ProxyRecord.class)))
                .name("volume-keys").uid("volume-keys")
                .keyBy(t -> t.f0, Types.STRING)
                .process(new VolumeFunction(config))
                .name("volume-quota").uid("volume-quota");

        return new PipelineOutput(perRequest.union(shapes, volume), decoded.getSideOutput(DecodeRecords.DEAD_LETTERS));
    }

}
