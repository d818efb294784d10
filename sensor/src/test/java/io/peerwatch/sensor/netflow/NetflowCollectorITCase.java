package io.peerwatch.sensor.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpAddress;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.netflow.FlowDecoder;
import io.peerwatch.netflow.DecodeListener;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.sensor.ExportDatagrams;
import io.peerwatch.sensor.SharedKafka;
import io.peerwatch.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The collector against a real local broker: real softflowd export datagrams (captured in the
 * lab) from three exporters at once, interleaved with bad datagrams; every good flow must reach
 * the flows topic and every bad datagram the dead-letter topic. The flows of a datagram share a
 * Kafka record ({@code FlowRecordBatch}, bounded by {@code maxFlowsPerRecord}); each is counted,
 * sent and acknowledged as a flow.
 */
class NetflowCollectorITCase {

    /** What the library decoder makes of the same datagrams (the expected output). */
    private static List<FlowRecord> reference(List<byte[]> datagrams, IpAddress exporter) {
        List<FlowRecord> out = new ArrayList<>();
        FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
        DecodeListener l = out::add;
        for (byte[] b : datagrams) {
            d.decode(ByteBuffer.wrap(b), exporter, 0, l);
        }
        return out;
    }

    /**
     * Kafka records the collector writes for the datagrams at most {@code max} flows a record:
     * one per started {@code max} flows of each datagram, none for a datagram without flows.
     */
    private static int records(List<byte[]> datagrams, IpAddress exporter, int max) {
        FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
        int[] flows = new int[1];
        DecodeListener l = f -> flows[0]++;
        int out = 0;
        for (byte[] b : datagrams) {
            flows[0] = 0;
            d.decode(ByteBuffer.wrap(b), exporter, 0, l);
            out += (flows[0] + max - 1) / max;
        }
        return out;
    }

    private static int csvRows(String file) throws Exception {
        // nfdump -o csv: a header line, then one line per flow (a summary may follow after a blank line)
        List<String> lines = Files.readAllLines(ExportDatagrams.lab("netflow/" + file));
        int n = 0;
        for (int i = 1; i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).startsWith("Summary"); i++) {
            n++;
        }
        return n;
    }

    private static String key(FlowRecord r) {
        // records compare their fields; the receive time never enters a FlowRecord
        return r.toString();
    }

    @ParameterizedTest(name = "{0} worker(s), at most {1} flows a record, hand-off delay {2} ms")
    @CsvSource({"1, 128, 1", "2, 128, 1", "2, 128, 0", "1, 5, 0", "1, 1, 0"})
    void threeExportersAtOnceWithBadDatagramsLoseNothingAndDeadLetterEveryBadOne(int workers, int maxFlowsPerRecord,
            int handoffMs) throws Exception {
        String flows = SharedKafka.newTopic("flows");
        String dead = SharedKafka.newTopic("dead");
        Map<String, List<byte[]>> byVersion = Map.of(
                "127.0.0.1", ExportDatagrams.read(ExportDatagrams.lab("netflow/export-netflow-v9-s1.pcap")),
                "127.0.0.2", ExportDatagrams.read(ExportDatagrams.lab("netflow/export-netflow-v10-s1.pcap")),
                "127.0.0.3", ExportDatagrams.read(ExportDatagrams.lab("netflow/export-netflow-v5-s1.pcap")));
        List<FlowRecord> expected = new ArrayList<>();
        byVersion.forEach((ip, dgs) -> expected.addAll(reference(dgs, IpAddress.parse(ip))));
        // Independent count: what nfcapd stored from the same export streams.
        assertThat(expected).hasSize(csvRows("flows-netflow-v9-s1.csv") + csvRows("flows-netflow-v10-s1.csv")
                + csvRows("flows-netflow-v5-s1.csv"));

        byte[] v9 = byVersion.get("127.0.0.1").get(0);
        List<byte[]> bad = List.of(
                Arrays.copyOf(v9, 10),                        // truncated inside the v9 header
                new byte[] {0, 8, 1, 2, 3, 4, 5, 6, 7, 8},    // version 8
                new byte[] {0});                              // no version field

        List<String> log = new CopyOnWriteArrayList<>();
        // No periodic report during the test: close() prints the one report of the whole run, so
        // the per-reason lines are there without waiting for a stats interval.
        CollectorConfig cfg = CollectorConfig.builder(new InetSocketAddress("127.0.0.1", 0), SharedKafka.bootstrap())
                .flowsTopic(flows).deadLetterTopic(dead).statsInterval(Duration.ofHours(1)).workers(workers)
                .maxFlowsPerRecord(maxFlowsPerRecord).handoffDelay(Duration.ofMillis(handoffMs)).build();
        int sent = byVersion.values().stream().mapToInt(List::size).sum() + bad.size();
        NetflowCollector collector;
        try (NetflowCollector c = NetflowCollector.start(cfg, log::add)) {
            collector = c;
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", c.localAddress().getPort());
            List<DatagramChannel> senders = new ArrayList<>();
            try {
                for (String ip : List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")) {
                    senders.add(DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getByName(ip), 0)));
                }
                int longest = byVersion.values().stream().mapToInt(List::size).max().orElse(0);
                for (int i = 0; i < longest; i++) {
                    for (int e = 0; e < 3; e++) {
                        List<byte[]> dgs = byVersion.get("127.0.0." + (e + 1));
                        if (i < dgs.size()) {
                            senders.get(e).send(ByteBuffer.wrap(dgs.get(i)), to);
                        }
                    }
                    if (i < bad.size()) {
                        senders.get(3).send(ByteBuffer.wrap(bad.get(i)), to);
                    }
                }
            } finally {
                for (DatagramChannel s : senders) {
                    s.close();
                }
            }
            // Every datagram received (close() would drop what is still in the socket buffer).
            Await.until(sent + " datagrams received", () -> c.stats().datagrams() >= sent, () -> c.stats().toString());
        } // close() decoded everything received, flushed the producer and printed the final report
        List<byte[]> records = SharedKafka.readAll(flows);
        List<FlowRecord> got = records.stream().flatMap(v -> TopicCodec.flows().decodeAll(v).stream()).toList();
        assertThat(got.stream().map(NetflowCollectorITCase::key).sorted().toList())
                .isEqualTo(expected.stream().map(NetflowCollectorITCase::key).sorted().toList());

        // Several flows a record (the lab datagrams hold several each), never more than the bound.
        assertThat(records).allSatisfy(v -> assertThat(TopicCodec.flows().decodeAll(v)).hasSizeBetween(1,
                maxFlowsPerRecord));
        int expectedRecords = byVersion.entrySet().stream()
                .mapToInt(e -> records(e.getValue(), IpAddress.parse(e.getKey()), maxFlowsPerRecord)).sum();
        assertThat(records).hasSize(expectedRecords);
        if (maxFlowsPerRecord == 1) {
            assertThat(records).hasSameSizeAs(expected)
                    .allSatisfy(v -> assertThat(TopicCodec.flows().decode(v)).isNotNull());
        } else {
            assertThat(records.size()).isLessThan(expected.size());
        }
        // Per-flow counters: every flow sent and acknowledged, nothing failed.
        CollectorStats stats = collector.stats();
        assertThat(stats.flows()).isEqualTo(expected.size());
        assertThat(stats.flowsAcked()).isEqualTo(expected.size());
        assertThat(stats.sendFailures()).isZero();

        List<DeadLetter> letters = SharedKafka.readAll(dead).stream().map(TopicCodec.deadLetters()::decode).toList();
        assertThat(letters).hasSize(bad.size());
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.source()).isEqualTo("udp:netflow");
            assertThat(l.sourceName()).contains("127.0.0.4");
            assertThat(l.message()).startsWith("datagram from 127.0.0.4");
        });
        assertThat(letters.stream().map(DeadLetter::errorClass).sorted().toList())
                .containsExactly("TRUNCATED", "TRUNCATED", "UNKNOWN_VERSION");
        List<byte[]> raws = letters.stream().map(DeadLetter::raw).toList();
        assertThat(raws).anySatisfy(r -> assertThat(r).isEqualTo(bad.get(0)));
        assertThat(raws).anySatisfy(r -> assertThat(r).isEqualTo(bad.get(1)));

        String all = String.join("\n", log);
        assertThat(all).contains("UNKNOWN_VERSION problem").contains("TRUNCATED problems")
                .contains("127.0.0.4: 3 datagrams, 0 flows, 3 bad");
        // one line per reason per interval (here: the whole run), never one per datagram
        assertThat(log.stream().filter(l -> l.contains("TRUNCATED problem")).count()).isEqualTo(1);
    }

}
