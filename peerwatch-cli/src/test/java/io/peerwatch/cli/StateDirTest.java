package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One option, --state-dir, places the long-running commands' logs and the proxy sensor's positions (issue 13, item 9). */
class StateDirTest {

    @Test
    void theLogFileOfALongRunningCommandIsUnderTheStateDirectory(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThat(PeerWatchCli.logFile(new String[] {"run", "--bootstrap", "h:1", "--state-dir", dir.toString()}))
                .contains(dir.resolve("logs/run.log").toAbsolutePath());
        assertThat(PeerWatchCli.logFile(new String[] {"sensor", "proxy", "--state-dir=" + dir, "--follow", "a.log"}))
                .contains(dir.resolve("logs/sensor-proxy.log").toAbsolutePath());
        assertThat(PeerWatchCli.logFile(new String[] {"analyze", "--state-dir", dir.toString()})).isEmpty();
    }
}
