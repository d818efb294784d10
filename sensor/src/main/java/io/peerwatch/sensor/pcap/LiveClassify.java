package io.peerwatch.sensor.pcap;

import io.peerwatch.classify.ClassifySummary;
import io.peerwatch.classify.Classifier;
import io.peerwatch.classify.FlowResult;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code peerwatch classify --interface}: classifies live traffic with the same decoder, flow
 * table, signatures and port fallback as capture files ({@link Classifier.Session}); flows are
 * reported as they end (idle or active timeout) and the rest when the capture stops.
 *
 * <pre>{@code
 * try (LiveCapture c = LiveCapture.open(CaptureConfig.builder("eth1").build())) {
 *     ClassifySummary s = LiveClassify.run(c, Classifier.defaults(), System.out::println,
 *             Duration.ofMinutes(5), () -> true);
 * }
 * }</pre>
 */
public final class LiveClassify {

    private LiveClassify() {
    }

    /**
     * Captures until {@code duration} has passed (zero or negative: no limit), the capture is
     * stopped, or {@code keepGoing} turns false; then ends every open flow.
     */
    public static ClassifySummary run(LiveCapture capture, Classifier classifier, Consumer<FlowResult> sink,
            Duration duration, BooleanSupplier keepGoing) throws IOException {
        Classifier.Session session = classifier.session(sink);
        long deadline = duration.isZero() || duration.isNegative() ? Long.MAX_VALUE
                : System.nanoTime() + duration.toNanos();
        capture.run((linkType, frame, captured, original, nanos) ->
                        session.accept(linkType, frame, 0, captured, original, nanos),
                session::advanceTo,
                () -> keepGoing.getAsBoolean() && System.nanoTime() < deadline);
        return session.finish();
    }
}
