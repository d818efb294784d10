package io.peerwatch.job.pipeline;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded-out-of-orderness watermarks that keep moving when an input goes quiet, so the windows
 * and timers of the last records close without waiting for traffic that may never come (a proxy
 * line that crosses a quota, the last flows of a replayed capture).
 *
 * <ul>
 * <li>While records arrive: the largest event time seen minus the out-of-orderness, as Flink's
 * {@code forBoundedOutOfOrderness}.
 * <li>Once no record has arrived for the idleness: event time is taken to go on with the wall
 * clock from the last record, so the watermark advances by the quiet time (less the idleness).
 * Live inputs lose nothing (their records carry wall-clock times); a record that then arrives
 * older than the advanced watermark is late, as it would be behind any other input.
 * <li>A subtask that has not seen any record for the idleness is idle (Flink's idleness): it does
 * not hold back the others.
 * </ul>
 */
public final class QuietInputWatermarks<T> implements WatermarkGenerator<T> {

    /** Wall-clock time in milliseconds (a field so that tests can drive it). */
    @FunctionalInterface
    public interface Clock extends Serializable {
        long millis();
    }

    private final long outOfOrdernessMs;
    private final long idlenessMs;
    private final Clock clock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastRecordWallMs;
    private long emitted = Long.MIN_VALUE;

    /** A generator; {@code clock} gives the wall clock. */
    public QuietInputWatermarks(Duration outOfOrderness, Duration idleness, Clock clock) {
        this.outOfOrdernessMs = outOfOrderness.toMillis();
        this.idlenessMs = idleness.toMillis();
        this.clock = clock;
        this.lastRecordWallMs = clock.millis();
    }

    /** The watermark strategy of the job's inputs (timestamps assigned by the caller). */
    public static <T> WatermarkStrategy<T> strategy(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.forGenerator(ctx -> new QuietInputWatermarks<>(outOfOrderness, idleness, System::currentTimeMillis));
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        lastRecordWallMs = clock.millis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long quietMs = clock.millis() - lastRecordWallMs;
        if (maxTimestamp == Long.MIN_VALUE) {
            if (quietMs >= idlenessMs) {
                output.markIdle();
            }
            return;
        }
        long wm = maxTimestamp - outOfOrdernessMs - 1;
        if (quietMs >= idlenessMs) {
            wm += quietMs - idlenessMs + outOfOrdernessMs;
        }
        if (wm > emitted) {
            emitted = wm;
        }
        output.emitWatermark(new Watermark(emitted));
    }
}
