package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The subcommands are named once per class, and a run builds only the one it runs. */
class PeerWatchCliTest {

    @Test
    void everySubcommandIsListedUnderItsOwnName() {
        for (Map.Entry<String, String> e : PeerWatchCli.SUBCOMMANDS.entrySet()) {
            Class<?> c = PeerWatchCli.subcommand(e.getValue());
            assertThat(c.getAnnotation(Command.class)).as(e.getValue()).isNotNull();
            assertThat(c.getAnnotation(Command.class).name()).as(e.getValue()).isEqualTo(e.getKey());
        }
        assertThat(PeerWatchCli.SUBCOMMANDS.keySet()).containsExactly("analyze", "classify", "config", "demo", "policy",
                "run", "sensor", "cluster");
    }

    @Test
    void withoutACommandTheErrorNamesEveryCommand() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = PeerWatchCli.commandLine("");
        cl.setErr(new java.io.PrintWriter(err));
        assertThat(cl.execute()).isNotZero();
        assertThat(err.toString()).contains("missing command (analyze, classify, cluster, config, demo, policy, run, sensor)");
    }

    @Test
    void aNamedCommandBuildsOnlyItselfAndTheUsageBuildsAll() {
        assertThat(PeerWatchCli.commandLine("classify").getSubcommands()).containsOnlyKeys("classify");
        assertThat(PeerWatchCli.commandLine("").getSubcommands().keySet())
                .containsAll(PeerWatchCli.SUBCOMMANDS.keySet()).contains("help");
        CommandLine help = PeerWatchCli.commandLine("help");
        assertThat(help.getSubcommands()).containsKey("help").hasSize(PeerWatchCli.SUBCOMMANDS.size() + 1);
    }
}
