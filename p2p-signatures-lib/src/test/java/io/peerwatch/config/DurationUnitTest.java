package io.peerwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations need a unit and print one way (issue 13, item 7). */
class DurationUnitTest {

    @Test
    void aNumberWithoutAUnitIsRefusedExceptZero() {
        assertThatThrownBy(() -> ValueType.parseDuration("5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'5' has no unit").hasMessageContaining("5s, 5m");
        assertThat(ValueType.parseDuration("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void unitsAndIsoAreAccepted() {
        assertThat(ValueType.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ValueType.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ValueType.parseDuration("PT1M")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void durationsPrintWithTheShortUnits() {
        assertThat(ValueType.DURATION.format(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(ValueType.DURATION.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(ValueType.DURATION.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
