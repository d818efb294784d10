package io.peerwatch.job.operators;

import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.RawRecord;
import io.peerwatch.schemas.DeadLetter;
import io.peerwatch.schemas.codec.AvroCodec;
import io.peerwatch.schemas.codec.RecordDecodeException;
import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw values of one topic into their Avro record and validates them through the
 * library type; anything that fails — undecodable bytes, invalid fields, or lines a file parser
 * rejected — goes to {@link #DEAD_LETTERS} with the reason and its coordinates, and the job keeps
 * running.
 *
 * @param <T> the Avro record class of the topic
 */
public final class DecodeRecords<T extends SpecificRecordBase> extends ProcessFunction<RawRecord, T>
        implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    /** Side output of records that could not be used, shared by every input. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Validation of a decoded record; throws {@link RecordDecodeException} (INVALID) when unusable. */
    public interface Validator<T> extends Consumer<T>, Serializable {
    }

    private final Class<T> type;
    private final Validator<T> validator;
    private transient AvroCodec<T> codec;
    private transient Counter bad;

    public DecodeRecords(Class<T> type, Validator<T> validator) {
        this.type = type;
        this.validator = validator;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }

    @Override
    public void open(OpenContext ctx) {
        codec = AvroCodec.of(type);
        bad = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
        if (raw.isRejected()) {
            bad.inc();
            ctx.output(DEAD_LETTERS, AvroMapper.deadLetter(raw, "PARSE", raw.error, System.currentTimeMillis()));
            return;
        }
        try {
            T r = codec.decode(raw.value);
            validator.accept(r);
            out.collect(r);
        } catch (RecordDecodeException e) {
            bad.inc();
            ctx.output(DEAD_LETTERS, AvroMapper.deadLetter(raw, e.reason().name(), e.getMessage(),
                    System.currentTimeMillis()));
        }
    }
}
