package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The window + threshold logic of P2P_PORT_ACTIVITY in the flow-window operator
 * ({@link FlowWindows.Windows}), driven by watermarks in a test harness with Kryo switched off;
 * records are fanned out by {@link FlowWindows.Hosts} as in the pipeline, and only the port
 * detector's share is fed here (the other detectors' longer windows are covered by
 * {@code FlowWindowsOperatorTest}); one test checkpoints a window half-way and restores it into a
 * new operator.
 */
class PortActivityWindowHarnessTest {

    private static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    private final JobConfig cfg = JobConfig.builder("127.0.0.1:9").minPortFlows(5).window(Duration.ofMinutes(1)).build();

    private final FlowWindows.Kind kind = FlowWindows.Kind.PORT_ACTIVITY;
    private final FlowWindows.Hosts hosts = new FlowWindows.Hosts(cfg);

    private KeyedOneInputStreamOperatorTestHarness<IpAddress, Tuple3<IpAddress, Byte, FlowRecord>, Alert> harness()
            throws Exception {
        return harness(null);
    }

    /**
     * The window operator in a harness with Kryo switched off (generic types disabled), optionally
     * restored from a snapshot.
     */
    private KeyedOneInputStreamOperatorTestHarness<IpAddress, Tuple3<IpAddress, Byte, FlowRecord>, Alert> harness(
            OperatorSubtaskState restore) throws Exception {
        KeySelector<Tuple3<IpAddress, Byte, FlowRecord>, IpAddress> key = t -> t.f0;
        return Harnesses.alerts(new FlowWindows.Windows(cfg), key, LibraryTypes.IP_ADDRESS, restore);
    }

    private static FlowRecord flow(int hostLast, int sport, int dport, long t) {
        return FlowRecord.builder()
                .time(t - 100, t)
                .src(IpAddress.of(new byte[] {10, 0, 0, (byte) hostLast}), sport)
                .dst(IpAddress.of(new byte[] {(byte) 198, 18, 0, (byte) (t % 250 + 1)}), dport)
                .ipProtocol(IpProtocol.TCP).counters(3, 300).build();
    }

    /** Fans the record out to its hosts as the pipeline does, then feeds the port detector's share to the operator. */
    private void push(KeyedOneInputStreamOperatorTestHarness<IpAddress, Tuple3<IpAddress, Byte, FlowRecord>, Alert> h,
            FlowRecord r) throws Exception {
        List<Tuple3<IpAddress, Byte, FlowRecord>> out = new java.util.ArrayList<>();
        hosts.flatMap(r, new org.apache.flink.api.common.functions.util.ListCollector<>(out));
        for (Tuple3<IpAddress, Byte, FlowRecord> t : out) {
            if ((t.f1 & kind.bit()) != 0) {
                h.processElement(new StreamRecord<>(Tuple3.of(t.f0, (byte) kind.bit(), t.f2), r.endMs()));
            }
        }
    }

    private static List<Alert> alerts(ConcurrentLinkedQueue<Object> output) {
        return output.stream().filter(StreamRecord.class::isInstance).map(o -> (Alert) ((StreamRecord<?>) o).getValue())
                .toList();
    }

    @Test
    void hostAtThresholdAlertsOnceTheWindowClosesAndBelowThresholdDoesNot() throws Exception {
        var h = harness();
        for (int i = 0; i < 5; i++) {
            push(h, flow(1, 50000 + i, 6881, T0 + 1_000 * i));   // exactly at threshold
            push(h, flow(3, 50000 + i, 443, T0 + 1_000 * i));    // benign
        }
        for (int i = 0; i < 4; i++) {
            push(h, flow(2, 50000 + i, 6346, T0 + 1_000 * i));   // one below
        }
        h.processWatermark(new Watermark(T0 + 59_000));
        assertThat(alerts(h.getOutput())).as("nothing before the window ends").isEmpty();

        h.processWatermark(new Watermark(T0 + 60_000));
        List<Alert> out = alerts(h.getOutput());
        assertThat(out).hasSize(1);
        Alert a = out.get(0);
        assertThat(a.host()).hasToString("10.0.0.1");
        assertThat(a.protocol()).contains("BitTorrent");
        assertThat(a.windowStartMs()).isEqualTo(T0);
        assertThat(a.evidence().get(0).kind()).isEqualTo("application");
        assertThat(a.evidence().get(0).detail()).isEqualTo("BitTorrent");
        assertThat(a.evidence().get(0).count()).isEqualTo(5);
        assertThat(a.evidence().get(1).detail()).isEqualTo("6881/tcp BitTorrent");

        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void aWindowCheckpointedHalfWayAndRestoredInANewOperatorAlertsTheSame() throws Exception {
        var h = harness();
        for (int i = 0; i < 3; i++) {
            push(h, flow(1, 50000 + i, 6881, T0 + 1_000 * i));
        }
        push(h, flow(2, 50000, 6346, T0));
        OperatorSubtaskState checkpoint = h.snapshot(1, T0 + 3_000);
        h.close();

        var restored = harness(checkpoint);
        assertThat(restored.numKeyedStateEntries()).as("windows of hosts 1 and 2, and their timers").isPositive();
        for (int i = 3; i < 5; i++) {
            push(restored, flow(1, 50000 + i, 6881, T0 + 1_000 * i));
        }
        restored.processWatermark(new Watermark(T0 + 60_000));
        List<Alert> out = alerts(restored.getOutput());
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.host()).hasToString("10.0.0.1");
            assertThat(a.evidence().get(0).count()).as("3 flows before the checkpoint, 2 after").isEqualTo(5);
        });
        assertThat(restored.numKeyedStateEntries()).isZero();
        assertThat(restored.numEventTimeTimers()).isZero();
        restored.close();
    }

    @Test
    void flowsOfTheNextWindowDoNotCountTowardsThisOne() throws Exception {
        var h = harness();
        for (int i = 0; i < 3; i++) {
            push(h, flow(1, 50000 + i, 6881, T0 + 50_000 + i));
            push(h, flow(1, 50100 + i, 6881, T0 + 61_000 + i));
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(alerts(h.getOutput())).isEmpty();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void aWindowFiresWhenTheWatermarkReachesItsLastMillisecondAndThenTakesNoMoreRecords() throws Exception {
        var h = harness();
        h.processWatermark(new Watermark(T0 + 59_998));
        for (int i = 0; i < 5; i++) {
            push(h, flow(1, 50000 + i, 6881, T0 + 1_000 * i)); // the window is still open: counted
        }
        assertThat(alerts(h.getOutput())).isEmpty();
        h.processWatermark(new Watermark(T0 + 59_999));
        assertThat(alerts(h.getOutput())).singleElement()
                .satisfies(a -> assertThat(a.evidence().get(0).count()).isEqualTo(5));

        push(h, flow(1, 50100, 6881, T0 + 30_000)); // its window has fired: dropped, not a new window
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(alerts(h.getOutput())).hasSize(1);
        h.close();
    }
}
