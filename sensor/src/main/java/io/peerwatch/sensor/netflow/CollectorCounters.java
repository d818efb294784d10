package io.peerwatch.sensor.netflow;

import io.peerwatch.netflow.DecodeError;
import io.peerwatch.netflow.DecodeErrorKind;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by the receive thread, the workers, the producer's callbacks and the reporter. */
final class CollectorCounters {
    private static final DecodeErrorKind[] KINDS = DecodeErrorKind.values();

    final LongAdder datagrams = new LongAdder();
    final LongAdder flowsSent = new LongAdder();
    final LongAdder flowsAcked = new LongAdder();
    final LongAdder deadLetters = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    private final AtomicLongArray errors = new AtomicLongArray(KINDS.length);
    private final AtomicReferenceArray<String> lastError = new AtomicReferenceArray<>(KINDS.length);
    private volatile String lastSendFailure = "";

    /** A record of {@code n} flows handed to the producer. */
    void flowsSent(int n) {
        flowsSent.add(n);
    }

    void deadLetterSent() {
        deadLetters.increment();
    }

    /** The producer's answer for a dead letter. */
    void deadLetterAcked(Exception e) {
        if (e != null) {
            sendFailed(e, 1);
        }
    }

    /** The producer's answer for a record of {@code n} flows: all acknowledged, or all lost. */
    void flowsAcked(Exception e, int n) {
        if (e != null) {
            sendFailed(e, n);
        } else {
            flowsAcked.add(n);
        }
    }

    /** {@code n} flows (or one dead letter) Kafka did not take. */
    void sendFailed(Exception e, int n) {
        sendFailures.add(n);
        lastSendFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    void error(DecodeError e) {
        errors.incrementAndGet(e.kind().ordinal());
        lastError.set(e.kind().ordinal(), e.message());
    }

    long errors(DecodeErrorKind k) {
        return errors.get(k.ordinal());
    }

    String lastError(DecodeErrorKind k) {
        String s = lastError.get(k.ordinal());
        return s == null ? "" : s;
    }

    String lastSendFailure() {
        return lastSendFailure;
    }
}
