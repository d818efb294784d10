package io.peerwatch.sensor.netflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CollectorConfigTest {

    private static CollectorConfig.Builder builder() {
        return CollectorConfig.builder(new InetSocketAddress("127.0.0.1", 0), "127.0.0.1:9092");
    }

    @Test
    void theHandoffDelayDefaultsToOneMillisecondAndMayBeZeroUpToTheLongestHold() {
        assertThat(builder().build().handoffDelay()).isEqualTo(Duration.ofMillis(1));
        assertThat(builder().handoffDelay(Duration.ZERO).build().handoffDelay()).isZero();
        assertThat(builder().handoffDelay(CollectorConfig.MAX_HANDOFF_DELAY).build().handoffDelay())
                .isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void aNegativeOrTooLongHandoffDelayIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> builder().handoffDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handoffDelay");
        assertThatThrownBy(() -> builder().handoffDelay(Duration.ofMillis(6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 5 ms");
        assertThatThrownBy(() -> builder().handoffDelay(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
