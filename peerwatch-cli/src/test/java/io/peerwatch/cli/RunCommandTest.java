package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code run --cluster} hands to the job jar. */
class RunCommandTest {

    private static List<String> jobArguments(String... args) {
        CommandLine cl = PeerWatchCli.commandLine();
        CommandLine.ParseResult pr = cl.parseArgs(args).subcommand();
        RunCommand run = (RunCommand) pr.commandSpec().userObject();
        return run.jobArguments();
    }

    @Test
    void theJobJarGetsTheConfigurationOptionsInOrderWithoutClusterAndWithAbsoluteFiles() {
        assertThat(jobArguments("run", "--cluster", "--window", "5m", "--no-create-topics"))
                .containsExactly("--window", "5m", "--no-create-topics");
        assertThat(jobArguments("run", "--window", "5m", "--cluster=/some/dir", "--set", "topics.flows=f"))
                .containsExactly("--window", "5m", "--set", "topics.flows=f");
        assertThat(jobArguments("run", "--cluster", "/some/dir", "--min-port-flows", "3"))
                .as("a separate DIR is the option's value, not a job argument")
                .containsExactly("--min-port-flows", "3");
        assertThat(jobArguments("run", "--bootstrap", "kafka:9092", "--config", "site.yaml", "--cluster"))
                .containsExactly("--bootstrap", "kafka:9092", "--config", Path.of("site.yaml").toAbsolutePath().toString());
    }
}
