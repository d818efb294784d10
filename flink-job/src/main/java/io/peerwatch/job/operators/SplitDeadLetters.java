package io.peerwatch.job.operators;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.job.types.LibraryTypes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits what a source decoded: library values go on, dead letters (undecodable or invalid
 * records, lines a file parser rejected) go to {@link #DEAD_LETTERS}, counted, and the job keeps
 * running.
 *
 * @param <T> the library type of the input
 */
public final class SplitDeadLetters<T> extends ProcessFunction<Either<T, DeadLetter>, T> implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    /** Side output of input that could not be used, shared by every input. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", LibraryTypes.DEAD_LETTER);

    private final TypeInformation<T> type;
    private transient Counter bad;

    public SplitDeadLetters(TypeInformation<T> type) {
        this.type = type;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    @Override
    public void open(OpenContext ctx) {
        bad = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(Either<T, DeadLetter> in, Context ctx, Collector<T> out) {
        if (in.isLeft()) {
            out.collect(in.left());
        } else {
            bad.inc();
            ctx.output(DEAD_LETTERS, in.right());
        }
    }
}
