package io.peerwatch.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Public Suffix List (publicsuffix.org; Mozilla, MPL-2.0): which part of a DNS name is a
 * public suffix ({@code com}, {@code co.uk}, {@code *.ck} ...), so that the registered domain,
 * the part one party controls, is the suffix plus one label ({@code t.tunnel.example.co.uk} →
 * {@code example.co.uk}). DNS-tunnel judgement groups queries by it.
 *
 * <p>The algorithm is the list's own (publicsuffix.org/list/, "Algorithm"): the matching rule
 * with the most labels wins, an exception rule ({@code !www.ck}) beats every other, a wildcard
 * ({@code *.ck}) matches any one label, and a name no rule matches has the implicit rule
 * {@code *} (its last label is the suffix: {@code lab.test} is registered under {@code test}).
 *
 * <p>{@link #defaults()} is the copy bundled with the library, taken from Debian 12's
 * {@code publicsuffix} package (version 20230209.2326-1, file
 * {@code /usr/share/publicsuffix/public_suffix_list.dat}); {@link #load(Path)} reads a newer copy
 * of the same format (for example the one a Debian system keeps up to date). Both the ICANN and
 * the private sections count, as browsers use them. Immutable and thread-safe.
 */
public final class PublicSuffixList {

    /** Class-path resource of the bundled list. */
    public static final String RESOURCE = "public_suffix_list.dat";

    private static final class Bundled {
        static final PublicSuffixList INSTANCE = read(PublicSuffixList.class.getResourceAsStream(RESOURCE), RESOURCE);
    }

    private final Set<String> rules;
    private final Set<String> wildcards;
    private final Set<String> exceptions;

    private PublicSuffixList(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
        this.rules = rules;
        this.wildcards = wildcards;
        this.exceptions = exceptions;
    }

    /** The list bundled with the library (loaded once, on first use). */
    public static PublicSuffixList defaults() {
        return Bundled.INSTANCE;
    }

    /**
     * Reads a list in the publicsuffix.org format (one rule per line, {@code //} comments).
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public static PublicSuffixList load(Path file) {
        try {
            return read(Files.newInputStream(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read public suffix list " + file, e);
        }
    }

    private static PublicSuffixList read(InputStream in, String what) {
        if (in == null) {
            throw new IllegalStateException("public suffix list " + what + " not found");
        }
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String rule = line.strip();
                int space = rule.indexOf(' ');
                if (space >= 0) {
                    rule = rule.substring(0, space); // the format reads a rule up to the first white space
                }
                if (rule.isEmpty() || rule.startsWith("//")) {
                    continue;
                }
                rule = rule.toLowerCase(Locale.ROOT);
                if (rule.startsWith("!")) {
                    exceptions.add(rule.substring(1));
                } else if (rule.startsWith("*.")) {
                    wildcards.add(rule.substring(2));
                } else {
                    rules.add(rule);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read public suffix list " + what, e);
        }
        return new PublicSuffixList(Set.copyOf(rules), Set.copyOf(wildcards), Set.copyOf(exceptions));
    }

    /** Number of rules (plain, wildcard and exception). */
    public int size() {
        return rules.size() + wildcards.size() + exceptions.size();
    }

    /**
     * The public suffix of {@code name} (lower case, no trailing dot): the longest matching rule's
     * labels, or the last label when no rule matches.
     */
    public String publicSuffix(String name) {
        String n = normalise(name);
        if (n.isEmpty()) {
            return n;
        }
        // Walk from the whole name to its last label: the first (longest) match wins.
        for (int start = 0; start >= 0; start = next(n, start)) {
            String candidate = n.substring(start);
            if (exceptions.contains(candidate)) {
                return candidate.substring(candidate.indexOf('.') + 1); // "!www.ck": the suffix is "ck"
            }
            if (rules.contains(candidate)) {
                return candidate;
            }
            int dot = candidate.indexOf('.');
            if (dot > 0 && wildcards.contains(candidate.substring(dot + 1))) {
                return candidate;
            }
        }
        return n.substring(n.lastIndexOf('.') + 1);
    }

    /**
     * The registered domain of {@code name}: its public suffix plus one label, lower case; the
     * name itself when it is a public suffix or has a single label.
     */
    public String registeredDomain(String name) {
        String n = normalise(name);
        String suffix = publicSuffix(n);
        if (suffix.length() >= n.length()) {
            return n;
        }
        int end = n.length() - suffix.length() - 1; // the dot before the suffix
        int start = n.lastIndexOf('.', end - 1) + 1;
        return n.substring(start);
    }

    private static int next(String n, int start) {
        int dot = n.indexOf('.', start);
        return dot < 0 ? -1 : dot + 1;
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
