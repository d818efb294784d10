package io.peerwatch.job.operators;

import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Test harnesses of the job's keyed operators, as the job runs them: generic (Kryo) types off. */
final class Harnesses {

    private Harnesses() {
    }

    /**
     * A keyed process function emitting alerts in an open harness with Kryo switched off,
     * optionally restored from a snapshot.
     */
    static <K, I> KeyedOneInputStreamOperatorTestHarness<K, I, Alert> alerts(KeyedProcessFunction<K, I, Alert> f,
            KeySelector<I, K> key, TypeInformation<K> keyType, OperatorSubtaskState restore) throws Exception {
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        KeyedOneInputStreamOperatorTestHarness<K, I, Alert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f), key, keyType);
        h.getExecutionConfig().configure(noKryo, Harnesses.class.getClassLoader());
        h.setup(LibraryTypes.ALERT.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }
}
