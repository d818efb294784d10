package io.peerwatch.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The state directory of the long-running commands ({@code run}, {@code demo}, the sensors): one
 * option, {@code --state-dir DIR} (default {@code $PEERWATCH_STATE_DIR}, else {@code .peerwatch}
 * in the current directory). It holds {@code logs/COMMAND.log}, the full log of each command
 * (the console shows only the command's own lines), {@code positions/}, where
 * {@code sensor proxy} keeps how far it has read each log, and {@code checkpoints/}, the
 * checkpoints of embedded runs ({@code run}, {@code demo}) while they run.
 */
public final class StateDir {

    /** The option's name. */
    public static final String OPTION = "--state-dir";
    /** The default when neither the option nor {@code PEERWATCH_STATE_DIR} is given. */
    public static final String DEFAULT = ".peerwatch";

    @Option(names = OPTION, paramLabel = "DIR",
            description = "State directory: logs/COMMAND.log holds this command's full log, positions/ the proxy sensor's "
                    + "read positions, checkpoints/ an embedded run's checkpoints while it runs (default: $PEERWATCH_STATE_DIR, "
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

    /**
     * Places an embedded cluster's checkpoints under the state directory, in
     * {@code checkpoints/COMMAND-PID}, and removes them when this process ends (normally, on
     * Ctrl-C or SIGTERM), as the launcher removes the run's temporary folder: an embedded run never
     * restores from them. Folders of processes that are gone (killed with SIGKILL) are removed
     * first.
     *
     * @return the checkpoint folder of this run
     */
    public Path embeddedCheckpoints(org.apache.flink.configuration.Configuration flink, String command) {
        Path root = resolve(dir).resolve(CHECKPOINTS).toAbsolutePath();
        removeStale(root);
        Path mine = root.resolve(command + "-" + ProcessHandle.current().pid());
        flink.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, mine.toUri().toString());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> removeTree(mine), "peerwatch-checkpoints-cleanup"));
        return mine;
    }

    /** The folder under the state directory that holds embedded runs' checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    /** Removes the checkpoint folders ({@code COMMAND-PID}) of processes that no longer run. */
    static void removeStale(Path root) {
        if (!java.nio.file.Files.isDirectory(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> runs = java.nio.file.Files.list(root)) {
            for (Path run : runs.toList()) {
                String name = run.getFileName().toString();
                int dash = name.lastIndexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(name.substring(dash + 1));
                } catch (NumberFormatException e) {
                    continue; // not ours
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                removeTree(run);
            }
        } catch (java.io.IOException e) {
            // best effort: a left-over folder costs disk, not correctness
        }
    }

    /** Deletes a folder and everything in it; best effort. */
    static void removeTree(Path p) {
        if (!java.nio.file.Files.exists(p)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(p)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(f);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // best effort: what remains is removed as stale by the next run
        }
    }

    /** This command's log file (the same {@link PeerWatchCli#logFile} configured logging with). */
    public Path logFile(String command) {
        return resolve(dir).resolve("logs").resolve(command + ".log").toAbsolutePath();
    }
}
