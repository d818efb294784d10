package io.peerwatch.bench.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The job under test as a separate process: {@code <repo>/peerwatch run ...}, the launcher of the
 * checkout being measured (which execs its JVM, so the process id is the job's JVM). Output goes
 * to files in the work directory; {@link #stop()} sends SIGTERM to that process id and waits.
 */
final class JobProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final List<String> command;
    final long startedNanos;

    private JobProcess(Process process, Path stdout, Path stderr, List<String> command, long startedNanos) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.command = command;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts {@code <repo>/peerwatch run} with the given options.
     *
     * @param name file name stem for its output in {@code work}
     */
    static JobProcess start(Path repo, List<String> runOptions, Path work, String name) throws IOException {
        Path launcher = repo.resolve("peerwatch");
        if (!Files.isExecutable(launcher)) {
            throw new IOException("no launcher " + launcher + " (is --repo a PeerWatch checkout?)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.add("run");
        cmd.addAll(runOptions);
        Path out = work.resolve(name + ".stdout");
        Path err = work.resolve(name + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        long t = System.nanoTime();
        Process p = pb.start();
        String pids = System.getProperty("bench.pids");
        if (pids != null) { // so the script can end it if this driver is killed
            Files.writeString(Path.of(pids), p.pid() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        JobProcess jp = new JobProcess(p, out, err, cmd, t);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jp.stop();
            } catch (InterruptedException ignored) {
                p.destroyForcibly();
            }
        }, "stop-job-" + p.pid()));
        return jp;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String commandLine() {
        return String.join(" ", command);
    }

    /** CPU time (user + system) of the job's process and its descendants so far, seconds; -1 when unknown. */
    double cpuSeconds() {
        return cpuSeconds(process.pid());
    }

    /** CPU time (user + system) of a process and its descendants so far, seconds; -1 when unknown. */
    static double cpuSeconds(long root) {
        double sum = 0;
        boolean any = false;
        for (long pid : FlinkRest.tree(root)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after "pid (comm) ": state is field 3, utime 14 and stime 15 → indexes 11 and 12 here
                sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                any = true;
            } catch (IOException | RuntimeException e) {
                // ended meanwhile
            }
        }
        return any ? sum : -1;
    }

    /** Fails with the tail of the job's output when the process has ended. */
    void checkAlive(String during) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the job process (" + commandLine() + ") ended with exit code "
                    + process.exitValue() + " during " + during + "; last lines of its stderr:\n" + tail(stderr, 40)
                    + "\nlast lines of its stdout:\n" + tail(stdout, 10));
        }
    }

    String stderrTail(int lines) {
        return tail(stderr, lines);
    }

    static String tail(Path f, int lines) {
        try {
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + f + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the job's process id, up to 60 s for it to end, then SIGKILL. Returns the exit code. */
    int stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                System.err.println("job pid " + process.pid() + " still running 60 s after SIGTERM: SIGKILL");
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
