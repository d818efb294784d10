package io.peerwatch.cli;

import io.peerwatch.config.ConfigException;
import io.peerwatch.config.Flag;
import io.peerwatch.config.KeyTable;
import io.peerwatch.config.Settings;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.config.ConfigArgs;
import io.peerwatch.job.config.JobKeys;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The configuration options of {@code run}, {@code demo}, {@code analyze}, {@code policy export},
 * {@code config show} and the sensors: {@code --config
 * FILE}, {@code --set KEY=VALUE} and one picocli option per flag of {@link JobKeys#ALL},
 * generated from the key table, so these commands and the job jar ({@code JobMain}, which parses
 * the same table without picocli) accept exactly the same flags. Every use is recorded in order
 * and applied by {@link ConfigArgs}: defaults, then the command's own defaults, then the files,
 * then the flags.
 */
public final class ConfigOptions {

    /** A command that takes the configuration options (installed by {@code PeerWatchCli}). */
    public interface JobCommand {
        /** The command's configuration options. */
        ConfigOptions config();

        /** Which flags the command offers: all of them unless it narrows them. */
        default Set<Flag.Scope> flagScopes() {
            return java.util.EnumSet.allOf(Flag.Scope.class);
        }

        /** Whether the command offers this flag of its scopes (all of them unless it narrows them). */
        default boolean offers(Flag flag) {
            return true;
        }
    }

    private final ConfigArgs args = new ConfigArgs();

    /** The uses recorded so far (tests compare them with the job jar's parser). */
    ConfigArgs args() {
        return args;
    }

    /** Adds {@code --config}, {@code --set} and the table's flags of {@code scopes} to a command. */
    void install(CommandSpec spec, Set<Flag.Scope> scopes) {
        install(spec, scopes, f -> true);
    }

    /** Like {@link #install(CommandSpec, Set)}, only the flags {@code offered} accepts. */
    void install(CommandSpec spec, Set<Flag.Scope> scopes, java.util.function.Predicate<Flag> offered) {
        KeyTable table = JobKeys.ALL;
        spec.addOption(value(ConfigArgs.CONFIG, "FILE",
                "YAML configuration file; 'peerwatch config defaults' prints every key with its default. Flags override it."));
        spec.addOption(value(ConfigArgs.SET, "KEY=VALUE",
                "Sets any configuration key (e.g. --set detectors.p2p-behaviour.window=10m); overrides the file; repeatable."));
        for (Flag f : table.flags()) {
            if (!scopes.contains(f.scope()) || !offered.test(f)) {
                continue;
            }
            switch (f.kind()) {
                case VALUE -> spec.addOption(value(f.name(), f.paramLabel(), f.description() + "."));
                case SWITCH -> spec.addOption(toggle(f.name(), f.description() + "."));
                case NEGATABLE -> {
                    spec.addOption(toggle(f.name(), f.description() + "."));
                    spec.addOption(toggle(f.negatedName(), "Sets " + f.description().substring("Sets ".length())
                            .replaceFirst(":.*", "") + " to false."));
                }
            }
        }
    }

    private OptionSpec value(String name, String label, String description) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).arity("1").description(description)
                .hasInitialValue(false)
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        if (value != null) {
                            args.add(name, value.toString());
                        }
                        return null;
                    }
                }).build();
    }

    private OptionSpec toggle(String name, String description) {
        return OptionSpec.builder(name).type(boolean.class).arity("0").description(description)
                .hasInitialValue(false)
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        if (Boolean.TRUE.equals(value)) {
                            args.add(name, null);
                        }
                        return null;
                    }
                }).build();
    }

    /**
     * The job configuration these options give, over {@code commandDefaults}; files named by the
     * configuration are read and checked.
     *
     * @throws CommandLine.ParameterException with the configuration error's one line (exit code 2)
     */
    public JobConfig jobConfig(CommandSpec spec, Optional<Settings> commandDefaults) {
        try {
            JobConfig cfg = JobConfig.of(args.settings(JobKeys.ALL, commandDefaults, Path.of("")));
            cfg.library().checkFiles();
            return cfg;
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** {@link JobConfig#requireKafka()}, as a usage error. */
    public static JobConfig requireKafka(CommandSpec spec, JobConfig cfg) {
        try {
            return cfg.requireKafka();
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
