package io.peerwatch.blacklist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current blacklist of a running job, reloadable from its files without a restart.
 * Readers always see one complete immutable {@link DomainBlacklist} snapshot; a reload parses
 * every file into a new snapshot and swaps it in atomically. A reload that cannot read a file
 * keeps the old snapshot and throws. Thread-safe.
 *
 * <pre>{@code
 * BlacklistHolder lists = new BlacklistHolder(List.of(Path.of("hosts.txt"), Path.of("domains")));
 * BlacklistLoadReport r = lists.reload();                 // at start
 * lists.reloadIfChanged().ifPresent(rep -> log(rep));    // e.g. once a minute
 * lists.match("ads.example.com").ifPresent(m -> alert(m.entry()));
 * }</pre>
 */
public final class BlacklistHolder {

    private record Stamp(Path file, long modifiedMs, long size) {
    }

    private final List<Path> files;
    private final AtomicReference<DomainBlacklist> current = new AtomicReference<>(DomainBlacklist.empty());
    private final AtomicReference<List<Stamp>> loadedStamps = new AtomicReference<>(List.of());
    private final Object reloadLock = new Object();

    /** A holder for these files; it is empty until the first {@link #reload()}. */
    public BlacklistHolder(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** The current snapshot. */
    public DomainBlacklist current() {
        return current.get();
    }

    /** Looks a host up in the current snapshot. */
    public Optional<BlacklistMatch> match(String host) {
        return current.get().match(host);
    }

    /** Looks a host and path up in the current snapshot (URL entries too). */
    public Optional<BlacklistMatch> match(String host, String path) {
        return current.get().match(host, path);
    }

    /**
     * Reads all files and swaps the new list in.
     *
     * @throws UncheckedIOException when a file cannot be read (the old list stays in use)
     */
    public BlacklistLoadReport reload() {
        synchronized (reloadLock) {
            List<Stamp> stamps = stamps();
            BlacklistParser p = new BlacklistParser();
            for (Path f : files) {
                try {
                    p.add(f);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read blacklist " + f + ": " + e.getMessage(), e);
                }
            }
            BlacklistParser.Result r = p.build();
            current.set(r.list());
            loadedStamps.set(stamps);
            return r.report();
        }
    }

    /**
     * Reloads when a file's modification time or size changed since the last load.
     *
     * @return the report of the reload, or empty when nothing changed
     */
    public Optional<BlacklistLoadReport> reloadIfChanged() {
        synchronized (reloadLock) {
            return stamps().equals(loadedStamps.get()) ? Optional.empty() : Optional.of(reload());
        }
    }

    private List<Stamp> stamps() {
        List<Stamp> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(new Stamp(f, Files.getLastModifiedTime(f).toMillis(), Files.size(f)));
            } catch (IOException e) {
                out.add(new Stamp(f, -1, -1));
            }
        }
        return out;
    }
}
