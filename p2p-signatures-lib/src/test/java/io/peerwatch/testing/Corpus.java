package io.peerwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The shared capture corpus, read in place (never copied into the repository): the directory
 * given by the system property {@code peerwatch.shared} (Surefire sets it), else
 * {@code ../../shared} from the module.
 */
public final class Corpus {
    private Corpus() {
    }

    /** {@code <shared>/corpus}. */
    public static Path root() {
        return Path.of(System.getProperty("peerwatch.shared", "../../shared")).resolve("corpus");
    }

    public static boolean available() {
        return Files.isDirectory(root().resolve("ndpi/pcap"));
    }

    /** A capture by its path under the corpus root, e.g. {@code ndpi/pcap/dns.pcap}. */
    public static Path capture(String relative) {
        return root().resolve(relative);
    }

    /**
     * Every capture of the golden set, as paths relative to the corpus root, sorted: all files of
     * {@code ndpi/pcap} and {@code legacy/pcap}, and every {@code .pcap}/{@code .pcapng} under {@code lab}.
     */
    public static List<String> goldenCaptures() {
        try (Stream<Path> ndpi = Files.list(root().resolve("ndpi/pcap"));
                Stream<Path> legacy = Files.list(root().resolve("legacy/pcap"));
                Stream<Path> lab = Files.walk(root().resolve("lab"))) {
            Stream<Path> labCaptures = lab.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".pcap") || n.endsWith(".pcapng"));
            });
            return Stream.of(ndpi.filter(Files::isRegularFile), legacy.filter(Files::isRegularFile), labCaptures)
                    .flatMap(s -> s)
                    .map(p -> root().relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
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
