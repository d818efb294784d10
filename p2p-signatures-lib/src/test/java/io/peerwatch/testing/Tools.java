package io.peerwatch.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool a test checks our output with ({@code nft -c}, {@code squid -k parse},
 * {@code named-checkzone}, …): stdin closed, output to a file so that the guard below can act on a
 * tool that never ends, and without libfaketime: a tool that checks a file's syntax does not need
 * the moved clock of a date-independence run ({@code faketime -f +365d ./peerwatch test}), and
 * BIND's {@code named-checkzone} hangs under it.
 */
public final class Tools {

    /** A guard against a hung tool, not a wait: a check takes well under a second. */
    public static final long GUARD_MINUTES = 5;
    private static final List<String> FAKETIME_VARIABLES = List.of("LD_PRELOAD", "FAKETIME", "FAKETIME_NO_CACHE",
            "FAKETIME_DONT_FAKE_MONOTONIC", "DYLD_INSERT_LIBRARIES");

    /** What a tool said and how it ended. */
    public record Result(int code, String output) {
    }

    private Tools() {
    }

    /** Runs {@code command} in {@code dir} and returns its exit code and output (stdout and stderr). */
    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("peerwatch-tool", ".log");
        try {
            return run(dir, log, command);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Result run(Path dir, Path log, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        FAKETIME_VARIABLES.forEach(env::remove);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(GUARD_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + GUARD_MINUTES
                    + " minutes; its output:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
