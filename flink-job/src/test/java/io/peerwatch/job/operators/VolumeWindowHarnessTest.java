package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.job.JobConfig;
import io.peerwatch.notice.Alert;
import io.peerwatch.volume.VolumeSample;
import io.peerwatch.volume.VolumeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The volume operators ({@link VolumeWindowFunction.Subjects} per host, address and user;
 * {@link VolumeWindowFunction.Site} for the site and its link) driven by watermarks in a harness
 * with Kryo switched off: windows close at their end, the baseline judges them, closed windows go
 * to the side output, a checkpoint restores, and the end of the input leaves no state or timer.
 */
class VolumeWindowHarnessTest {

    private static final long T0 = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
    private static final long W = 300_000;
    private static final long MB = 1_000_000;
    private final JobConfig cfg = JobConfig.builder("127.0.0.1:9")
            .set("volume.baseline.warm-up", "1h")
            .set("volume.baseline.host-min-spike", "10MB")
            .set("volume.baseline.site-min-spike", "10MB")
            .set("volume.link.capacity-in", "10Mbit/s")
            .set("networks.internal", "10.0.0.0/8")
            .build();

    private <I> KeyedOneInputStreamOperatorTestHarness<String, I, Alert> harness(VolumeWindowFunction<I> f,
            KeySelector<I, String> key, OperatorSubtaskState restore) throws Exception {
        return Harnesses.alerts(f, key, TypeInformation.of(String.class), restore);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, VolumeSample, Alert> subjects(OperatorSubtaskState restore)
            throws Exception {
        return harness(new VolumeWindowFunction.Subjects(cfg), s -> s.key().text(), restore);
    }

    /** A download of {@code bytes} by 10.0.0.{host} from an external server, ending at {@code t}. */
    private void download(KeyedOneInputStreamOperatorTestHarness<String, VolumeSample, Alert> h, int host, long t, long bytes,
            int port) throws Exception {
        FlowRecord r = FlowRecord.builder().time(t - 1000, t).src(IpAddress.parse("203.0.113.7"), port)
                .dst(IpAddress.parse("10.0.0." + host), 50000).ipProtocol(IpProtocol.TCP).counters(bytes / 1400 + 1, bytes)
                .build();
        FlowVolumeSamples samples = new FlowVolumeSamples(cfg);
        samples.open(null);
        List<VolumeSample> out = new ArrayList<>();
        samples.flatMap(r, new ListCollector<>(out));
        for (VolumeSample s : out) {
            h.processElement(new StreamRecord<>(s, t));
        }
    }

    private static List<Alert> alerts(ConcurrentLinkedQueue<Object> output) {
        return output.stream().filter(StreamRecord.class::isInstance).map(o -> (Alert) ((StreamRecord<?>) o).getValue())
                .toList();
    }

    private static List<VolumeWindow> windows(KeyedOneInputStreamOperatorTestHarness<?, ?, Alert> h) {
        ConcurrentLinkedQueue<StreamRecord<VolumeWindow>> q = h.getSideOutput(VolumeWindowFunction.WINDOWS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aHostsJumpIsASpikeOnceItsWindowClosesAndTheEndOfInputLeavesNothing() throws Exception {
        var h = subjects(null);
        for (int i = 0; i < 24; i++) {               // two hours of 2 MB per 5 minutes
            download(h, 1, T0 + i * W + 10_000, 2 * MB, 443);
            download(h, 2, T0 + i * W + 20_000, 2 * MB, 443);
        }
        download(h, 1, T0 + 24 * W + 10_000, 40 * MB, 6881);   // host 1 jumps
        download(h, 2, T0 + 24 * W + 20_000, 2 * MB, 443);
        h.processWatermark(new Watermark(T0 + 24 * W + W - 2));
        assertThat(alerts(h.getOutput())).as("nothing before the window ends").isEmpty();
        assertThat(windows(h)).hasSize(48);
        h.processWatermark(new Watermark(T0 + 25 * W - 1));
        List<Alert> out = alerts(h.getOutput());
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.BANDWIDTH_SPIKE);
            assertThat(a.host()).hasToString("10.0.0.1");
            assertThat(a.identifier()).isEqualTo("host:10.0.0.1");
            assertThat(a.windowStartMs()).isEqualTo(T0 + 24 * W);
            assertThat(a.evidence().get(2).detail()).contains("tcp/6881 40.0 MB");
        });
        assertThat(windows(h)).hasSize(50).allSatisfy(w -> assertThat(w.windowMs()).isEqualTo(W));
        assertThat(h.numKeyedStateEntries()).as("the two baselines and their clean-up times").isPositive();
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void anIdleKeyLosesItsBaselineAfterAWeek() throws Exception {
        var h = subjects(null);
        download(h, 3, T0 + 1000, MB, 443);
        h.processWatermark(new Watermark(T0 + W));
        assertThat(h.numEventTimeTimers()).as("the clean-up timer").isEqualTo(1);
        h.processWatermark(new Watermark(T0 + W - 1 + VolumeWindowFunction.IDLE.toMillis()));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void aCheckpointHalfWayRestoresTheOpenWindowAndTheBaseline() throws Exception {
        var h = subjects(null);
        for (int i = 0; i < 24; i++) {
            download(h, 1, T0 + i * W + 10_000, 2 * MB, 443);
        }
        h.processWatermark(new Watermark(T0 + 24 * W - 1));
        download(h, 1, T0 + 24 * W + 10_000, 20 * MB, 6881);
        OperatorSubtaskState checkpoint = h.snapshot(1, T0 + 24 * W + 10_000);
        h.close();
        var restored = subjects(checkpoint);
        download(restored, 1, T0 + 24 * W + 30_000, 20 * MB, 6881);
        restored.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(alerts(restored.getOutput())).singleElement()
                .satisfies(a -> assertThat(a.bytes()).as("both halves of the window").isEqualTo(40 * MB));
        assertThat(restored.numKeyedStateEntries()).isZero();
        assertThat(restored.numEventTimeTimers()).isZero();
        restored.close();
    }

    private static VolumeWindow hostWindow(int host, long start, long bytesIn, boolean p2p) {
        VolumeWindow w = new VolumeWindow("host:10.0.0." + host, start, W, 16);
        IpAddress a = IpAddress.parse("10.0.0." + host);
        w.add(new VolumeSample(io.peerwatch.volume.VolumeKey.host(a), a, null, start + 1, bytesIn, 0, 1, 0, true,
                p2p ? "tcp/6881" : "tcp/443", "203.0.113.7", p2p));
        return w;
    }

    @Test
    void theSiteSumsItsHostsAndWarnsOfTheLinkWithTheP2pUsers() throws Exception {
        var h = harness(new VolumeWindowFunction.Site(cfg), w -> VolumeWindow.SITE, null);
        // 10 Mbit/s for 5 minutes is 375 MB; four P2P hosts and a browser, the link rising to 90 %
        double[] load = {0.3, 0.45, 0.6, 0.75, 0.9};
        for (int i = 0; i < load.length; i++) {
            long total = (long) (375 * MB * load[i]);
            for (int p = 1; p <= 4; p++) {
                h.processElement(new StreamRecord<>(hostWindow(p, T0 + i * W, total / 5, true), T0 + i * W + W - 1));
            }
            h.processElement(new StreamRecord<>(hostWindow(9, T0 + i * W, total / 5, false), T0 + i * W + W - 1));
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        List<Alert> out = alerts(h.getOutput());
        assertThat(out).extracting(Alert::type).containsOnly(AlertType.LINK_SATURATION_RISK).hasSize(3);
        Alert last = out.get(out.size() - 1);
        assertThat(last.evidence().get(0).detail()).contains("(90%)");
        assertThat(last.evidence().get(3).detail()).startsWith("4 P2P users in the window (4 of the top 5 hosts)");
        assertThat(windows(h)).hasSize(5).allSatisfy(w -> assertThat(w.subject()).isEqualTo(VolumeWindow.SITE));
        assertThat(windows(h).get(4).bytes()).isEqualTo((long) (375 * MB * 0.9) / 5 * 5);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
