package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peerwatch.job.JobConfig;
import io.peerwatch.schemas.Alert;
import io.peerwatch.schemas.AlertType;
import io.peerwatch.schemas.Severity;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertCostFunctionTest {

    private static Alert alert(long bytes, double cost) {
        return Alert.newBuilder().setId("x").setEventTimeMs(Instant.EPOCH).setWindowStartMs(Instant.EPOCH)
                .setWindowEndMs(Instant.ofEpochSecond(3600)).setHost(ByteBuffer.wrap(new byte[] {10, 0, 0, 1}))
                .setAlertType(AlertType.P2P_CLIENT).setSeverity(Severity.HIGH).setConfidence(0.9)
                .setEvidence(List.of()).setIdentifier("x").setBytes(bytes).setEstimatedCost(cost).build();
    }

    @Test
    void pricesBytesWithThePapersTariffUnlessTheDetectorPricedThem() {
        AlertCostFunction f = new AlertCostFunction(JobConfig.builder("127.0.0.1:9").build());
        // the paper: 70 MB in an hour at AUD 0.12 per MB is AUD 8.40
        Alert a = f.map(alert(70_000_000L, 0));
        assertThat(a.getEstimatedCost()).isCloseTo(8.40, within(1e-9));
        assertThat(a.getCurrency()).isEqualTo("AUD");
        assertThat(f.map(alert(70_000_000L, 1.5)).getEstimatedCost()).as("kept").isEqualTo(1.5);
        assertThat(f.map(alert(0, 0)).getEstimatedCost()).isZero();
        AlertCostFunction eur = new AlertCostFunction(JobConfig.builder("127.0.0.1:9").tariff("EUR", 0.05, 0).build());
        assertThat(eur.map(alert(10_000_000L, 0)).getEstimatedCost()).isCloseTo(0.5, within(1e-9));
    }
}
