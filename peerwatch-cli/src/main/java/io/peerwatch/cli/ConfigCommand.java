package io.peerwatch.cli;

import io.peerwatch.config.ConfigException;
import io.peerwatch.config.Secrets;
import io.peerwatch.config.Settings;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.config.JobKeys;
import io.peerwatch.job.config.YamlConfigFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwatch config}: the configuration file's reference, and a check of a file. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {
            "Prints the complete configuration file, checks one, or shows the configuration a command would use.",
            "",
            "One YAML file configures run, demo, analyze and the job jar (--config FILE); flags override it."},
        subcommands = {ConfigCommand.Defaults.class, ConfigCommand.Check.class, ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (defaults, check)");
    }

    /** {@code peerwatch config defaults}. */
    @Command(name = "defaults", mixinStandardHelpOptions = true,
            description = {"Prints every key with its default and one line of documentation, as a YAML file.",
                "",
                "Example:  peerwatch config defaults > peerwatch.yaml"})
    static final class Defaults implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(JobKeys.referenceYaml());
            out.flush();
            return 0;
        }
    }

    /** {@code peerwatch config check FILE...}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks configuration files: every key known, every value valid, every file they name readable.",
                "Prints one line per file; exit code 1 when any is wrong."})
    static final class Check implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML configuration files.")
        List<Path> files;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int rc = 0;
            for (Path f : files) {
                try {
                    Settings s = YamlConfigFile.apply(Settings.builder(JobKeys.ALL), f).build();
                    JobConfig.of(s).library().checkFiles();
                    out.println(f + ": OK (" + s.setKeys().size() + " keys set)");
                } catch (ConfigException e) {
                    err.println(e.getMessage());
                    rc = 1;
                }
            }
            out.flush();
            err.flush();
            return rc;
        }
    }

    /**
     * {@code peerwatch config show [--config FILE] [--set KEY=VALUE] [flags]}: every key's
     * effective value, secrets hidden ({@link Secrets}).
     */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints every key with the value the same options give run, the sensors and the job jar: "
                    + "defaults, then the files, then the flags. Passwords, JAAS logins and key material show as "
                    + Secrets.HIDDEN + ".",
                "",
                "Example:  peerwatch config show --config site.yaml --bootstrap kafka1:9093"})
    static final class Show implements Callable<Integer>, ConfigOptions.JobCommand {
        private final ConfigOptions config = new ConfigOptions();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public ConfigOptions config() {
            return config;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JobConfig cfg = config.jobConfig(spec, Optional.empty());
            cfg.settings().shown(JobKeys.ALL).forEach((k, v) -> out.println(k + ": " + v));
            out.flush();
            return 0;
        }
    }
}
