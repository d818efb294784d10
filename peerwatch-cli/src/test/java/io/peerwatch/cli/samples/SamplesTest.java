package io.peerwatch.cli.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed samples are exactly what the generator writes (so {@code scripts/make-samples.sh}
 * reproduces them and nobody edits them by hand), and LABELS.md describes every one of them.
 */
class SamplesTest {

    /** The repository's {@code samples/} folder. */
    static Path committed() {
        return Path.of(System.getProperty("peerwatch.root", "..")).toAbsolutePath().normalize().resolve("samples");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("LABELS.md")).sorted().toList();
        }
    }

    @Test
    void aFreshGenerationEqualsTheCommittedSamplesByteForByte(@TempDir Path fresh) throws IOException {
        SampleFiles.writeAll(fresh);
        assertThat(names(committed())).isEqualTo(names(fresh));
        for (String n : names(fresh)) {
            assertThat(Files.mismatch(committed().resolve(n), fresh.resolve(n)))
                    .as("%s differs from a fresh generation at this byte: run scripts/make-samples.sh", n).isEqualTo(-1L);
        }
    }

    @Test
    void twoGenerationsAreIdentical(@TempDir Path a, @TempDir Path b) throws IOException {
        SampleFiles.writeAll(a);
        SampleFiles.writeAll(b);
        for (String n : names(a)) {
            assertThat(Files.mismatch(a.resolve(n), b.resolve(n))).as(n).isEqualTo(-1L);
        }
    }

    @Test
    void labelsDescribeEverySampleAndTheSamplesStaySmall() throws IOException {
        String labels = Files.readString(committed().resolve("LABELS.md"));
        long total = 0;
        for (String n : names(committed())) {
            assertThat(labels).as("LABELS.md names " + n).contains("`" + n + "`");
            total += Files.size(committed().resolve(n));
        }
        assertThat(total).as("samples are a few MB at most").isLessThan(4L << 20);
    }
}
