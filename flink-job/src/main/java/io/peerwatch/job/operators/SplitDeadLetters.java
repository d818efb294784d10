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
 * running. Metrics, in the user group {@value #INPUT_GROUP} = the input's name ({@code flow},
 * {@code proxy}, {@code packet}): {@value #RECORDS_IN} (every record read, usable or not) and
 * {@value #DEAD_LETTERS_METRIC}.
 *
 * @param <T> the library type of the input
 */
public final class SplitDeadLetters<T> extends ProcessFunction<Either<T, DeadLetter>, T> implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    /** Side output of input that could not be used, shared by every input. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", LibraryTypes.DEAD_LETTER);

    /** Metric group key whose value names the input. */
    public static final String INPUT_GROUP = "input";
    /** Counter of the records an input delivered (values and dead letters). */
    public static final String RECORDS_IN = "recordsIn";
    /** Counter of an input's dead letters. */
    public static final String DEAD_LETTERS_METRIC = "deadLetters";

    private final TypeInformation<T> type;
    private final String input;
    private transient Counter records;
    private transient Counter bad;

    /**
     * @param type  the library type of the input's values
     * @param input the input's name, the value of the metrics' {@value #INPUT_GROUP} group
     */
    public SplitDeadLetters(TypeInformation<T> type, String input) {
        this.type = type;
        this.input = input;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    @Override
    public void open(OpenContext ctx) {
        var group = getRuntimeContext().getMetricGroup().addGroup(INPUT_GROUP, input);
        records = group.counter(RECORDS_IN);
        bad = group.counter(DEAD_LETTERS_METRIC);
    }

    @Override
    public void processElement(Either<T, DeadLetter> in, Context ctx, Collector<T> out) {
        records.inc();
        if (in.isLeft()) {
            out.collect(in.left());
        } else {
            bad.inc();
            ctx.output(DEAD_LETTERS, in.right());
        }
    }
}
