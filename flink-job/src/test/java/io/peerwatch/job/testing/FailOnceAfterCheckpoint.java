package io.peerwatch.job.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Wraps a bounded source so that a job runs through one checkpoint and one restore, driven by
 * signals, not time: a reader that has emitted everything does not finish but waits for the next
 * checkpoint to complete (so the checkpoint holds the state of all input); the first such reader
 * of a run then fails once, and the job restarts from that checkpoint. After the restart, readers
 * finish as soon as their input ends. Runs are told apart by an id (the MiniCluster shares this JVM).
 *
 * @param <T> record type
 * @param <S> split type
 * @param <E> enumerator checkpoint type
 */
public final class FailOnceAfterCheckpoint<T, S extends SourceSplit, E> implements Source<T, S, E> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    private final Source<T, S, E> delegate;
    private final String run;

    private FailOnceAfterCheckpoint(Source<T, S, E> delegate, String run) {
        this.delegate = delegate;
        this.run = run;
        FAILURES.putIfAbsent(run, new AtomicInteger());
    }

    /** Wraps {@code delegate} for the run named {@code run} (every source of one job: the same run). */
    public static <T, S extends SourceSplit, E> FailOnceAfterCheckpoint<T, S, E> wrap(Source<T, S, E> delegate,
            String run) {
        return new FailOnceAfterCheckpoint<>(delegate, run);
    }

    /** How many failures the run's readers injected (1 once the run restarted). */
    public static int failures(String run) {
        AtomicInteger n = FAILURES.get(run);
        return n == null ? 0 : n.get();
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext ctx) throws Exception {
        return new Reader<>(delegate.createReader(ctx), FAILURES.get(run), run);
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> ctx) throws Exception {
        return delegate.createEnumerator(ctx);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> ctx, E checkpoint) throws Exception {
        return delegate.restoreEnumerator(ctx, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    private static final class Reader<T, S extends SourceSplit> implements SourceReader<T, S> {
        private final SourceReader<T, S> delegate;
        private final AtomicInteger failures;
        private final String run;
        private final CompletableFuture<Void> checkpointed = new CompletableFuture<>();
        private boolean ended;
        /** First checkpoint taken after the input ended; -1 before. */
        private long firstAfterEnd = -1;

        Reader(SourceReader<T, S> delegate, AtomicInteger failures, String run) {
            this.delegate = delegate;
            this.failures = failures;
            this.run = run;
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            if (!ended) {
                InputStatus s = delegate.pollNext(output);
                if (s != InputStatus.END_OF_INPUT) {
                    return s;
                }
                ended = true;
            }
            if (failures.get() > 0) {
                return InputStatus.END_OF_INPUT; // restarted (or another reader failed): finish
            }
            if (!checkpointed.isDone()) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            if (failures.compareAndSet(0, 1)) {
                throw new IllegalStateException("failure injected by the test after checkpoint " + firstAfterEnd
                        + " of run " + run);
            }
            return InputStatus.END_OF_INPUT;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return ended && failures.get() == 0 ? checkpointed : delegate.isAvailable();
        }

        @Override
        public List<S> snapshotState(long checkpointId) {
            if (ended && firstAfterEnd < 0) {
                firstAfterEnd = checkpointId;
            }
            return delegate.snapshotState(checkpointId);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            delegate.notifyCheckpointComplete(checkpointId);
            if (firstAfterEnd >= 0 && checkpointId >= firstAfterEnd) {
                checkpointed.complete(null);
            }
        }

        @Override
        public void addSplits(List<S> splits) {
            delegate.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            delegate.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            delegate.handleSourceEvents(event);
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }
}
