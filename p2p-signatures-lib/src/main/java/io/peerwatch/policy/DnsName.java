package io.peerwatch.policy;

import java.net.IDN;
import java.util.Locale;

/**
 * A domain name that is safe to write into any policy format: ASCII (internationalised names
 * converted to punycode), lower case, no trailing dot, labels of 1..63 characters from
 * {@code [a-z0-9_-]}, at most 253 characters, at least two labels and a top-level label that is
 * not all digits. Nothing else can be built, so a renderer that takes a {@code DnsName} cannot
 * be made to write configuration syntax (quotes, semicolons, braces, spaces, newlines) from a
 * list or an alert.
 *
 * @param name the canonical text, e.g. {@code xn--bcher-kva.example}
 */
public record DnsName(String name) implements Comparable<DnsName> {

    /** RFC 1035: at most 253 characters in text form without the trailing dot. */
    public static final int MAX_NAME = 253;
    /** RFC 1035: at most 63 characters per label. */
    public static final int MAX_LABEL = 63;

    public DnsName {
        String reason = problem(name);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
    }

    /**
     * Parses a name as lists and alerts write it (any case, trailing dot, Unicode letters).
     *
     * @throws IllegalArgumentException with the reason it is not exportable
     */
    public static DnsName parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        if (text.indexOf('\uFFFD') >= 0) {
            throw new IllegalArgumentException("bytes that are not UTF-8 text");
        }
        String s = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        boolean ascii = s.chars().allMatch(c -> c < 0x80);
        if (!ascii) {
            try {
                s = IDN.toASCII(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid internationalised name (a prohibited or malformed code point)");
            }
        }
        return new DnsName(s.toLowerCase(Locale.ROOT));
    }

    /** Null when {@code s} is a canonical exportable name, else why not. */
    private static String problem(String s) {
        if (s == null || s.isEmpty()) {
            return "empty name";
        }
        if (s.length() > MAX_NAME) {
            return "longer than " + MAX_NAME + " characters";
        }
        int labelStart = 0;
        int labels = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    return "empty label";
                }
                if (len > MAX_LABEL) {
                    return "a label longer than " + MAX_LABEL + " characters";
                }
                labels++;
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return "character " + (c < 0x20 || c > 0x7e ? String.format(Locale.ROOT, "U+%04X", (int) c) : "'" + c + "'")
                        + " is not allowed in a DNS name (a-z, 0-9, '-', '_')";
            }
        }
        if (labels < 2) {
            return "a single-label name (a top-level domain or a bare host name) is never exported";
        }
        String tld = s.substring(s.lastIndexOf('.') + 1);
        if (tld.chars().allMatch(Character::isDigit)) {
            return "the top-level label is numeric (a partial address?)";
        }
        return null;
    }

    /** True when this name is {@code other} or a subdomain of it. */
    public boolean isWithin(DnsName other) {
        return name.equals(other.name) || name.endsWith("." + other.name);
    }

    /** The parent domain, or null for a two-label name (top-level domains are never rules). */
    DnsName parentOrNull() {
        int dot = name.indexOf('.');
        String rest = name.substring(dot + 1);
        return rest.indexOf('.') < 0 ? null : new DnsName(rest);
    }

    /** The top-level label. */
    public String topLevel() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    @Override
    public int compareTo(DnsName o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
