package io.peerwatch.blacklist;

import io.peerwatch.core.TextLines;
import io.peerwatch.core.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads blacklist files into a {@link DomainBlacklist}. Each line is one of:
 * <ul>
 * <li><b>hosts-file</b> (Dan Pollock's list and the like): {@code <address> <name> [<name>...]}
 *     where the address is a sink: {@code 0.0.0.0}, {@code 127.0.0.0/8}, {@code ::} or
 *     {@code ::1}; names of the machine itself ({@code localhost}, {@code broadcasthost},
 *     {@code ip6-*} ...) are ignored, whatever their address;
 * <li><b>DansGuardian domain list</b>: one domain per line ({@code *.} or a leading dot
 *     allowed, meaning the same thing: the domain and its subdomains);
 * <li><b>DansGuardian URL list</b>: {@code host/path} (an optional {@code http://} is
 *     dropped): the host and its subdomains, for that path and below.
 * </ul>
 * {@code #} starts a comment anywhere; blank lines are skipped. A bad line is reported with
 * file and line number and skipped; the rest loads.
 */
public final class BlacklistParser {

    /** Bad lines kept in a report (all are counted). */
    public static final int MAX_REPORTED_BAD_LINES = 100;

    /**
     * Told about every entry as it is read, with its list and line: what a caller needs to name
     * the reason for an entry (the compact {@link DomainBlacklist} keeps only the list name).
     */
    public interface EntryListener {
        /**
         * A domain entry (normalised: lower case, no trailing dot or leading {@code *.}; may be
         * an IPv4 literal or contain non-ASCII letters, as {@link DomainBlacklist} keeps it).
         */
        void domain(String domain, String source, long line);

        /** A URL entry: normalised host and lower-case path prefix (starting with {@code /}). */
        default void url(String host, String pathPrefix, String source, long line) {
        }
    }

    private static final EntryListener NO_LISTENER = (domain, source, line) -> { };

    private final DomainBlacklist.Builder builder = DomainBlacklist.builder();
    private final List<BlacklistLoadReport.BadLine> bad = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final EntryListener listener;
    private long badCount;
    private long lines;
    private String currentSource = "-";
    private long currentLine;

    /** A parser that only builds the list. */
    public BlacklistParser() {
        this(NO_LISTENER);
    }

    /** A parser that also tells {@code listener} about every entry with its list and line. */
    public BlacklistParser(EntryListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        this.listener = listener;
    }

    /** Parses one file (its name is the list name). */
    public BlacklistParser add(Path file) throws IOException {
        // Line by line from bytes: a line that is not UTF-8 or absurdly long is one bad line, not a failed load.
        String sourceName = file.toString();
        builder.source(sourceName);
        sources.add(sourceName);
        try (TextLines in = TextLines.open(file, TextLines.DEFAULT_MAX_LINE_BYTES)) {
            for (TextLines.Line l = in.next(); l != null; l = in.next()) {
                lines++;
                String reason = l.fault().isPresent() ? l.reason() : line(l.text());
                if (reason != null) {
                    badLine(sourceName, l.number(), reason);
                }
            }
        }
        return this;
    }

    private void badLine(String sourceName, long n, String reason) {
        badCount++;
        if (bad.size() < MAX_REPORTED_BAD_LINES) {
            bad.add(new BlacklistLoadReport.BadLine(sourceName, n, reason));
        }
    }

    /** Parses one list from a reader. */
    public BlacklistParser add(Reader reader, String sourceName) throws IOException {
        builder.source(sourceName);
        sources.add(sourceName);
        currentSource = sourceName;
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        String line;
        long n = 0;
        while ((line = br.readLine()) != null) {
            n++;
            lines++;
            currentLine = n;
            String reason = line(line);
            if (reason != null) {
                badLine(sourceName, n, reason);
            }
        }
        return this;
    }

    /** Builds the list and the report of everything added. */
    public Result build() {
        DomainBlacklist list = builder.build();
        return new Result(list, new BlacklistLoadReport(list.size(), list.urlEntries(), lines, badCount, bad, sources,
                list.memoryBytes()));
    }

    /**
     * A parsed list and its load report.
     *
     * @param list the new immutable list
     * @param report what was read
     */
    public record Result(DomainBlacklist list, BlacklistLoadReport report) {
    }

    /** Parses one line; returns null when fine, else the reason it is bad. */
    private String line(String raw) {
        int hash = raw.indexOf('#');
        String text = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
        if (text.isEmpty()) {
            return null;
        }
        String[] tokens = text.split("\\s+");
        if (looksLikeAddress(tokens[0])) {
            return hostsLine(tokens);
        }
        if (tokens.length > 1) {
            return "expected one domain per line, or '<address> <name>...': '" + clip(text) + "'";
        }
        String entry = tokens[0];
        int scheme = entry.indexOf("://");
        if (scheme > 0) {
            entry = entry.substring(scheme + 3);
        }
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            String host = Names.normalizeEntry(entry.substring(0, slash));
            if (host == null) {
                return "invalid host in URL entry '" + clip(entry) + "'";
            }
            String path = entry.substring(slash).toLowerCase(Locale.ROOT);
            builder.addUrl(host, path);
            listener.url(host, path, currentSource, currentLine);
            return null;
        }
        String name = Names.normalizeEntry(entry);
        if (name == null) {
            return "invalid domain name '" + clip(entry) + "'";
        }
        if (!Names.LOCAL_NAMES.contains(name)) {
            addDomain(name);
        }
        return null;
    }

    private String hostsLine(String[] tokens) {
        if (tokens.length < 2) {
            return "address '" + clip(tokens[0]) + "' without a name";
        }
        boolean allLocal = true;
        for (int i = 1; i < tokens.length; i++) {
            allLocal &= Names.LOCAL_NAMES.contains(tokens[i].toLowerCase(Locale.ROOT));
        }
        if (allLocal) {
            return null;
        }
        String addrText = tokens[0];
        int zone = addrText.indexOf('%');
        IpAddress addr;
        try {
            addr = IpAddress.parse(zone >= 0 ? addrText.substring(0, zone) : addrText);
        } catch (IllegalArgumentException e) {
            return "bad address '" + clip(addrText) + "'";
        }
        if (!isSink(addr)) {
            return "address " + addr + " is not a blocking address (0.0.0.0, 127.0.0.0/8, :: or ::1)";
        }
        String firstBad = null;
        for (int i = 1; i < tokens.length; i++) {
            String name = Names.normalizeEntry(tokens[i]);
            if (name == null) {
                firstBad = firstBad == null ? tokens[i] : firstBad;
            } else if (!Names.LOCAL_NAMES.contains(name)) {
                addDomain(name);
            }
        }
        return firstBad == null ? null : "invalid domain name '" + clip(firstBad) + "'";
    }

    private void addDomain(String name) {
        builder.addNormalized(name);
        listener.domain(name, currentSource, currentLine);
    }

    private static boolean looksLikeAddress(String t) {
        return t.indexOf('/') < 0 && (t.indexOf(':') >= 0 || Names.isIpLiteral(t));
    }

    private static boolean isSink(IpAddress a) {
        if (a.isV4()) {
            return a.v4Value() == 0 || a.byteAt(0) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (a.byteAt(i) != 0) {
                return false;
            }
        }
        return a.byteAt(15) <= 1;
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
