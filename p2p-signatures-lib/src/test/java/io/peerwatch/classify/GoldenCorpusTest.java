package io.peerwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files on every capture of the shared corpus (STYLE.md items 15-16, after nDPI's
 * {@code tests/do.sh}): each capture goes through the production path ({@link Classifier} with
 * its defaults: readers, decoder, flow table, {@code SignatureRegistry.defaults()}, port table)
 * and the result, one sorted line per flow, must equal
 * {@code src/test/resources/golden/<dir>/<file>.txt}:
 *
 * <pre>{@code tcp 10.0.0.1:40001 <-> 192.0.2.1:6346 Gnutella - PORT 0}</pre>
 *
 * (5-tuple, protocol label, signature id or "-", confidence kind or "-", packets to verdict).
 * Any difference fails with the lines gone and the lines new. After an intended change, run
 * {@code mvn -pl p2p-signatures-lib test -Dtest=GoldenCorpusTest -Dgolden.update=true} and
 * review the diff of the golden files in the pull request.
 */
class GoldenCorpusTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static String line(FlowResult r) {
        return r.key() + " " + r.label() + " " + r.signature().map(SignatureId::name).orElse("-") + " "
                + r.confidenceKind().map(ConfidenceKind::name).orElse("-") + " " + r.packetsToVerdict();
    }

    static List<String> classify(Path capture) {
        ClassifyReport report = Classifier.defaults().classify(List.of(capture));
        assertThat(report.summary().losses()).as("read errors in " + capture).isEmpty();
        return report.flows().stream().map(GoldenCorpusTest::line).sorted().collect(Collectors.toList());
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureMatchesItsGoldenFile() {
        Corpus.require();
        return Corpus.goldenCaptures().stream().map(capture -> DynamicTest.dynamicTest(capture, () -> {
            List<String> actual = classify(Corpus.capture(capture));
            Path golden = GOLDEN.resolve(Corpus.goldenName(capture));
            if (UPDATE) {
                Files.createDirectories(golden.getParent());
                Files.write(golden, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(golden)) {
                fail("no golden file " + golden + " for " + capture + "; create it with -Dgolden.update=true");
            }
            List<String> expected = Files.readAllLines(golden, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                fail(diff(capture, golden, expected, actual));
            }
        }));
    }

    /** Lines only in the golden file ("-") and only in the new result ("+"), as multisets. */
    static String diff(String capture, Path golden, List<String> expected, List<String> actual) {
        Map<String, Integer> left = new HashMap<>();
        expected.forEach(l -> left.merge(l, 1, Integer::sum));
        List<String> added = new ArrayList<>();
        for (String l : actual) {
            if (left.merge(l, -1, Integer::sum) < 0) {
                added.add(l);
            }
        }
        List<String> removed = new ArrayList<>();
        left.forEach((l, n) -> {
            for (int i = 0; i < n; i++) {
                removed.add(l);
            }
        });
        removed.sort(null);
        StringBuilder sb = new StringBuilder("classification of ").append(capture).append(" differs from ")
                .append(golden).append(" (").append(expected.size()).append(" expected flows, ")
                .append(actual.size()).append(" now):\n");
        removed.forEach(l -> sb.append("- ").append(l).append('\n'));
        added.forEach(l -> sb.append("+ ").append(l).append('\n'));
        sb.append("If the change is intended, rerun with -Dgolden.update=true and review the golden files.");
        return sb.toString();
    }

    @Test
    void everyGoldenFileHasItsCapture() throws IOException {
        Corpus.require();
        Set<String> wanted = Corpus.goldenCaptures().stream().map(Corpus::goldenName).collect(Collectors.toSet());
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            files.filter(Files::isRegularFile)
                    .forEach(p -> present.add(GOLDEN.relativize(p).toString().replace('\\', '/')));
        }
        assertThat(present).as("golden files without a capture (stale)").isSubsetOf(wanted);
        assertThat(present).as("golden files").hasSameSizeAs(wanted);
    }

    /**
     * False-positive guard: the benign captures (category "benign" in the nDPI corpus manifest,
     * and the lab's benign browsing through Squid) get no P2P label of any kind.
     */
    @TestFactory
    Stream<DynamicTest> benignCapturesHaveNoP2pLabel() throws IOException {
        Corpus.require();
        List<String> benign = new ArrayList<>();
        for (String row : Files.readAllLines(Corpus.capture("ndpi/MANIFEST.csv"), StandardCharsets.UTF_8)) {
            String[] f = row.split(",");
            if (f.length > 1 && f[1].equals("benign")) {
                benign.add("ndpi/pcap/" + f[0]);
            }
        }
        Corpus.goldenCaptures().stream().filter(c -> c.startsWith("lab/benign-")).forEach(benign::add);
        assertThat(benign).hasSizeGreaterThan(10);
        return benign.stream().map(capture -> DynamicTest.dynamicTest(capture, () -> {
            ClassifyReport report = Classifier.defaults().classify(List.of(Corpus.capture(capture)));
            assertThat(report.flows()).isNotEmpty();
            assertThat(report.flows()).filteredOn(FlowResult::isP2p).as("P2P flows in benign " + capture).isEmpty();
        }));
    }

    @Test
    void diffShowsLinesGoneAndNew() {
        String d = diff("x.pcap", Path.of("g.txt"), List.of("a", "b", "b"), List.of("b", "c"));
        assertThat(d).contains("- a\n").contains("- b\n").contains("+ c\n").doesNotContain("+ b").contains("golden.update");
    }
}
