package io.peerwatch.sensor.netflow;

import io.peerwatch.netflow.DecodeErrorKind;
import io.peerwatch.netflow.ExporterStats;
import io.peerwatch.sensor.SensorKafka;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * NetFlow (v1, v5, v7, v9) and IPFIX collector: receives export datagrams on a UDP socket, decodes them
 * ({@link io.peerwatch.netflow.FlowDecoder}, any number of exporters) and writes every flow to
 * Kafka: the flows of one export datagram as one Avro single-object {@code FlowRecordBatch}
 * record (at most {@link CollectorConfig#maxFlowsPerRecord()} flows a record; a single
 * {@code FlowRecord} for a datagram of one flow), which readers take apart with
 * {@code TopicCodec.flows().decodeAll}; every decoding problem goes to the
 * dead-letter topic as a {@code DeadLetter} (source {@code udp:netflow}, the exporter's address,
 * the datagram's bytes — for a data set whose template never came, that set's bytes — the
 * {@link DecodeErrorKind} and the message) and is counted per exporter and reason. Bad input never stops the collector and never costs a good record: the decoder
 * keeps whatever can be located safely.
 *
 * <pre>{@code
 * CollectorConfig cfg = CollectorConfig.builder(new InetSocketAddress("127.0.0.1", 2055), "127.0.0.1:9092").build();
 * try (NetflowCollector c = NetflowCollector.start(cfg, System.err::println)) {
 *     c.awaitClosed();            // until close() (e.g. from a shutdown hook)
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> One receive thread drains the socket (non-blocking, into pooled batches,
 * nothing else), so the kernel buffer empties as fast as possible; {@link CollectorConfig#workers()}
 * worker threads decode, encode and hand records to one shared producer; a reporter thread prints
 * a stats line every {@link CollectorConfig#statsInterval()} and, per error reason seen in the
 * interval, one line with the count and the last message (never one line per datagram). A batch
 * goes to its idle worker once it has gathered for {@link CollectorConfig#handoffDelay()}, the
 * receive thread parking meanwhile, so that under load the two threads wake about a thousand
 * times a second rather than once per burst of datagrams. When the
 * workers fall behind, the receive thread waits for a free batch and the socket buffer takes the
 * rest; what the kernel then drops shows as {@link CollectorStats#kernelDrops()}.
 *
 * <p><b>Stopping.</b> {@link #close()} stops receiving, lets the workers finish the queued
 * datagrams, reports data sets still waiting for a template as dead letters, flushes the producer
 * and prints the final totals.
 */
public final class NetflowCollector implements AutoCloseable {
    private static final int MAX_DATAGRAMS_PER_BATCH = 1024;
    private static final long SELECT_TIMEOUT_MS = 200;
    /** While a batch is held back for a busy worker, the socket is polled this often. */
    private static final long HOLD_POLL_NANOS = 1_000_000L;
    /** A held batch goes to its worker after this long at the latest, busy or not. */
    private static final long MAX_HOLD_NANOS = CollectorConfig.MAX_HANDOFF_DELAY.toNanos();
    private static final long POOL_WAIT_MS = 100;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long start() waits for topic metadata before receiving anyway. */
    private static final Duration METADATA_WAIT = Duration.ofSeconds(10);
    private static final String NAME = "peerwatch sensor netflow";

    private final CollectorConfig config;
    private final Consumer<String> log;
    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress local;
    private final int receiveBuffer;
    private final long handoffNanos;
    private final KafkaProducer<byte[], byte[]> producer;
    private final CollectorCounters counters = new CollectorCounters();
    private final List<BlockingQueue<DatagramBatch>> queues = new ArrayList<>();
    private final BlockingQueue<DatagramBatch> free;
    private final AtomicInteger batchesMade = new AtomicInteger();
    private final int maxBatches;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> workerThreads = new ArrayList<>();
    private final Thread receiver;
    private final ScheduledExecutorService reporter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile boolean running = true;
    private long[] openedAt;
    private volatile Throwable failure;
    private Snapshot last;

    private NetflowCollector(CollectorConfig config, Consumer<String> log) throws IOException {
        this.config = config;
        this.log = log;
        this.handoffNanos = config.handoffDelay().toNanos();
        InetSocketAddress listen = config.listen();
        boolean v6 = listen.getAddress() instanceof Inet6Address;
        DatagramChannel ch = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            ch.bind(listen);
            ch.configureBlocking(false);
            this.selector = Selector.open();
            ch.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.channel = ch;
        this.local = (InetSocketAddress) ch.getLocalAddress();
        this.receiveBuffer = ch.getOption(StandardSocketOptions.SO_RCVBUF);
        this.maxBatches = config.workers() * config.queueBatches();
        this.free = new ArrayBlockingQueue<>(maxBatches);
        KafkaProducer<byte[], byte[]> p;
        try {
            p = SensorKafka.producer(config.bootstrap(), "peerwatch-sensor-netflow", config.producerOverrides());
        } catch (RuntimeException e) {
            selector.close();
            ch.close();
            throw e;
        }
        this.producer = p;
        for (int i = 0; i < config.workers(); i++) {
            // One slot more than the batches, so the end marker always fits.
            BlockingQueue<DatagramBatch> q = new ArrayBlockingQueue<>(config.queueBatches() + 1);
            queues.add(q);
            Worker w = new Worker(config, q, free, producer, counters);
            workers.add(w);
            Thread t = new Thread(w, "netflow-work-" + i);
            workerThreads.add(t);
        }
        this.receiver = new Thread(this::receiveLoop, "netflow-receive");
        this.reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netflow-stats");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds the socket, connects the producer and starts receiving.
     *
     * @param log where the stats and error lines go (e.g. {@code System.err::println})
     * @throws IOException when the socket cannot be bound (address in use, not local, ...)
     */
    public static NetflowCollector start(CollectorConfig config, Consumer<String> log) throws IOException {
        NetflowCollector c = new NetflowCollector(config, log);
        c.warmUpMetadata();
        c.last = c.snapshot();
        c.workerThreads.forEach(Thread::start);
        c.receiver.start();
        long interval = config.statsInterval().toMillis();
        c.reporter.scheduleAtFixedRate(c::report, interval, interval, TimeUnit.MILLISECONDS);
        if (c.receiveBuffer < config.receiveBufferBytes()) {
            log.accept(NAME + ": warning: the socket receive buffer is " + c.receiveBuffer + " bytes, less than the "
                    + config.receiveBufferBytes() + " requested; raise net.core.rmem_max (sysctl -w net.core.rmem_max="
                    + config.receiveBufferBytes() + ") or bursts will be dropped");
        }
        return c;
    }

    /**
     * Fetches the topics' metadata before the first datagram: otherwise the first send blocks
     * while the producer learns (or the broker auto-creates) the topic, and the socket buffer
     * overflows meanwhile. A broker that is not reachable yet is reported, not fatal: the
     * producer keeps retrying.
     */
    private void warmUpMetadata() {
        Thread t = new Thread(() -> {
            for (String topic : List.of(config.flowsTopic(), config.deadLetterTopic())) {
                try {
                    producer.partitionsFor(topic);
                } catch (RuntimeException e) {
                    log.accept(NAME + ": warning: no metadata for topic " + topic + " from " + config.bootstrap()
                            + " (" + e.getMessage() + "); records wait in the producer until the broker answers");
                }
            }
        }, "netflow-metadata");
        t.setDaemon(true);
        t.start();
        try {
            t.join(METADATA_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The address the socket is bound to (the actual port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return local;
    }

    /**
     * The socket receive buffer granted, as the JDK reports it (Linux reserves twice this, for
     * its own bookkeeping, and caps it at {@code net.core.rmem_max}).
     */
    public int receiveBufferBytes() {
        return receiveBuffer;
    }

    /** Counters so far; per-exporter figures lag by a fraction of a second. */
    public CollectorStats stats() {
        List<ExporterStats> all = new ArrayList<>();
        for (Worker w : workers) {
            all.addAll(w.stats());
        }
        all.sort((a, b) -> a.exporter().compareTo(b.exporter()));
        return new CollectorStats(counters.datagrams.sum(), counters.flowsSent.sum(), counters.flowsAcked.sum(),
                counters.deadLetters.sum(), counters.sendFailures.sum(), all, KernelUdpDrops.forPort(local.getPort()));
    }

    /** Why the collector stopped by itself (the socket failed), if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Blocks until {@link #close()} has finished (or the collector stopped on a socket failure). */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    // ---- receive thread ------------------------------------------------------------------------

    private void receiveLoop() {
        DatagramBatch[] open = new DatagramBatch[queues.size()];
        openedAt = new long[queues.size()];
        // With one worker, datagrams go straight into its batch. With several, a datagram must be
        // received before its sender (and so its worker) is known: into a staging batch, then copied.
        DatagramBatch staging = queues.size() == 1 ? null : new DatagramBatch(2 * DatagramBatch.MAX_DATAGRAM, 1);
        try {
            while (running) {
                DatagramBatch target;
                if (staging == null) {
                    if (open[0] != null && !open[0].hasRoom()) {
                        publish(0, open[0]);
                        open[0] = null;
                    }
                    if (open[0] == null) {
                        open[0] = takeBatch();
                        if (open[0] == null) {
                            break; // stopping
                        }
                        openedAt[0] = System.nanoTime();
                    }
                    target = open[0];
                } else {
                    staging.clear();
                    target = staging;
                }
                InetSocketAddress sender = target.receive(channel, System.currentTimeMillis());
                if (sender == null) {
                    // Socket drained. Hand over what we hold once it has gathered for the hand-off
                    // delay and its worker is idle, or once it has waited long enough; otherwise
                    // keep filling it: under load, few big batches (a small batch per momentarily
                    // empty socket would use up the pool in a worker hiccup, and every hand-off
                    // wakes two threads).
                    long wait = publishReady(open);
                    if (wait > 0 && handoffNanos > 0) {
                        LockSupport.parkNanos(wait); // the socket buffer gathers datagrams meanwhile
                    } else {
                        selector.select(wait >= 0 ? Math.max(1, wait / 1_000_000) : SELECT_TIMEOUT_MS);
                        selector.selectedKeys().clear();
                    }
                    continue;
                }
                if (staging == null && target.count == 1) {
                    openedAt[0] = System.nanoTime(); // a batch's hold counts from its first datagram
                }
                counters.datagrams.increment();
                if (staging != null && !route(staging, open)) {
                    break; // stopping
                }
            }
        } catch (ClosedChannelException e) {
            // close() closed the channel: normal end
        } catch (IOException | RuntimeException e) {
            failure = e;
            log.accept(NAME + ": error: receiving on " + local + " failed: " + e);
            Thread stopper = new Thread(this::close, "netflow-stop");
            stopper.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            publishAll(open);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies the staged datagram into its exporter's worker batch; false when stopping. */
    private boolean route(DatagramBatch staging, DatagramBatch[] open) throws InterruptedException {
        InetSocketAddress sender = staging.senders[0];
        int w = Math.floorMod(sender.getAddress().hashCode(), open.length);
        if (open[w] != null && !open[w].hasRoom()) {
            publish(w, open[w]);
            open[w] = null;
        }
        if (open[w] == null) {
            open[w] = takeBatch();
            if (open[w] == null) {
                return false;
            }
            openedAt[w] = System.nanoTime();
        }
        DatagramBatch b = open[w];
        ByteBuffer src = staging.data.duplicate();
        src.limit(staging.lengths[0]).position(0);
        b.offsets[b.count] = b.data.position();
        b.lengths[b.count] = staging.lengths[0];
        b.receivedAtMs[b.count] = staging.receivedAtMs[0];
        b.senders[b.count] = sender;
        b.count++;
        b.data.put(src);
        return true;
    }

    private DatagramBatch takeBatch() throws InterruptedException {
        while (running) {
            DatagramBatch b = free.poll();
            if (b != null) {
                return b;
            }
            if (batchesMade.get() < maxBatches) {
                batchesMade.incrementAndGet();
                return new DatagramBatch(config.batchBytes(), MAX_DATAGRAMS_PER_BATCH);
            }
            b = free.poll(POOL_WAIT_MS, TimeUnit.MILLISECONDS);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /**
     * Publishes the held batches that are due: held for the hand-off delay with their worker idle,
     * or held {@link #MAX_HOLD_NANOS}.
     *
     * @return nanoseconds until a batch still held should be looked at again; -1 when none is held
     */
    private long publishReady(DatagramBatch[] open) throws InterruptedException {
        long next = -1;
        long now = System.nanoTime();
        for (int w = 0; w < open.length; w++) {
            if (open[w] == null || open[w].isEmpty()) {
                continue;
            }
            long age = now - openedAt[w];
            if (age >= MAX_HOLD_NANOS || (age >= handoffNanos && queues.get(w).isEmpty())) {
                publish(w, open[w]);
                open[w] = null;
            } else {
                long wait = age < handoffNanos ? handoffNanos - age : Math.min(HOLD_POLL_NANOS, MAX_HOLD_NANOS - age);
                next = next < 0 ? wait : Math.min(next, wait);
            }
        }
        return next;
    }

    private void publishAll(DatagramBatch[] open) throws InterruptedException {
        for (int w = 0; w < open.length; w++) {
            if (open[w] != null && !open[w].isEmpty()) {
                publish(w, open[w]);
                open[w] = null;
            }
        }
    }

    private void publish(int worker, DatagramBatch b) throws InterruptedException {
        queues.get(worker).put(b);
    }

    // ---- reporting -----------------------------------------------------------------------------

    private record Snapshot(long atNanos, long datagrams, long flows, long bad, long[] errors) {
    }

    private Snapshot snapshot() {
        DecodeErrorKind[] kinds = DecodeErrorKind.values();
        long[] errors = new long[kinds.length];
        for (DecodeErrorKind k : kinds) {
            errors[k.ordinal()] = counters.errors(k);
        }
        CollectorStats s = stats();
        return new Snapshot(System.nanoTime(), s.datagrams(), s.flows(), s.badDatagrams(), errors);
    }

    private synchronized void report() {
        try {
            Snapshot now = snapshot();
            double secs = Math.max(1e-3, (now.atNanos - last.atNanos) / 1e9);
            for (DecodeErrorKind k : DecodeErrorKind.values()) {
                long n = now.errors[k.ordinal()] - last.errors[k.ordinal()];
                if (n > 0) {
                    log.accept(String.format(Locale.ROOT, "%s: %,d %s problem%s in the last %.0f s, sent to %s; last: %s",
                            NAME, n, k, n == 1 ? "" : "s", secs, config.deadLetterTopic(), counters.lastError(k)));
                }
            }
            log.accept(statsLine(stats(), (now.datagrams - last.datagrams) / secs, (now.flows - last.flows) / secs,
                    now.bad - last.bad));
            last = now;
        } catch (RuntimeException e) {
            log.accept(NAME + ": cannot report stats: " + e);
        }
    }

    private String statsLine(CollectorStats s, double datagramsPerSec, double flowsPerSec, long badInInterval) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s: %,.0f datagrams/s, %,.0f flows/s, %,d bad | total %,d datagrams, %,d flows (%,d acked), %,d dead letters",
                NAME, datagramsPerSec, flowsPerSec, badInInterval, s.datagrams(), s.flows(), s.flowsAcked(), s.deadLetters()));
        if (s.sendFailures() > 0) {
            sb.append(String.format(Locale.ROOT, ", %,d NOT written to Kafka (last: %s)", s.sendFailures(),
                    counters.lastSendFailure()));
        }
        s.kernelDrops().ifPresent(d -> sb.append(String.format(Locale.ROOT, ", %,d dropped by the kernel", d)));
        for (ExporterStats e : s.exporters()) {
            sb.append(String.format(Locale.ROOT, " | %s: %,d datagrams, %,d flows, %,d bad", e.exporter(), e.datagrams(),
                    e.flows(), e.badDatagrams()));
            if (e.sequenceGaps() > 0) {
                sb.append(String.format(Locale.ROOT, ", %,d sequence gaps", e.sequenceGaps()));
            }
        }
        return sb.toString();
    }

    // ---- stopping ------------------------------------------------------------------------------

    /**
     * Stops receiving, decodes what was already received, writes it, flushes the producer
     * (bounded by 30 s) and prints the final totals. Idempotent; safe from a shutdown hook.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            running = false;
            selector.wakeup();
            join(receiver);
            closeQuietly();
            for (BlockingQueue<DatagramBatch> q : queues) {
                if (!q.offer(DatagramBatch.endMarker(), CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.accept(NAME + ": a worker did not take its end marker; stopping anyway");
                }
            }
            for (Thread t : workerThreads) {
                join(t);
            }
            producer.flush();
            producer.close(CLOSE_TIMEOUT);
            reporter.shutdownNow();
            report();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
            closedLatch.countDown();
        }
    }

    private static void join(Thread t) throws InterruptedException {
        if (t.isAlive() || t.getState() != Thread.State.NEW) {
            t.join(CLOSE_TIMEOUT.toMillis());
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
            selector.close();
        } catch (IOException e) {
            // closing a socket we no longer use: nothing to recover
        }
    }
}
