package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.job.JobConfig;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AlertCostFunctionTest {

    private static Alert alert(long bytes, String cost) {
        return Alert.builder(AlertType.P2P_CLIENT, IpAddress.parse("10.0.0.1"), 0, 3_600_000)
                .severity(Severity.HIGH).confidence(0.9).bytes(bytes).cost(new BigDecimal(cost), "AUD").build();
    }

    @Test
    void pricesBytesWithThePapersTariffUnlessTheDetectorPricedThem() {
        AlertCostFunction f = new AlertCostFunction(JobConfig.builder("127.0.0.1:9").build());
        // the paper: 70 MB in an hour at AUD 0.12 per MB is AUD 8.40
        Alert a = f.map(alert(70_000_000L, "0"));
        assertThat(a.estimatedCost()).isEqualByComparingTo("8.40");
        assertThat(a.currency()).isEqualTo("AUD");
        assertThat(a.id()).as("pricing keeps the id").isEqualTo(alert(70_000_000L, "0").id());
        assertThat(f.map(alert(70_000_000L, "1.5")).estimatedCost()).as("kept").isEqualByComparingTo("1.5");
        assertThat(f.map(alert(0, "0")).estimatedCost()).isZero();
        AlertCostFunction eur = new AlertCostFunction(JobConfig.builder("127.0.0.1:9").tariff("EUR", 0.05, 0).build());
        Alert priced = eur.map(alert(10_000_000L, "0"));
        assertThat(priced.estimatedCost()).isEqualByComparingTo("0.5");
        assertThat(priced.currency()).isEqualTo("EUR");
        // 80 MiB at AUD 0.12 per MB: exactly 10.0663296, not the binary double 10.066329600000001
        assertThat(f.map(alert(83_886_080L, "0")).estimatedCost()).isEqualTo(new BigDecimal("10.0663296"));
    }
}
