package io.peerwatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * A {@code peerwatch} command run in this JVM through the real command line, and what it gave.
 *
 * @param rc exit code
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record CliRun(int rc, String out, String err) {

    /** Runs {@code args} as {@code peerwatch args...}. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PeerWatchCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new CliRun(rc, out.toString(), err.toString());
    }
}
