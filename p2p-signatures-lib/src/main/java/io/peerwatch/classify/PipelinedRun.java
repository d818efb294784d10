package io.peerwatch.classify;

import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowTable;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.FragmentReassembler;
import io.peerwatch.pcap.InputLoss;
import io.peerwatch.signatures.SignatureEngine;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One {@link Classifier} run over files as a pipeline of three threads, with exactly the results
 * and order of a one-thread run.
 *
 * <ol>
 *   <li>The calling thread reads the files, copies each packet into a batch and decodes it
 *       there.</li>
 *   <li>The flow thread takes the batches in order: fragment reassembly, the one flow table and
 *       the signatures, recording which flows ended at which packet.</li>
 *   <li>The judging thread replays each batch packet by packet, in the order one thread would
 *       have taken the same steps (flows that ended, the packet's DNS or ICMP echo observation
 *       ({@link HostJudgements.Observer}), the clock), into the {@link HostJudgements}, and hands
 *       the results to the sink.</li>
 * </ol>
 *
 * <p>Every step that depends on what came before (the flow table's timeouts and evictions,
 * reassembly, the host windows) runs on one thread in packet order, so nothing depends on how
 * the threads are scheduled; only independent work (reading, decoding, parsing DNS) moves to
 * another thread. On the reference capture the flow thread is the longest stage
 * (BENCHMARKS.md). Batches are reused: memory is {@link #BATCHES} batches of
 * {@link #BATCH_BYTES} bytes and {@link #BATCH_PACKETS} decoded packets on top of a one-thread
 * run's.
 */
final class PipelinedRun implements Classifier.Frames {

    /** Packet bytes per batch; a larger packet gets a batch of its own size. */
    static final int BATCH_BYTES = 1 << 19;
    /** Packets per batch at most. */
    static final int BATCH_PACKETS = 2048;
    /** Batches in flight: enough that reading, tracking and judging overlap. */
    static final int BATCHES = 4;

    private final Classifier classifier;
    private final Consumer<FlowResult> sink;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final FlowStage flows;
    private final JudgeStage judge;
    private final List<Thread> started = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread caller = Thread.currentThread();
    private final FrameDecoder decoder = new FrameDecoder();
    private Batch filling;
    private long packetsRead;
    private long frameBytes;

    PipelinedRun(Classifier classifier, Function<Flow, FlowResult> result, Consumer<FlowResult> sink) {
        this.classifier = classifier;
        this.sink = sink;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        this.flows = new FlowStage();
        this.judge = new JudgeStage(result);
    }

    /** Reads the files on the calling thread while the other two stages run; returns the run's summary. */
    ClassifySummary run(List<Path> files) {
        List<InputLoss> losses = new ArrayList<>();
        start(flows, "classify-flows");
        start(judge, "classify-judge");
        try {
            filling = free.take();
            classifier.read(files, this, losses);
            flows.in.put(filling);
            filling = null;
            Batch end = free.take();
            end.end = true;
            flows.in.put(end);
            for (Thread t : started) {
                t.join();
            }
        } catch (InterruptedException | RuntimeException e) {
            fail(e); // the first failure wins: a stage's, when it woke this thread
        } finally {
            stop();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException("classify thread failed: " + t, t);
        }
        return new ClassifySummary(files, packetsRead, frameBytes, decoder.stats(), flows.table.stats(),
                flows.reassembler.stats(), judge.totals.protocols(), losses,
                judge.judgements == null ? List.of() : judge.judgements.findings());
    }

    @Override
    public void accept(int linkType, ByteBuffer frame, int offset, int capturedLength, int originalLength,
            long timestampNanos) {
        packetsRead++;
        frameBytes += originalLength;
        Batch b = filling;
        if (b.count == BATCH_PACKETS || b.used + capturedLength > b.data.length) {
            if (b.count > 0) {
                put(b);
                b = filling = take();
            }
            if (capturedLength > b.data.length) {
                b.grow(capturedLength);
            }
        }
        int i = b.count++;
        frame.get(offset, b.data, b.used, capturedLength);
        b.nanos[i] = timestampNanos;
        b.original[i] = originalLength;
        decoder.decode(linkType, b.view, b.used, capturedLength, originalLength, b.packets[i]);
        b.used += capturedLength;
    }

    @Override
    public FrameDecoder decoder() {
        return decoder;
    }

    private Batch take() {
        try {
            return free.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException("classify interrupted", e);
        }
    }

    private void put(Batch b) {
        try {
            flows.in.put(b);
        } catch (InterruptedException e) {
            throw new IllegalStateException("classify interrupted", e);
        }
    }

    private void start(Stage r, String name) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) { // an interrupt included: fail() ignores all but the first failure
                fail(e);
            }
        }, name);
        t.setDaemon(true);
        started.add(t);
        t.start();
    }

    /** Records the first failure and wakes every thread of the run, so none waits for a batch forever. */
    private void fail(Throwable t) {
        if (failure.compareAndSet(null, t)) {
            for (Thread s : started) {
                if (s != Thread.currentThread()) {
                    s.interrupt();
                }
            }
            if (Thread.currentThread() != caller) {
                caller.interrupt();
            }
        }
    }

    private void stop() {
        for (Thread t : started) {
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        boolean interrupted = false;
        for (Thread t : started) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        Thread.interrupted(); // a failure's wake-up call is spent: the failure is rethrown instead
        if (interrupted && failure.get() == null) {
            Thread.currentThread().interrupt();
        }
    }

    /** An observer of its own for a stage (each has a payload buffer); null without host judgements. */
    private HostJudgements.Observer observer() {
        return classifier.hosts().map(h -> new HostJudgements.Observer(h.publicSuffixList())).orElse(null);
    }

    private interface Stage {
        void run() throws InterruptedException;
    }

    /** Packets copied out of the reader's buffer, decoded, and what the flow thread made of them. */
    private static final class Batch {
        byte[] data = new byte[BATCH_BYTES];
        ByteBuffer view = ByteBuffer.wrap(data);
        final long[] nanos = new long[BATCH_PACKETS];
        final int[] original = new int[BATCH_PACKETS];
        final DecodedPacket[] packets = new DecodedPacket[BATCH_PACKETS];
        /** True when the packet completed a fragmented datagram (the flow thread observed that datagram). */
        final boolean[] reassembled = new boolean[BATCH_PACKETS];
        /** The observation of a reassembled datagram: the flow thread's reassembler reuses its packet. */
        final HostJudgements.Observed[] observed = new HostJudgements.Observed[BATCH_PACKETS];
        /** Set by the flow thread: the packet reached the flow table, so one thread would have moved the judgements' clock. */
        final boolean[] judged = new boolean[BATCH_PACKETS];
        /** Flows that ended, each with the index of the packet at which it ended. */
        int[] endedAt = new int[256];
        Flow[] ended = new Flow[256];
        int endedCount;
        int count;
        int used;
        /** The end of input: the flow thread ends every flow, the judge ends the run. */
        boolean end;

        Batch() {
            for (int i = 0; i < BATCH_PACKETS; i++) {
                packets[i] = new DecodedPacket();
            }
        }

        void grow(int bytes) {
            data = new byte[bytes];
            view = ByteBuffer.wrap(data);
        }

        void ended(int packet, Flow r) {
            if (endedCount == ended.length) {
                endedAt = Arrays.copyOf(endedAt, 2 * endedCount);
                ended = Arrays.copyOf(ended, 2 * endedCount);
            }
            endedAt[endedCount] = packet;
            ended[endedCount++] = r;
        }

        void clear() {
            Arrays.fill(reassembled, 0, count, false);
            Arrays.fill(observed, 0, count, null);
            Arrays.fill(judged, 0, count, false);
            Arrays.fill(ended, 0, endedCount, null);
            endedCount = 0;
            count = 0;
            used = 0;
            end = false;
        }
    }

    /** Reassembly, the flow table and the signatures, in packet order. */
    private final class FlowStage implements Stage {
        final BlockingQueue<Batch> in = new ArrayBlockingQueue<>(BATCHES);
        final FragmentReassembler reassembler = new FragmentReassembler(classifier.fragments());
        final FlowTable table;
        private final HostJudgements.Observer fragmentObserver = observer();
        private Batch batch;
        private int current;

        FlowStage() {
            this.table = new FlowTable(new SignatureEngine(classifier.registry(), classifier.config()),
                    flow -> batch.ended(current, flow));
        }

        @Override
        public void run() throws InterruptedException {
            while (true) {
                Batch b = in.take();
                batch = b;
                if (b.end) {
                    current = 0;
                    reassembler.finish();
                    table.flush();
                    judge.in.put(b);
                    return;
                }
                for (int i = 0; i < b.count; i++) {
                    DecodedPacket d = b.packets[i];
                    if (!d.isDecoded()) {
                        continue;
                    }
                    current = i;
                    DecodedPacket p = reassembler.offer(d, b.original[i], b.nanos[i]);
                    if (p == null) {
                        continue;
                    }
                    table.accept(p, b.nanos[i]);
                    if (p != d && fragmentObserver != null) {
                        b.reassembled[i] = true;
                        b.observed[i] = fragmentObserver.observe(p, b.nanos[i]);
                    }
                    b.judged[i] = true;
                }
                judge.in.put(b);
            }
        }
    }

    /** Replays each batch into the judgements and the sink, in the order one thread takes the same steps. */
    private final class JudgeStage implements Stage {
        private final Function<Flow, FlowResult> result;
        final BlockingQueue<Batch> in = new ArrayBlockingQueue<>(BATCHES);
        final Totals totals = new Totals();
        final HostJudgements judgements = classifier.hosts()
                .map(h -> new HostJudgements(h, classifier.config().flowIdleTimeout().toMillis())).orElse(null);
        private final HostJudgements.Observer observer = observer();
        final Consumer<FlowResult> report = r -> {
            totals.add(r);
            sink.accept(r);
        };

        JudgeStage(Function<Flow, FlowResult> result) {
            this.result = result;
        }

        @Override
        public void run() throws InterruptedException {
            while (true) {
                Batch b = in.take();
                if (b.end) {
                    for (int k = 0; k < b.endedCount; k++) {
                        ended(b.ended[k]);
                    }
                    if (judgements != null) {
                        judgements.finish(report);
                    }
                    return;
                }
                int k = 0;
                for (int i = 0; i < b.count; i++) {
                    // one thread: the flows the packet ended, then its observation, then the clock
                    while (k < b.endedCount && b.endedAt[k] == i) {
                        ended(b.ended[k++]);
                    }
                    if (judgements != null && b.judged[i]) {
                        HostJudgements.Observed o = b.reassembled[i] ? b.observed[i]
                                : observer.observe(b.packets[i], b.nanos[i]);
                        if (o != null) {
                            judgements.apply(o);
                        }
                        judgements.advanceTo(b.nanos[i], report);
                    }
                }
                b.clear();
                free.put(b);
            }
        }

        private void ended(Flow f) {
            FlowResult r = result.apply(f); // the verdict's port fallback and notes: off the flow thread
            if (judgements == null) {
                report.accept(r);
            } else {
                judgements.ended(r, report);
            }
        }
    }
}
