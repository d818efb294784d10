package io.peerwatch.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The state directory of the long-running commands ({@code run}, {@code demo}, the sensors): one
 * option, {@code --state-dir DIR} (default {@code $PEERWATCH_STATE_DIR}, else {@code .peerwatch}
 * in the current directory). It holds {@code logs/COMMAND.log}, the full log of each command
 * (the console shows only the command's own lines), and {@code positions/}, where
 * {@code sensor proxy} keeps how far it has read each log.
 */
public final class StateDir {

    /** The option's name. */
    public static final String OPTION = "--state-dir";
    /** The default when neither the option nor {@code PEERWATCH_STATE_DIR} is given. */
    public static final String DEFAULT = ".peerwatch";

    @Option(names = OPTION, paramLabel = "DIR",
            description = "State directory: logs/COMMAND.log holds this command's full log, positions/ the proxy sensor's "
                    + "read positions (default: $PEERWATCH_STATE_DIR, "
                    + "else " + DEFAULT + " in the current directory).")
    String dir;

    /** The directory: {@code given}, else {@code $PEERWATCH_STATE_DIR}, else {@link #DEFAULT}. */
    public static Path resolve(String given) {
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        String env = System.getenv("PEERWATCH_STATE_DIR");
        return Path.of(env != null && !env.isBlank() ? env : DEFAULT);
    }

    /** The directory as given ({@code --state-dir}), or null. */
    public String dir() {
        return dir;
    }

    /** This command's log file (the same {@link PeerWatchCli#logFile} configured logging with). */
    public Path logFile(String command) {
        return resolve(dir).resolve("logs").resolve(command + ".log").toAbsolutePath();
    }
}
