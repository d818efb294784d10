package io.peerwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code peerwatch} command line. Bad usage prints one line and exits with code 2; a
 * failure while running prints one line (the stack trace too when {@code PEERWATCH_DEBUG} is
 * set) and exits with code 1.
 */
@Command(name = "peerwatch",
        mixinStandardHelpOptions = true,
        versionProvider = PeerWatchCli.Version.class,
        description = {
            "Finds peer-to-peer file sharing, tunnelling and bandwidth abuse in flow records, packets and proxy "
                    + "logs, and sends alerts to a SIEM through Kafka.",
            "",
            "Start with:  peerwatch demo --duration 60s"})
public final class PeerWatchCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (" + String.join(", ", new java.util.TreeSet<>(SUBCOMMANDS.keySet())) + ")");
    }

    /** Commands that keep running and log to a file under the state directory. */
    static final java.util.Set<String> LOGGING_COMMANDS = java.util.Set.of("run", "demo", "sensor");

    /**
     * The subcommands by name, in the order of the usage text. Added by {@link #commandLine(String...)}
     * rather than listed in the annotation: picocli builds the model of every subcommand it is
     * given, which is most of a short command's start-up (BENCHMARKS.md, classify). Named, not
     * class literals: loading every command class is a tenth of a short run again.
     * {@code PeerWatchCliTest} checks each name against its command's annotation.
     */
    static final java.util.Map<String, String> SUBCOMMANDS = subcommands("analyze", "io.peerwatch.cli.AnalyzeCommand",
            "classify", "io.peerwatch.cli.ClassifyCommand", "config", "io.peerwatch.cli.ConfigCommand",
            "demo", "io.peerwatch.cli.DemoCommand", "policy", "io.peerwatch.cli.PolicyCommand",
            "run", "io.peerwatch.cli.RunCommand", "sensor", "io.peerwatch.cli.sensor.SensorCommand",
            "cluster", "io.peerwatch.cli.cluster.ClusterCommand");

    private static java.util.Map<String, String> subcommands(String... nameAndClass) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameAndClass.length; i += 2) {
            m.put(nameAndClass[i], nameAndClass[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The class of a subcommand of {@link #SUBCOMMANDS}. */
    static Class<?> subcommand(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("subcommand class missing from the build: " + className, e);
        }
    }

    /** Entry point of {@code ./peerwatch}. */
    public static void main(String[] args) {
        logFile(args).ifPresent(f -> {
            // Before any library class starts logging: log4j reads these when it configures itself.
            System.setProperty("peerwatch.log.file", f.toString());
            System.setProperty("peerwatch.log.level", "info");
        });
        System.exit(commandLine(args.length == 0 ? "" : args[0]).execute(args));
    }

    /**
     * The log file of a long-running command: {@code STATE_DIR/logs/COMMAND.log} ({@link StateDir}),
     * created here; empty for the other commands.
     */
    static java.util.Optional<java.nio.file.Path> logFile(String[] args) {
        if (args.length == 0 || !LOGGING_COMMANDS.contains(args[0])) {
            return java.util.Optional.empty();
        }
        String name = args[0];
        if (name.equals("sensor") && args.length > 1 && !args[1].startsWith("-")) {
            name = "sensor-" + args[1];
        }
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(StateDir.OPTION) && i + 1 < args.length) {
                dir = args[i + 1];
            } else if (args[i].startsWith(StateDir.OPTION + "=")) {
                dir = args[i].substring(StateDir.OPTION.length() + 1);
            }
        }
        java.nio.file.Path logs = StateDir.resolve(dir).resolve("logs");
        try {
            java.nio.file.Files.createDirectories(logs);
        } catch (IOException e) {
            return java.util.Optional.empty(); // the command reports an unusable state directory itself
        }
        return java.util.Optional.of(logs.resolve(name + ".log").toAbsolutePath());
    }

    /** The configured command line with every subcommand (tests call {@code execute} on it). */
    public static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The configured command line for arguments that start with {@code first}: only that
     * subcommand when {@code first} names one (not {@code help}), else every subcommand.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new PeerWatchCli());
        String only = SUBCOMMANDS.get(first);
        if (only != null) {
            cl.addSubcommand(subcommand(only));
        } else {
            SUBCOMMANDS.values().forEach(c -> cl.addSubcommand(subcommand(c)));
            cl.addSubcommand(CommandLine.HelpCommand.class);
        }
        installConfigOptions(cl);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(PeerWatchCli::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof KafkaCheck.UnreachableException) {
                err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                err.flush();
                return 1;
            }
            err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + message(ex));
            if (System.getenv("PEERWATCH_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    /**
     * run, demo, analyze and policy export: configuration flags generated from the key table (the
     * job jar reads the same table), at any depth of subcommands.
     */
    private static void installConfigOptions(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof ConfigOptions.JobCommand job) {
                job.config().install(sub.getCommandSpec(), job.flagScopes(), job::offers);
                sub.setOverwrittenOptionsAllowed(true); // a repeated flag: the later one wins, as in the job jar
            }
            if (sub.getParent() == cl && sub != cl) {
                installConfigOptions(sub);
            }
        }
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        // A configuration error already names file, line and key: no pointer to --help needed.
        boolean config = ex.getCause() instanceof io.peerwatch.config.ConfigException;
        err.println(name + ": " + ex.getMessage() + (config ? "" : " (see '" + name + " --help')"));
        err.flush();
        return 2;
    }

    private static String message(Throwable t) {
        return Causes.describe(t);
    }

    /** Reads the build's version from a filtered resource. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = PeerWatchCli.class.getResourceAsStream("/peerwatch-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"PeerWatch " + p.getProperty("version", "(development build)")};
        }
    }
}
