package io.peerwatch.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.detect.FlowWindowDetector;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.testing.Corpus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flow-window operator ({@link FlowWindows.Hosts} → keyBy(host) → {@link FlowWindows.Windows})
 * gives exactly the alerts of the library's own driver loop ({@link FlowWindowDetector}'s
 * documented usage, per detector, host and tumbling window, a window closing when the watermark
 * reaches its last millisecond, records of closed windows dropped), for all three detectors at
 * once, on the lab NetFlow export in many time-shifted copies plus a P2P mix, an internal scan and
 * internal-to-internal traffic (records of two hosts), fed out of order with watermarks between
 * them; and the same after a checkpoint half-way restored into a new operator.
 */
class FlowWindowsOperatorTest {

    private static final long T0 = 1_795_600_000_000L;
    /** How far records are shuffled out of order; the watermark lags by as much. */
    private static final long OUT_OF_ORDER_MS = 20_000;
    private static final int WATERMARK_EVERY = 50;

    private static final JobConfig CFG = JobConfig.builder("127.0.0.1:9").window(Duration.ofMinutes(1)).build();
    private static List<FlowRecord> input;

    @BeforeAll
    static void flows() throws Exception {
        List<FlowRecord> lab = new ArrayList<>();
        try (FlowFileReader r = FlowFiles.open(Corpus.lab("netflow/export-netflow-v9-s1.pcap"))) {
            for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                lab.add(f.get());
            }
        }
        long labStart = lab.stream().mapToLong(FlowRecord::endMs).min().orElseThrow();
        List<FlowRecord> all = new ArrayList<>();
        for (int copy = 0; copy < 12; copy++) {
            long shift = T0 + copy * 97_000L - labStart;
            for (FlowRecord f : lab) {
                all.add(f.toBuilder().time(f.startMs() + shift, f.endMs() + shift).build());
            }
        }
        Random rnd = new Random(5);
        IpAddress scanner = IpAddress.parse("10.1.1.1");
        for (int i = 0; i < 200; i++) { // an internal sweep: attempts that fail, two hosts per record
            long t = T0 + rnd.nextInt(600_000);
            all.add(FlowRecord.builder().time(t - 10, t).src(scanner, 40_000 + i)
                    .dst(IpAddress.parse("10.2.0." + (1 + i % 250)), 445).ipProtocol(IpProtocol.TCP).tcpFlags(0x02)
                    .counters(1, 60).build());
        }
        for (int i = 0; i < 300; i++) { // P2P between two internal peers and with external peers
            long t = T0 + rnd.nextInt(900_000);
            IpAddress peer = i % 3 == 0 ? IpAddress.parse("10.3.0." + (1 + i % 200))
                    : IpAddress.parse("198.18." + (i % 7) + "." + (1 + i % 250));
            all.add(FlowRecord.builder().time(t - 120_000, t).src(IpAddress.parse("10.3.9.9"), 51_413)
                    .dst(peer, 6_881 + i % 3).ipProtocol(i % 2 == 0 ? IpProtocol.TCP : IpProtocol.UDP)
                    .tcpFlags(0x1b).counters(40, 400_000L + i).build());
        }
        all.sort(Comparator.comparingLong(FlowRecord::endMs));
        // bounded disorder: swap neighbours whose end times are within the bound
        for (int i = 1; i < all.size(); i++) {
            int j = i - rnd.nextInt(Math.min(i, 8) + 1);
            if (all.get(i).endMs() - all.get(j).endMs() < OUT_OF_ORDER_MS) {
                FlowRecord x = all.get(i);
                all.set(i, all.get(j));
                all.set(j, x);
            }
        }
        input = all;
    }

    /** The library's driver loop with the same watermarks: the reference. */
    private static List<Alert> reference(List<FlowRecord> flows) {
        record Key(FlowWindows.Kind kind, IpAddress host, long start) {
        }
        Map<Key, Object> open = new LinkedHashMap<>();
        List<Alert> out = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < flows.size(); i++) {
            FlowRecord r = flows.get(i);
            for (FlowWindows.Kind k : FlowWindows.Kind.values()) {
                FlowWindowDetector<Object> d = CFG.flowDetector(k);
                long len = d.window().toMillis();
                long start = Math.floorDiv(r.endMs(), len) * len;
                if (start + len - 1 <= watermark) {
                    continue;
                }
                for (IpAddress h : d.hostsOf(r)) {
                    d.observe(open.computeIfAbsent(new Key(k, h, start), x -> d.newWindow()), h, r);
                }
            }
            max = Math.max(max, r.endMs());
            if ((i + 1) % WATERMARK_EVERY == 0 || i == flows.size() - 1) {
                watermark = i == flows.size() - 1 ? Long.MAX_VALUE : max - OUT_OF_ORDER_MS;
                long wm = watermark;
                open.entrySet().removeIf(e -> {
                    FlowWindowDetector<Object> d = CFG.flowDetector(e.getKey().kind());
                    long end = e.getKey().start() + d.window().toMillis();
                    if (end - 1 > wm) {
                        return false;
                    }
                    d.evaluate(e.getValue(), e.getKey().host(), e.getKey().start(), end).ifPresent(out::add);
                    return true;
                });
            }
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<IpAddress, Tuple3<IpAddress, Byte, FlowRecord>, Alert> harness(
            OperatorSubtaskState restore) throws Exception {
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        var h = new KeyedOneInputStreamOperatorTestHarness<IpAddress, Tuple3<IpAddress, Byte, FlowRecord>, Alert>(
                new KeyedProcessOperator<>(new FlowWindows.Windows(CFG)), t -> t.f0, LibraryTypes.IP_ADDRESS);
        h.getExecutionConfig().configure(noKryo, FlowWindowsOperatorTest.class.getClassLoader());
        h.setup(LibraryTypes.ALERT.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    /** Feeds records {@code from..to} with the reference's watermarks; returns the highest timestamp seen. */
    private static long feed(KeyedOneInputStreamOperatorTestHarness<IpAddress, Tuple3<IpAddress, Byte, FlowRecord>, Alert> h,
            List<FlowRecord> flows, int from, int to, long max) throws Exception {
        FlowWindows.Hosts hosts = new FlowWindows.Hosts(CFG);
        for (int i = from; i < to; i++) {
            FlowRecord r = flows.get(i);
            List<Tuple3<IpAddress, Byte, FlowRecord>> out = new ArrayList<>();
            hosts.flatMap(r, new ListCollector<>(out));
            for (Tuple3<IpAddress, Byte, FlowRecord> t : out) {
                h.processElement(new StreamRecord<>(t, r.endMs()));
            }
            max = Math.max(max, r.endMs());
            if ((i + 1) % WATERMARK_EVERY == 0 || i == flows.size() - 1) {
                h.processWatermark(new Watermark(i == flows.size() - 1 ? Long.MAX_VALUE : max - OUT_OF_ORDER_MS));
            }
        }
        return max;
    }

    private static List<StreamRecord<Alert>> alerts(KeyedOneInputStreamOperatorTestHarness<?, ?, Alert> h) {
        List<StreamRecord<Alert>> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                @SuppressWarnings("unchecked")
                StreamRecord<Alert> a = (StreamRecord<Alert>) r;
                out.add(a);
            }
        }
        return out;
    }

    private static List<Alert> sorted(List<Alert> alerts) {
        return alerts.stream().sorted(Comparator.comparing(Alert::id)).toList();
    }

    @Test
    void oneOperatorForAllDetectorsGivesTheAlertsOfTheLibrarysDriverLoop() throws Exception {
        List<Alert> expected = reference(input);
        assertThat(expected.stream().map(Alert::type).distinct())
                .as("the input makes every flow-window detector alert")
                .contains(AlertType.P2P_PORT_ACTIVITY, AlertType.P2P_BEHAVIOUR, AlertType.INTERNAL_SCAN);

        var h = harness(null);
        feed(h, input, 0, input.size(), Long.MIN_VALUE);
        List<StreamRecord<Alert>> got = alerts(h);
        assertThat(sorted(got.stream().map(StreamRecord::getValue).toList())).isEqualTo(sorted(expected));
        assertThat(got).allSatisfy(r -> assertThat(r.getTimestamp()).as("the window's last millisecond")
                .isEqualTo(r.getValue().windowEndMs() - 1));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void recordsBehindTheWatermarkAreDroppedAsByFlinksWindowOperator() throws Exception {
        List<FlowRecord> withLate = new ArrayList<>(input);
        FlowRecord early = input.get(0);
        for (int i = 0; i < 10; i++) { // after the input's windows closed: late for every detector
            withLate.add(input.size() / 2 + i, early.toBuilder().src(IpAddress.parse("10.7.7.7"), 50_000 + i)
                    .dst(IpAddress.parse("198.18.0.9"), 6881).build());
        }
        List<Alert> expected = reference(withLate);
        var h = harness(null);
        feed(h, withLate, 0, withLate.size(), Long.MIN_VALUE);
        assertThat(sorted(alerts(h).stream().map(StreamRecord::getValue).toList())).isEqualTo(sorted(expected));
        assertThat(expected).noneMatch(a -> a.host().equals(IpAddress.parse("10.7.7.7")));
        h.close();
    }

    @Test
    void aCheckpointHalfWayRestoredIntoANewOperatorGivesTheSameAlerts() throws Exception {
        List<Alert> expected = reference(input);
        int half = input.size() / 2 / WATERMARK_EVERY * WATERMARK_EVERY; // right after a watermark
        var h = harness(null);
        long max = feed(h, input, 0, half, Long.MIN_VALUE);
        List<Alert> before = alerts(h).stream().map(StreamRecord::getValue).toList();
        OperatorSubtaskState checkpoint = h.snapshot(1, max);
        h.close();

        var restored = harness(checkpoint);
        assertThat(restored.numKeyedStateEntries()).isPositive();
        // Watermarks are not part of a checkpoint: after a restore the sources send theirs again.
        restored.processWatermark(new Watermark(max - OUT_OF_ORDER_MS));
        feed(restored, input, half, input.size(), max);
        List<Alert> all = new ArrayList<>(before);
        alerts(restored).forEach(r -> all.add(r.getValue()));
        assertThat(sorted(all)).isEqualTo(sorted(expected));
        assertThat(restored.numKeyedStateEntries()).isZero();
        restored.close();
    }
}
