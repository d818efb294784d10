package io.peerwatch.examples.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.api.CaptureVerdict;
import io.peerwatch.api.Judgement;
import io.peerwatch.api.PacketClassifier;
import io.peerwatch.api.ProxyLogJudge;
import io.peerwatch.config.LibraryConfig;
import io.peerwatch.testing.Corpus;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the example as an embedding program would run: in its own JVM, on the module path (the
 * library's module and the example's), over a BitTorrent capture and a Squid log with HTTP
 * tunnels of the lab corpus; its output must be what the library says about the same files.
 */
class EmbedExampleTest {

    @Test
    void printsWhatTheLibrarySaysAboutACaptureAndAProxyLog() throws Exception {
        Path capture = Corpus.lab("bittorrent/bt-tcp-plain-transmission-s1.pcap");
        Path log = Corpus.lab("http-tunnel/squid-access-native.log");

        List<String> printed = runOnModulePath(capture, log);

        LibraryConfig config = LibraryConfig.defaults();
        CaptureVerdict c = PacketClassifier.create(config).classify(capture);
        Judgement j = ProxyLogJudge.create(config).judge(log);
        List<String> expected = new ArrayList<>();
        expected.add("capture: " + c.flows().size() + " flows, " + c.p2pFlows().size() + " P2P");
        c.p2pFlows().forEach(f -> expected.add("p2p flow: " + f + " " + f.metadata()));
        c.hosts().forEach(h -> expected.add("host: " + h.host() + " " + h.finding() + " " + h.subject() + " " + h.reasons()));
        expected.add("proxy log: " + j.records() + " requests, " + j.rejected() + " unusable lines, "
                + j.findings().size() + " findings");
        j.findings().forEach(f -> expected.add("finding: " + f));

        assertThat(printed).isEqualTo(expected);
        // The files are what they are said to be: the capture holds BitTorrent, the log tunnels.
        assertThat(c.p2pFlows()).isNotEmpty();
        assertThat(printed).anyMatch(l -> l.startsWith("p2p flow: ") && l.contains("BitTorrent"));
        assertThat(printed).anyMatch(l -> l.startsWith("finding: HTTP_TUNNEL"));
    }

    /** The example's main in a child JVM whose module path holds only the library and the example. */
    private static List<String> runOnModulePath(Path capture, Path log) throws Exception {
        String modulePath = location(PacketClassifier.class) + File.pathSeparator + location(EmbedExample.class);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath,
                "--module", "io.peerwatch.examples.embed/io.peerwatch.examples.embed.EmbedExample",
                capture.toString(), log.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("exit status; output:\n" + out).isZero();
        return out.lines().toList();
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
