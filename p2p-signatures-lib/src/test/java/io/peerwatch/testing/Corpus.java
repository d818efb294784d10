package io.peerwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared capture corpus, read in place (never copied into the repository): the one lookup
 * every module's tests use (this class is published in the library's test jar). The folder is the
 * system property {@value #PROPERTY} (Surefire and Failsafe set it to {@code ../shared} beside the
 * repository), else {@code ../../shared} from the module.
 *
 * <p>A test that needs the corpus asks for its files through {@link #path}, {@link #lab} or
 * {@link #require}. When the corpus is missing, that call fails the test under {@code CI=true}
 * (CI always has the corpus: a missing one is a broken set-up, never a pass) and otherwise skips it
 * (a user's clone has no {@code ../shared}), both with the same message saying where it looked and
 * what to do. No test passes without its input.
 */
public final class Corpus {

    /** The system property naming the shared folder (the one that holds {@code corpus/}). */
    public static final String PROPERTY = "peerwatch.shared";
    /** The environment variable CI sets to {@code true}. */
    static final String CI = "CI";

    private Corpus() {
    }

    /** The shared folder (absolute), whether or not it exists. */
    public static Path shared() {
        return Path.of(System.getProperty(PROPERTY, "../../shared")).toAbsolutePath().normalize();
    }

    /** {@code <shared>/corpus}, whether or not it exists. */
    public static Path root() {
        return shared().resolve("corpus");
    }

    /** True when the corpus is there (its lab and nDPI captures). */
    public static boolean available() {
        return available(root());
    }

    static boolean available(Path root) {
        return Files.isDirectory(root.resolve("lab")) && Files.isDirectory(root.resolve("ndpi/pcap"));
    }

    /** The message of a missing corpus. */
    static String missingMessage(Path root) {
        return "shared corpus not found at " + root + ": run with ../shared beside the repository or set -D"
                + PROPERTY + "=<folder holding corpus/>";
    }

    /**
     * Makes sure the corpus is there: fails the calling test under {@code CI=true}, skips it
     * otherwise.
     *
     * @return the corpus root
     */
    public static Path require() {
        return require(root(), "true".equalsIgnoreCase(System.getenv(CI)));
    }

    /** {@link #require()} for a given root and CI flag. */
    static Path require(Path root, boolean ci) {
        if (!available(root)) {
            if (ci) {
                throw new AssertionError(missingMessage(root));
            }
            Assumptions.abort(missingMessage(root));
        }
        return root;
    }

    /**
     * A file or folder by its path under the corpus root, e.g. {@code ndpi/pcap/dns.pcap}, after
     * {@link #require()}.
     *
     * @throws AssertionError when the corpus is there but this file is not
     */
    public static Path path(String relative) {
        Path p = require().resolve(relative);
        if (!Files.exists(p)) {
            throw new AssertionError("corpus file missing: " + p);
        }
        return p;
    }

    /** A file under {@code corpus/lab}, e.g. {@code netflow/export-netflow-v9-s1.pcap}. */
    public static Path lab(String relative) {
        return path("lab/" + relative);
    }

    /**
     * A path under the corpus root after {@link #require()}, for files that may legitimately be
     * absent (an nDPI reference output that nDPI did not produce); {@link #path} for the others.
     */
    public static Path capture(String relative) {
        return require().resolve(relative);
    }

    /**
     * Every capture of the golden set, as paths relative to the corpus root, sorted: all files of
     * {@code ndpi/pcap} and {@code legacy/pcap}, and every {@code .pcap}/{@code .pcapng} under {@code lab}.
     */
    public static List<String> goldenCaptures() {
        Path root = require();
        try (Stream<Path> ndpi = Files.list(root.resolve("ndpi/pcap"));
                Stream<Path> legacy = Files.list(root.resolve("legacy/pcap"));
                Stream<Path> lab = Files.walk(root.resolve("lab"))) {
            Stream<Path> labCaptures = lab.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".pcap") || n.endsWith(".pcapng"));
            });
            List<String> out = Stream.of(ndpi.filter(Files::isRegularFile), legacy.filter(Files::isRegularFile), labCaptures)
                    .flatMap(s -> s)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
            if (out.isEmpty()) {
                throw new AssertionError("no captures under " + root);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The benign captures, as paths relative to the corpus root: category {@code benign} in
     * {@code ndpi/MANIFEST.csv} and the lab's benign scenario ({@code lab/benign-*}).
     */
    public static List<String> benignCaptures() {
        try {
            List<String> out = new java.util.ArrayList<>();
            for (String row : Files.readAllLines(capture("ndpi/MANIFEST.csv"), java.nio.charset.StandardCharsets.UTF_8)) {
                String[] f = row.split(",");
                if (f.length > 1 && f[1].equals("benign")) {
                    out.add("ndpi/pcap/" + f[0]);
                }
            }
            goldenCaptures().stream().filter(c -> c.startsWith("lab/benign-")).forEach(out::add);
            if (out.isEmpty()) {
                throw new AssertionError("no benign captures in " + root());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The golden file of a capture: {@code golden/<dir>/<file>.txt} where {@code <dir>} is the
     * capture's directory under the corpus without the {@code pcap} level
     * ({@code ndpi/pcap/dns.pcap} &rarr; {@code golden/ndpi/dns.pcap.txt},
     * {@code lab/bittorrent/x.pcap} &rarr; {@code golden/lab/bittorrent/x.pcap.txt}).
     */
    public static String goldenName(String capture) {
        return capture.replace("/pcap/", "/") + ".txt";
    }
}
