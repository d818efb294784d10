package io.peerwatch.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the cluster's JVMs so that they outlive the command that started them, and finds and
 * stops them again by the pid it recorded.
 *
 * <p>Each process runs in a session of its own ({@code setsid}: no controlling terminal, so
 * closing the terminal or Ctrl-C in it does not reach it), reads nothing, and writes its output
 * to {@code log/<process>.out}. Its command line carries {@code -D}{@value #MARKER}{@code =
 * <process>@<folder>}; a pid counts as the cluster's process only while the process with that pid
 * carries this marker, so a stale pid file whose pid the system gave to another program is
 * recognised and nothing else is ever signalled.
 */
final class Daemons {

    /** System property that names a cluster process and its folder on its command line. */
    static final String MARKER = "peerwatch.cluster.process";
    /** How long a process may take to stop after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** How long to wait for the kernel to report a killed process gone. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Daemons() {
    }

    /**
     * Starts {@code command} (a {@code java} command line) as {@code process} of the cluster and
     * records its pid.
     */
    static ProcessHandle start(ClusterLayout layout, String process, List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // Without --fork setsid execs in place (a child of the JVM is never a group leader),
            // so the pid we get is the JVM's.
            cmd.add(SETSID.toString());
        }
        cmd.add(command.get(0));
        cmd.add("-D" + MARKER + "=" + marker(layout, process));
        cmd.addAll(command.subList(1, command.size()));
        try {
            Files.createDirectories(layout.logs());
            Files.createDirectories(layout.pidFile(process).getParent());
            Process p = new ProcessBuilder(cmd)
                    .directory(layout.root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.out(process).toFile()))
                    .redirectErrorStream(true)
                    .start();
            Files.writeString(layout.pidFile(process), p.pid() + "\n");
            return p.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + process + ": " + e.getMessage(), e);
        }
    }

    /** The running process recorded as {@code process}, if its pid file names one that is still ours. */
    static Optional<ProcessHandle> find(ClusterLayout layout, String process) {
        Path pidFile = layout.pidFile(process);
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        String marker = "-D" + MARKER + "=" + marker(layout, process);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().or(() -> h.info().arguments().map(a -> String.join(" ", a)))
                        .map(c -> c.contains(marker)).orElse(false));
    }

    /** Removes the pid file of a process that no longer runs. */
    static void forget(ClusterLayout layout, String process) {
        try {
            Files.deleteIfExists(layout.pidFile(process));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops a process: SIGTERM, then SIGKILL if it is still there after {@code grace}.
     *
     * @return true when it stopped on SIGTERM, false when it had to be killed
     * @throws IllegalStateException when it survives SIGKILL
     */
    static boolean stop(ProcessHandle h, Duration grace) {
        h.destroy();
        if (awaitExit(h, grace)) {
            return true;
        }
        h.destroyForcibly();
        if (!awaitExit(h, KILL_WAIT)) {
            throw new IllegalStateException("process " + h.pid() + " survived SIGKILL");
        }
        return false;
    }

    private static boolean awaitExit(ProcessHandle h, Duration d) {
        try {
            h.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        } catch (ExecutionException e) {
            return !h.isAlive();
        }
    }

    private static String marker(ClusterLayout layout, String process) {
        return process + "@" + layout.root();
    }
}
