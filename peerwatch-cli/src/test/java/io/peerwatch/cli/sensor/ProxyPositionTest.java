package io.peerwatch.cli.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.cli.PeerWatchCli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The proxy sensor keeps its position under the state directory unless --state-file says otherwise. */
class ProxyPositionTest {

    private static ProxyCommand parse(String... args) {
        CommandLine.ParseResult pr = PeerWatchCli.commandLine().parseArgs(args).subcommand().subcommand();
        return (ProxyCommand) pr.commandSpec().userObject();
    }

    @Test
    void thePositionIsUnderTheStateDirectoryNamedAfterTheLogsPath() {
        assertThat(parse("sensor", "proxy", "--follow", "/var/log/squid/access.log", "--bootstrap", "h:1",
                "--state-dir", "/srv/pw").positionFile())
                .isEqualTo(Path.of("/srv/pw/positions/var_log_squid_access.log.position"));
    }

    @Test
    void stateFileWins() {
        assertThat(parse("sensor", "proxy", "--follow", "/var/log/squid/access.log", "--bootstrap", "h:1",
                "--state-file", "/tmp/x.pos").positionFile()).isEqualTo(Path.of("/tmp/x.pos"));
    }
}
