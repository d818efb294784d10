package io.peerwatch.proxy;

import io.peerwatch.testing.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the lab's real Squid logs in place (never copied into the repository; see {@link Corpus}). */
public final class LabLogs {

    private LabLogs() {
    }

    public static Path file(String scenario, String name) {
        return Corpus.lab(scenario + "/" + name);
    }

    public static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses every line; fails the caller (by exception) on the first bad line. */
    public static List<ProxyRecord> parseAll(Path p, ProxyLogFormat format) {
        ProxyLogParser parser = format.newParser();
        List<ProxyRecord> out = new ArrayList<>();
        long n = 0;
        for (String line : lines(p)) {
            try {
                parser.parse(line, p.getFileName().toString(), ++n).ifPresent(out::add);
            } catch (ProxyLogException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
        return out;
    }

    /** Native + combined logs of a scenario, in that order of formats. */
    public static List<ProxyRecord> native_(String scenario) {
        return parseAll(file(scenario, "squid-access-native.log"), ProxyLogFormat.SQUID_NATIVE);
    }

    public static List<ProxyRecord> combined(String scenario) {
        return parseAll(file(scenario, "squid-access-combined.log"), ProxyLogFormat.COMBINED);
    }
}
