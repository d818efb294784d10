package io.peerwatch.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** The watermarks of an input that goes quiet keep moving with the wall clock (issue 13, item 5). */
class QuietInputWatermarksTest {

    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark w) {
            watermarks.add(w.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }

        long last() {
            return watermarks.get(watermarks.size() - 1);
        }
    }

    private final long[] now = {1_000_000L};
    private final QuietInputWatermarks<String> gen =
            new QuietInputWatermarks<>(Duration.ofSeconds(5), Duration.ofSeconds(30), () -> now[0]);
    private final Output out = new Output();

    @Test
    void whileRecordsArriveTheWatermarkTrailsTheLargestTimeByTheOutOfOrderness() {
        gen.onEvent("a", 100_000, out);
        gen.onEvent("b", 90_000, out);
        now[0] += 29_000;
        gen.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(100_000 - 5_000 - 1);
    }

    @Test
    void aQuietInputAdvancesWithTheWallClockAfterTheIdleness() {
        gen.onEvent("a", 100_000, out);
        now[0] += 30_000;
        gen.onPeriodicEmit(out);
        assertThat(out.last()).as("quiet for the idleness: out-of-order records are no longer expected").isEqualTo(99_999);
        now[0] += 60_000;
        gen.onPeriodicEmit(out);
        assertThat(out.last()).as("a minute later").isEqualTo(159_999);
        assertThat(out.idle).isFalse();
    }

    @Test
    void aRecordAfterTheQuietNeverMovesTheWatermarkBack() {
        gen.onEvent("a", 100_000, out);
        now[0] += 90_000;
        gen.onPeriodicEmit(out);
        gen.onEvent("late", 120_000, out);
        gen.onPeriodicEmit(out);
        assertThat(out.watermarks).isSorted();
        assertThat(out.last()).isEqualTo(159_999);
    }

    @Test
    void aSubtaskWithoutRecordsIsIdleAndHoldsNothingBack() {
        now[0] += 10_000;
        gen.onPeriodicEmit(out);
        assertThat(out.idle).isFalse();
        now[0] += 20_000;
        gen.onPeriodicEmit(out);
        assertThat(out.idle).isTrue();
        assertThat(out.watermarks).isEmpty();
    }
}
