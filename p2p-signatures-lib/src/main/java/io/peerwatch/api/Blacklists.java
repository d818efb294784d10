package io.peerwatch.api;

import io.peerwatch.blacklist.BlacklistHolder;
import io.peerwatch.blacklist.BlacklistLoadReport;
import io.peerwatch.config.LibraryConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Domain and URL blacklists (hosts files, DansGuardian domain and URL lists): a host is covered by
 * its own entry or by an entry for a parent domain; a URL entry covers a path and below.
 *
 * <pre>{@code
 * Blacklists lists = Blacklists.load(List.of(Path.of("/etc/peerwatch/trackers.txt")));
 * lists.match("tracker.example.org").ifPresent(m ->
 *         System.out.println(m.host() + " listed as " + m.entry() + " in " + m.source()));
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use; lookups see either the lists before a reload or
 * after it, never a mix, and reloads are serialised.
 */
public final class Blacklists {

    private final BlacklistHolder holder;
    private final List<String> badLines;

    private Blacklists(BlacklistHolder holder, BlacklistLoadReport report) {
        this.holder = holder;
        this.badLines = report.badLines().stream().map(Object::toString).toList();
    }

    /**
     * Reads blacklist files.
     *
     * @param files the list files
     * @return the lists
     * @throws java.io.UncheckedIOException when a file cannot be read
     */
    public static Blacklists load(List<Path> files) {
        BlacklistHolder h = new BlacklistHolder(List.copyOf(files));
        return new Blacklists(h, h.reload());
    }

    /**
     * Reads the blacklist files configured as {@code files.blacklists}.
     *
     * @param config the settings
     * @return the lists (empty lists when none is configured)
     */
    public static Blacklists load(LibraryConfig config) {
        return load(config.blacklistFiles());
    }

    /**
     * Looks a host up.
     *
     * @param host a host name (case and a trailing dot do not matter)
     * @return the covering entry, or empty
     */
    public Optional<BlacklistVerdict> match(String host) {
        return holder.match(host).map(BlacklistVerdict::of);
    }

    /**
     * Looks a URL's host and path up (URL lists cover a path prefix on a host).
     *
     * @param host the host
     * @param path the path, from its leading {@code /}
     * @return the covering entry, or empty
     */
    public Optional<BlacklistVerdict> match(String host, String path) {
        return holder.match(host, path).map(BlacklistVerdict::of);
    }

    /**
     * Reads the files again when any changed on disk since the last read.
     *
     * @return true when they were read again
     */
    public boolean reloadIfChanged() {
        return holder.reloadIfChanged().isPresent();
    }

    /**
     * The lines the first load rejected, with file, line and reason (at most as many as the
     * loader keeps).
     *
     * @return the rejected lines
     */
    public List<String> badLines() {
        return badLines;
    }
}
