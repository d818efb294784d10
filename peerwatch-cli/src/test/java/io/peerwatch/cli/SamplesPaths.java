package io.peerwatch.cli;

import java.nio.file.Path;

/** The repository's {@code samples/} folder, for tests that run commands on the samples. */
final class SamplesPaths {
    private SamplesPaths() {
    }

    /** The repository root (the build passes it as {@code peerwatch.root}). */
    static Path root() {
        return Path.of(System.getProperty("peerwatch.root", "..")).toAbsolutePath().normalize();
    }

    /** A file of {@code samples/}. */
    static Path sample(String name) {
        return root().resolve("samples").resolve(name);
    }
}
