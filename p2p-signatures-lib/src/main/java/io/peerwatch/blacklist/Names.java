package io.peerwatch.blacklist;

import java.util.Locale;
import java.util.Set;

/** Domain name normalisation shared by the list parser and lookups (RFC 1035 / RFC 1123 limits). */
final class Names {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    /** Names of hosts-file entries that map the machine itself, not blocked sites. */
    static final Set<String> LOCAL_NAMES = Set.of("localhost", "localhost.localdomain", "local", "broadcasthost",
            "ip6-localhost", "ip6-loopback", "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters",
            "ip6-allhosts", "0.0.0.0");

    private Names() {
    }

    /**
     * A list entry in canonical form: lower case, no trailing dot, a leading {@code *.} or
     * {@code .} removed; null when it is not a valid name. Letters, digits, '-', '_' and non-ASCII
     * characters (IDN written in Unicode) are allowed; punycode stays as written.
     */
    static String normalizeEntry(String raw) {
        String s = raw.toLowerCase(Locale.ROOT);
        if (s.startsWith("*.")) {
            s = s.substring(2);
        } else if (s.startsWith(".")) {
            s = s.substring(1);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > MAX_NAME) {
            return null;
        }
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0 || len > MAX_LABEL) {
                    return null;
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80)) {
                return null;
            }
        }
        return s;
    }

    /** A host to look up: lower case, brackets and trailing dot removed; null when empty. */
    static String normalizeHost(String host) {
        if (host == null) {
            return null;
        }
        String s = host.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() ? null : s;
    }

    /** True for IPv6 literals and dotted-quad IPv4 (matched exactly, never by suffix). */
    static boolean isIpLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }

    /** Labels in reverse order: {@code a.example.com} becomes {@code com.example.a}. */
    static String reversed(String name) {
        if (name.indexOf(':') >= 0) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length());
        int end = name.length();
        for (int i = name.length() - 1; i >= -1; i--) {
            if (i < 0 || name.charAt(i) == '.') {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(name, i + 1, end);
                end = i;
            }
        }
        return sb.toString();
    }
}
