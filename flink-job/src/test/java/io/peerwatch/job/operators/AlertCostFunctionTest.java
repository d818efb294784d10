package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peerwatch.job.JobConfig;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import org.junit.jupiter.api.Test;

class AlertCostFunctionTest {

    private static Alert alert(long bytes, double cost) {
        return Alert.builder(AlertType.P2P_CLIENT, IpAddress.parse("10.0.0.1"), 0, 3_600_000)
                .severity(Severity.HIGH).confidence(0.9).bytes(bytes).cost(cost, "AUD").build();
    }

    @Test
    void pricesBytesWithThePapersTariffUnlessTheDetectorPricedThem() {
        AlertCostFunction f = new AlertCostFunction(JobConfig.builder("127.0.0.1:9").build());
        // the paper: 70 MB in an hour at AUD 0.12 per MB is AUD 8.40
        Alert a = f.map(alert(70_000_000L, 0));
        assertThat(a.estimatedCost()).isCloseTo(8.40, within(1e-9));
        assertThat(a.currency()).isEqualTo("AUD");
        assertThat(a.id()).as("pricing keeps the id").isEqualTo(alert(70_000_000L, 0).id());
        assertThat(f.map(alert(70_000_000L, 1.5)).estimatedCost()).as("kept").isEqualTo(1.5);
        assertThat(f.map(alert(0, 0)).estimatedCost()).isZero();
        AlertCostFunction eur = new AlertCostFunction(JobConfig.builder("127.0.0.1:9").tariff("EUR", 0.05, 0).build());
        Alert priced = eur.map(alert(10_000_000L, 0));
        assertThat(priced.estimatedCost()).isCloseTo(0.5, within(1e-9));
        assertThat(priced.currency()).isEqualTo("EUR");
    }
}
