package io.peerwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipelined run ({@link Classifier.Builder#pipelined}) gives what one thread gives: every flow
 * with its label, evidence, metadata and counters, in the same order, and an equal summary (host
 * findings and input losses included).
 */
class PipelinedRunTest {

    /** Everything the sink gets of a flow, so that two runs compare field by field. */
    private static String full(FlowResult r) {
        return r.key() + " " + r.label() + " " + r.protocol() + " " + r.signature() + " " + r.confidenceKind() + " "
                + r.confidence() + " " + r.packetsToVerdict() + " " + r.metadata() + " " + r.portEntry() + " "
                + r.flow().clientToServer() + " " + r.flow().serverToClient() + " " + r.flow().firstNanos() + " "
                + r.flow().lastNanos() + " " + r.flow().endReason();
    }

    private record Run(List<String> flows, ClassifySummary summary) {
    }

    private static Run run(boolean pipelined, List<Path> files) {
        List<String> flows = new ArrayList<>();
        ClassifySummary s = Classifier.builder().pipelined(pipelined).build().classify(files, r -> flows.add(full(r)));
        return new Run(flows, s);
    }

    private static void assertSameRun(List<Path> files) {
        Run one = run(false, files);
        Run pipelined = run(true, files);
        assertThat(pipelined.flows()).isNotEmpty().containsExactlyElementsOf(one.flows());
        assertThat(pipelined.summary()).isEqualTo(one.summary());
    }

    /**
     * All golden captures as the files of one run: one flow table over captures of many years,
     * whose timestamps jump back between files, so timeouts and evictions depend on the order
     * packets reach the table. The benchmark capture is built the same way.
     */
    @Test
    void everyCorpusCaptureInOneRunGivesTheOneThreadFlowsInTheirOrder() {
        List<Path> files = Corpus.goldenCaptures().stream().map(Corpus::capture).toList();
        Run one = run(false, files);
        Run pipelined = run(true, files);
        assertThat(one.summary().packetsRead()).isGreaterThan(50_000);
        assertThat(one.summary().hosts()).as("host findings to compare").isNotEmpty();
        assertThat(pipelined.flows()).containsExactlyElementsOf(one.flows());
        assertThat(pipelined.summary()).isEqualTo(one.summary());
    }

    /** Each capture alone: the host judgements hold and release its flows as in one thread. */
    @TestFactory
    Stream<DynamicTest> eachLabCaptureGivesTheOneThreadResults() {
        return Corpus.goldenCaptures().stream().filter(c -> c.startsWith("lab/"))
                .map(c -> DynamicTest.dynamicTest(c, () -> assertSameRun(List.of(Corpus.capture(c)))));
    }

    /** A truncated file between two good ones: the same loss, and the other files' flows, in both modes. */
    @Test
    void aTruncatedFileAmongOthersIsReportedAsInOneThread(@TempDir Path dir) throws IOException {
        Path good = Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap");
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2 + 3));
        Path dns = Corpus.lab("dns-tunnel/dns-iodine-s1.pcap");
        List<Path> files = List.of(dns, cut, good);
        assertSameRun(files);
        assertThat(run(true, files).summary().losses()).hasSize(1).allSatisfy(l -> assertThat(l.file()).isEqualTo(cut));
    }

    /**
     * A capture of a link type the decoder does not read, between good files: one input-lost line
     * naming it and its count, the same in both modes (the reading thread's decoder keeps it).
     */
    @Test
    void aFileOfAnUnreadableLinkTypeIsOneInputLossInBothModes(@TempDir Path dir) throws IOException {
        int linkType = 147; // LINKTYPE_USER0: private use, no decoder reads it
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 3 * (16 + 20)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(linkType);
        for (int i = 0; i < 3; i++) {
            b.putInt(1_700_000_000 + i).putInt(0).putInt(20).putInt(20).put(new byte[20]);
        }
        Path odd = dir.resolve("user0.pcap");
        Files.write(odd, b.array());
        Path good = Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap");
        List<Path> files = List.of(good, odd, good);
        assertSameRun(files);
        assertThat(run(true, files).summary().losses()).singleElement().satisfies(l -> {
            assertThat(l.file()).isEqualTo(odd);
            assertThat(l.reason()).startsWith("3 of 3 packets not decoded: link type 147");
        });
    }

    /** A sink that throws ends the run with its exception, and none of the run's threads stays behind. */
    @Test
    void aFailingSinkFailsTheRunAndLeavesNoThreadBehind() {
        Path capture = Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap");
        AtomicInteger seen = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("sink failed");
        Consumer<FlowResult> sink = r -> {
            if (seen.incrementAndGet() == 3) {
                throw boom;
            }
        };
        assertThatThrownBy(() -> Classifier.builder().pipelined(true).build().classify(List.of(capture), sink))
                .isSameAs(boom);
        assertThat(seen.get()).isEqualTo(3);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("classify-"));
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag left set").isFalse();
    }
}
