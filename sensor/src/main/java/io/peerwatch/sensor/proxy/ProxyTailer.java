package io.peerwatch.sensor.proxy;

import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.sensor.SensorKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Follows a proxy log (Squid native, common, combined, a Squid {@code logformat}, Zeek
 * {@code http.log} TSV or JSON) into Kafka: every line as a {@code ProxyRecord} naming the file
 * and line number, every line that does not parse as a {@code DeadLetter} (source
 * {@code file:proxy-log}, file, line number, the raw line) plus one rate-limited
 * {@code file:line: reason} message.
 *
 * <pre>{@code
 * TailerConfig cfg = TailerConfig.builder(Path.of("/var/log/squid/access.log"), "127.0.0.1:9092").build();
 * try (ProxyTailer t = ProxyTailer.start(cfg, System.err::println)) {
 *     t.awaitClosed();             // until close() (e.g. from a shutdown hook)
 * }
 * }</pre>
 *
 * <p><b>No loss, no duplicates.</b> Lines are sent in batches; after each batch the tailer waits
 * until Kafka acknowledged every record ({@code acks=all}) and only then saves its position (file
 * identity, offset after the batch's last line, line number, hash of the file's first line) in
 * the state file, atomically. A restart continues from the saved position; a crash replays at
 * most the records of one batch that were acknowledged but whose position was not saved yet. A
 * line is read only once it ends with a newline, so a line being written is never cut in two.
 *
 * <p><b>Rotation.</b> Rename rotation (logrotate's default, {@code squid -k rotate}): the followed
 * name now points to another inode; the tailer finishes the old file (which it still has open)
 * for {@link TailerConfig#rotationGrace()}, then reads the new one from its start. Copy-truncate:
 * the file shrinks (or its first line changes); the tailer reads the lines it had not read yet
 * from the rotated copy beside it (the sibling whose first line hashes the same), then the
 * truncated file from its start. After a restart, a saved position whose inode is now a rotated
 * sibling ({@code access.log.1}, ...) is finished first, then newer rotated files, then the log.
 * Compressed rotations are not read. As logrotate documents, copy-truncate can lose lines
 * written between the copy and the truncation; no reader can recover those.
 */
public final class ProxyTailer implements AutoCloseable {
    static final String SOURCE_KIND = "file:proxy-log";
    private static final String NAME = "peerwatch sensor proxy";
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int DETECT_BYTES = 256 << 10;

    private final TailerConfig config;
    private final Consumer<String> log;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<Exception> batchFailure = new AtomicReference<>();
    private final Callback ack = (meta, e) -> {
        if (e != null) {
            batchFailure.compareAndSet(null, e);
        }
    };
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong badLines = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final AtomicLong truncations = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong committedLine = new AtomicLong();
    private final AtomicLong committedOffset = new AtomicLong();
    private final AtomicLong readOffset = new AtomicLong();
    private final Rotation rotation;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private Optional<TailPosition> saved = Optional.empty();
    private ProxyLogFormat format;
    private LineSource current;
    private ProxyLogParser parser;
    private String currentHash = FileId.NO_HASH;
    private long batchRecords;
    private long intervalLines;
    private long intervalBad;
    private long reportedBad;
    private long nextStatsNanos;

    private ProxyTailer(TailerConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
        this.format = config.format().orElse(null);
        this.producer = SensorKafka.producer(config.bootstrap(), "peerwatch-sensor-proxy", config.producerOverrides());
        this.rotation = new Rotation(config.file());
        this.thread = new Thread(this::run, "peerwatch-proxy-tail");
    }

    /**
     * Loads the saved position (failing fast on a damaged state file) and starts following.
     *
     * @param log where the stats, bad-line and rotation messages go (e.g. {@code System.err::println})
     * @throws IOException when the state file cannot be read
     */
    public static ProxyTailer start(TailerConfig config, Consumer<String> log) throws IOException {
        Optional<TailPosition> saved = TailPosition.load(config.stateFile());
        ProxyTailer t = new ProxyTailer(config, log);
        t.saved = saved;
        t.thread.start();
        return t;
    }

    /** Counters so far. */
    public TailStats stats() {
        return new TailStats(lines.get(), records.get(), badLines.get(), rotations.get(), truncations.get(),
                committedLine.get(), committedOffset.get(), sendFailures.get(), readOffset.get());
    }

    /** Why the tailer stopped by itself (e.g. the format could not be detected), if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Blocks until the tailer has stopped (after {@link #close()} or a failure). */
    public void awaitClosed() throws InterruptedException {
        done.await();
    }

    // ---- the tail thread -----------------------------------------------------------------------

    private void run() {
        try {
            nextStatsNanos = System.nanoTime() + config.statsInterval().toNanos();
            resume();
            while (running) {
                if (pump() > 0) {
                    continue;
                }
                checkRotation();
                report(false);
                sleep(config.pollInterval());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            log.accept(NAME + ": error: " + t.getMessage());
        } finally {
            try {
                if (current != null) {
                    current.close();
                }
            } catch (IOException ignored) {
                // closing a file we only read
            }
            producer.close(CLOSE_TIMEOUT);
            report(true);
            done.countDown();
        }
    }

    /** Picks the file and offset to start from: the saved position, rotated files after it, or the start/end. */
    private void resume() throws IOException, InterruptedException {
        boolean announced = false;
        while (running && !FileId.exists(config.file())) {
            if (!announced) {
                log.accept(NAME + ": waiting for " + config.file() + " to appear");
                announced = true;
            }
            sleep(config.pollInterval());
        }
        if (!running) {
            return;
        }
        FileId now = FileId.of(config.file());
        if (saved.isEmpty()) {
            long[] start = config.fromStart() ? new long[] {0, 0} : Rotation.endOfLastLine(config.file());
            open(config.file(), now, start[0], start[1]);
            log.accept(NAME + ": following " + config.file() + " from " + (config.fromStart() ? "its start" : "line "
                    + (start[1] + 1) + " (its end; --from-start reads it all)") + ", position in " + config.stateFile());
            return;
        }
        TailPosition p = saved.get();
        if (p.file().equals(now)) {
            long size = java.nio.file.Files.size(config.file());
            if (size >= p.offset() && FileId.sameHead(config.file(), p.headHash())) {
                open(config.file(), now, p.offset(), p.line());
                log.accept(NAME + ": resuming " + config.file() + " after line " + p.line() + " (offset " + p.offset() + ")");
                return;
            }
            truncations.incrementAndGet();
            finishCopy(p.headHash(), p.offset(), p.line(), "was truncated while the sensor was stopped");
        } else {
            List<Path> rest = rotation.rotatedSince(p);
            if (rest.isEmpty()) {
                log.accept(NAME + ": warning: the file of the saved position (" + p.path() + ", inode " + p.file().inode()
                        + ") is gone; lines written to it after line " + p.line() + " may be missing");
            }
            long offset = p.offset();
            long line = p.line();
            for (Path f : rest) {
                if (!running) {
                    return;
                }
                rotations.incrementAndGet();
                readToEnd(f, FileId.of(f), offset, line);
                offset = 0;
                line = 0;
            }
        }
        open(config.file(), FileId.of(config.file()), 0, 0);
        commit();
    }

    private void open(Path path, FileId id, long offset, long line) throws IOException {
        if (current != null) {
            current.close();
        }
        current = new LineSource(path, id, offset, line, config.maxLineBytes());
        currentHash = current.headHash();
        parser = null;
        committedOffset.set(offset);
        committedLine.set(line);
        readOffset.set(offset);
    }

    /** Reads a (rotated, final) file from {@code offset} to its end, unfinished last line included. */
    private void readToEnd(Path f, FileId id, long offset, long line) throws IOException, InterruptedException {
        open(f, id, offset, line);
        log.accept(NAME + ": reading the rest of " + f + " after line " + line);
        while (running && pump() > 0) {
            // pump sends and commits batch by batch
        }
        if (running && current.flushPartial(sink)) {
            commitBatch();
        }
    }

    /** After a truncation: the unread rest is in the rotated copy whose first line hashes like ours. */
    private void finishCopy(String hash, long offset, long line, String what) throws IOException, InterruptedException {
        Optional<Path> copy = rotation.copyWithFirstLine(hash, offset);
        if (copy.isPresent()) {
            log.accept(NAME + ": " + config.file() + " " + what + " (copytruncate); reading the rest from " + copy.get());
            readToEnd(copy.get(), FileId.of(copy.get()), offset, line);
        } else {
            log.accept(NAME + ": warning: " + config.file() + " " + what + " at offset " + offset + " and no rotated copy "
                    + "with the same first line was found beside it: lines after line " + line + " may be missing");
        }
    }

    /** Reads, sends and commits batches while complete lines are available; returns lines read. */
    private int pump() throws IOException, InterruptedException {
        int total = 0;
        while (true) {
            if (format == null && !detectFormat()) {
                return total;
            }
            if (parser == null) {
                parser = newParser();
            }
            batchRecords = 0;
            int n = current.read(config.maxBatchLines(), sink);
            readOffset.set(current.readOffset());
            if (n == 0) {
                return total;
            }
            total += n;
            commitBatch();
            report(false);
            if (!running) {
                return total;
            }
        }
    }

    /** Waits for Kafka's acknowledgement of the batch, then saves the position; on failure rewinds. */
    private void commitBatch() throws IOException, InterruptedException {
        producer.flush();
        Exception e = batchFailure.getAndSet(null);
        if (e == null) {
            records.addAndGet(batchRecords);
            batchRecords = 0;
            commit();
            return;
        }
        sendFailures.incrementAndGet();
        log.accept(NAME + ": Kafka did not acknowledge lines after line " + committedLine.get() + " of " + current.path
                + " (" + e.getMessage() + "); sending them again in " + RETRY_BACKOFF.toSeconds() + " s");
        current.rewind(committedOffset.get(), committedLine.get());
        parser = null;
        sleep(RETRY_BACKOFF);
    }

    private void commit() throws IOException {
        if (currentHash.isEmpty()) {
            currentHash = current.headHash();
        }
        new TailPosition(current.path, current.id, current.committableOffset(), current.committableLine(), currentHash)
                .store(config.stateFile());
        committedOffset.set(current.committableOffset());
        committedLine.set(current.committableLine());
    }

    /** When the file has no new lines: has it been renamed away or truncated? */
    private void checkRotation() throws IOException, InterruptedException {
        Rotation.Change c = rotation.check(current, currentHash, config.rotationGrace());
        switch (c) {
            case NONE -> { }
            case RENAMED -> {
                pump();
                if (current.flushPartial(sink)) {
                    commitBatch();
                }
                rotations.incrementAndGet();
                log.accept(NAME + ": " + config.file() + " was rotated (renamed); read " + current.path.getFileName()
                        + " to line " + current.lineNumber() + ", now reading the new file");
                open(config.file(), FileId.of(config.file()), 0, 0);
                commit();
            }
            case TRUNCATED -> {
                truncations.incrementAndGet();
                String hash = currentHash;
                long offset = current.committableOffset();
                long line = current.committableLine();
                finishCopy(hash, offset, line, "was truncated");
                open(config.file(), FileId.of(config.file()), 0, 0);
                commit();
            }
        }
    }

    // ---- lines to records ----------------------------------------------------------------------

    private final LineSource.Sink sink = new LineSource.Sink() {
        @Override
        public void line(byte[] buf, int off, int len, long lineNumber, long endOffset) {
            lines.incrementAndGet();
            intervalLines++;
            String source = current.path.toString();
            String text = io.peerwatch.core.TextLines.decodeUtf8(buf, off, len);
            if (text == null) {
                // As analyze judges it: a line that is not UTF-8 is a dead letter, not text with U+FFFD in it.
                bad(Arrays.copyOfRange(buf, off, off + len), lineNumber, source + ":" + lineNumber + ": "
                        + io.peerwatch.core.TextLines.notUtf8(buf, off, len));
                return;
            }
            try {
                Optional<io.peerwatch.proxy.ProxyRecord> e = parser.parse(text, source, lineNumber);
                if (e.isPresent()) {
                    send(config.topic(), TopicCodec.encodeProxy(e.get(), source, lineNumber));
                    batchRecords++;
                }
            } catch (ProxyLogException ex) {
                bad(Arrays.copyOfRange(buf, off, off + len), lineNumber, ex.getMessage());
            } catch (RuntimeException ex) {
                bad(Arrays.copyOfRange(buf, off, off + len), lineNumber, source + ":" + lineNumber + ": " + ex.getMessage());
            }
        }

        @Override
        public void overlong(byte[] buf, int off, int len, long lineNumber, long endOffset) {
            lines.incrementAndGet();
            intervalLines++;
            bad(Arrays.copyOfRange(buf, off, off + len), lineNumber, current.path + ":" + lineNumber
                    + ": line longer than " + config.maxLineBytes() + " bytes (its start is in the dead letter)");
        }
    };

    private void bad(byte[] raw, long lineNumber, String message) {
        badLines.incrementAndGet();
        intervalBad++;
        if (reportedBad < config.badLinesPerInterval()) {
            reportedBad++;
            log.accept(message);
        }
        DeadLetter dl = DeadLetter.ofSource(SOURCE_KIND, current.path.toString(), lineNumber, raw, "PARSE", message,
                System.currentTimeMillis());
        send(config.deadLetterTopic(), TopicCodec.deadLetters().encode(dl));
    }

    private void send(String topic, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, value), ack);
        } catch (KafkaException | IllegalStateException e) {
            batchFailure.compareAndSet(null, e);
        }
    }

    // ---- format ----------------------------------------------------------------------------------

    private boolean detectFormat() throws IOException {
        List<String> first = Rotation.firstCompleteLines(current.path, DETECT_BYTES, ProxyLogFormat.DETECT_MAX_LINES);
        if (first.isEmpty()) {
            return false;
        }
        format = ProxyLogFormat.detect(first).orElseThrow(() -> new IllegalStateException("cannot detect the log format of "
                + current.path + " from its first " + first.size() + " line(s); give --format (squid, common, combined, "
                + "zeek, zeek-json or logformat:SPEC)"));
        log.accept(NAME + ": " + current.path + ": format " + format.name() + " (detected)");
        return true;
    }

    /** A parser for the current file; a Zeek TSV parser first reads the file's header lines. */
    private ProxyLogParser newParser() throws IOException {
        ProxyLogParser p = format.newParser();
        if (format.kind() == ProxyLogFormat.Kind.ZEEK_HTTP_TSV && current.committableOffset() > 0) {
            long n = 0;
            for (String h : Rotation.firstCompleteLines(current.path, DETECT_BYTES, Integer.MAX_VALUE)) {
                if (!h.startsWith("#")) {
                    break;
                }
                try {
                    p.parse(h, current.path.toString(), ++n);
                } catch (ProxyLogException e) {
                    // a bad header line was reported when it was first read
                }
            }
        }
        return p;
    }

    // ---- reporting and stopping ----------------------------------------------------------------

    private void report(boolean last) {
        long now = System.nanoTime();
        if (!last && now < nextStatsNanos) {
            return;
        }
        long suppressed = intervalBad - reportedBad;
        if (suppressed > 0) {
            log.accept(String.format(Locale.ROOT, "%s: %,d more bad lines not shown (all are in %s)", NAME, suppressed,
                    config.deadLetterTopic()));
        }
        TailStats s = stats();
        log.accept(String.format(Locale.ROOT, "%s: %s%s line %,d: %,d lines in the last interval, %,d bad | totals: "
                + "records %,d, bad lines %,d, rotations %,d, truncations %,d", NAME, last ? "stopped; " : "",
                current == null ? config.file() : current.path, s.committedLine(), intervalLines, intervalBad,
                s.records(), s.badLines(), s.rotations(), s.truncations()));
        intervalLines = 0;
        intervalBad = 0;
        reportedBad = 0;
        nextStatsNanos = now + config.statsInterval().toNanos();
    }

    private void sleep(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (running && System.nanoTime() < until) {
            Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    /**
     * Stops after the batch in progress is acknowledged and its position saved (bounded by the
     * producer's delivery timeout), then closes the producer. Idempotent; safe from a shutdown hook.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
