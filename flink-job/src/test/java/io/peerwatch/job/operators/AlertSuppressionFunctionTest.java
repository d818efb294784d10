package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One rule per test: the first alert (in event time) passes, a repeat inside the interval is
 * suppressed, a repeat after it passes; arrival order does not change which alert passes.
 */
class AlertSuppressionFunctionTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> h;

    @BeforeEach
    void open() throws Exception {
        h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AlertSuppressionFunction()),
                AlertSuppressionFunction.key(), Types.STRING);
        h.open();
    }

    private static Alert alert(String id, int hostLast, long windowStart) {
        // Ids given by hand (not derived) so the test can tell the repeats apart.
        return new Alert(id, AlertType.P2P_PORT_ACTIVITY, IpAddress.parse("10.0.0." + hostLast), Optional.empty(),
                windowStart + 59_999, windowStart, windowStart + 60_000, Optional.empty(), Severity.MEDIUM, 0.5,
                List.of(), 0, java.math.BigDecimal.ZERO, "AUD", 0, "10.0.0." + hostLast, HOUR,
                io.peerwatch.notice.AlertContext.NONE);
    }

    private void push(Alert a) throws Exception {
        h.processElement(new StreamRecord<>(a, a.windowEndMs() - 1));
    }

    private List<String> emittedIds() {
        return h.extractOutputValues().stream().map(Alert::id).toList();
    }

    @Test
    void firstAlertIsEmittedOnceTheWatermarkReachesIt() throws Exception {
        push(alert("a1", 1, T0));
        assertThat(emittedIds()).as("held until event time reaches it").isEmpty();
        h.processWatermark(new Watermark(T0 + 60_000));
        assertThat(emittedIds()).containsExactly("a1");
        finishAndAssertNoStateLeft();
    }

    @Test
    void repeatInsideTheIntervalIsSuppressedButOtherHostsAreNot() throws Exception {
        push(alert("a1", 1, T0));
        push(alert("a2", 1, T0 + 60_000));
        push(alert("a3", 1, T0 + HOUR - 60_000));
        push(alert("b1", 2, T0 + 60_000));
        h.processWatermark(new Watermark(T0 + HOUR));
        assertThat(emittedIds()).containsExactly("a1", "b1");
        finishAndAssertNoStateLeft();
    }

    @Test
    void theEarliestInEventTimePassesWhateverTheArrivalOrder() throws Exception {
        push(alert("z-same-window", 1, T0));
        push(alert("a2", 1, T0 + 120_000));
        push(alert("late-arriving-but-earlier", 1, T0 - 60_000));
        h.processWatermark(new Watermark(T0 + HOUR));
        assertThat(emittedIds()).containsExactly("late-arriving-but-earlier");
        finishAndAssertNoStateLeft();
    }

    @Test
    void alertsOfOneTimestampAreTakenInWindowAndIdOrder() throws Exception {
        Alert b = alert("b", 1, T0);
        Alert a = alert("a", 1, T0);
        h.processElement(new StreamRecord<>(b, T0 + 59_999));
        h.processElement(new StreamRecord<>(a, T0 + 59_999));
        h.processWatermark(new Watermark(T0 + 60_000));
        assertThat(emittedIds()).containsExactly("a");
        finishAndAssertNoStateLeft();
    }

    @Test
    void anAlertBehindTheWatermarkIsDecidedAtOnce() throws Exception {
        h.processWatermark(new Watermark(T0 + 2 * HOUR));
        push(alert("old", 1, T0));
        assertThat(emittedIds()).containsExactly("old");
        finishAndAssertNoStateLeft();
    }

    @Test
    void repeatAfterTheIntervalIsEmittedAgain() throws Exception {
        push(alert("a1", 1, T0));
        h.processWatermark(new Watermark(T0 + HOUR));
        assertThat(h.numKeyedStateEntries()).as("state cleared by the timer").isZero();
        push(alert("a2", 1, T0 + HOUR));
        h.processWatermark(new Watermark(T0 + HOUR + 60_000));
        assertThat(emittedIds()).containsExactly("a1", "a2");
        finishAndAssertNoStateLeft();
    }

    private void finishAndAssertNoStateLeft() throws Exception {
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
