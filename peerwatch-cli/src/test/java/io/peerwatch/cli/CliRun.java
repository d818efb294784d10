package io.peerwatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** A {@code peerwatch} command run in the test's JVM, with what it printed. */
public final class CliRun {

    private CliRun() {
    }

    /** Exit code, standard output and standard error of one command. */
    public record Result(int exitCode, String out, String err) {
    }

    /** Runs {@code peerwatch ARGS...} in this JVM. */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PeerWatchCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Result(rc, out.toString(), err.toString());
    }
}
