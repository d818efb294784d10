package io.peerwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** A missing corpus fails tests under CI and skips them elsewhere, with one message saying what to do. */
class CorpusTest {

    @Test
    void aMissingCorpusFailsUnderCiAndSkipsElsewhereWithTheSameMessage(@TempDir Path empty) {
        Path root = empty.resolve("corpus");
        assertThatThrownBy(() -> Corpus.require(root, true)).isInstanceOf(AssertionError.class)
                .hasMessage("shared corpus not found at " + root
                        + ": run with ../shared beside the repository or set -Dpeerwatch.shared=<folder holding corpus/>");
        assertThatThrownBy(() -> Corpus.require(root, false)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("shared corpus not found at " + root);
    }

    @Test
    void thisRunHasTheCorpusAndAFileMissingFromItIsAFailureNotASkip() {
        assertThat(Corpus.require()).isEqualTo(Corpus.root());
        assertThat(Corpus.lab("hosts.csv")).isRegularFile();
        assertThatThrownBy(() -> Corpus.lab("no-such-scenario/x.pcap")).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("corpus file missing: ");
    }
}
