package io.peerwatch.job.operators;

import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.RawRecord;
import io.peerwatch.schemas.DeadLetter;
import io.peerwatch.schemas.FlowRecord;
import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.schemas.codec.RecordDecodeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw Kafka values into {@link FlowRecord}s and validates them through the library
 * type; anything that fails goes to {@link #DEAD_LETTERS} with the reason and its source
 * offset, and the job keeps running.
 */
public final class DecodeFlowRecords extends ProcessFunction<RawRecord, FlowRecord> {

    private static final long serialVersionUID = 1L;

    /** Side output of records that could not be used. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("flow-dead-letters", TypeInformation.of(DeadLetter.class));

    private transient AvroCodec<FlowRecord> codec;
    private transient Counter bad;

    @Override
    public void open(OpenContext ctx) {
        codec = AvroCodec.of(FlowRecord.class);
        bad = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<FlowRecord> out) {
        try {
            FlowRecord r = codec.decode(raw.value);
            AvroMapper.toSummary(r); // validation: addresses, ports, counters, times
            out.collect(r);
        } catch (RecordDecodeException e) {
            bad.inc();
            ctx.output(DEAD_LETTERS, AvroMapper.deadLetter(raw, e, System.currentTimeMillis()));
        }
    }
}
