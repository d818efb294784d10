package io.peerwatch.proxy;

import java.util.Locale;
import java.util.Optional;

/**
 * Request-target helpers (RFC 9112 section 3.2: origin-form, absolute-form, authority-form
 * for CONNECT, asterisk-form). Lenient: a target that fits no form yields no host.
 */
final class Urls {

    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;
    private static final int FTP_PORT = 21;
    private static final int GOPHER_PORT = 70;

    /** Host (null when unknown) and port (0 when unknown) of a request target. */
    record Target(String host, int port) {
    }

    private static final Target NONE = new Target(null, 0);

    private Urls() {
    }

    static Target target(String method, String url) {
        if (url.isEmpty() || url.equals("-") || url.charAt(0) == '/' || url.equals("*")) {
            return NONE;
        }
        int scheme = url.indexOf("://");
        if (scheme > 0 && isScheme(url, scheme)) {
            int start = scheme + 3;
            int end = start;
            while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
                end++;
            }
            String authority = url.substring(start, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                authority = authority.substring(at + 1);
            }
            return hostPort(authority, defaultPort(url.substring(0, scheme)));
        }
        if (method.equalsIgnoreCase("CONNECT")) {
            return hostPort(url, HTTPS_PORT);
        }
        return NONE;
    }

    private static boolean isScheme(String url, int end) {
        for (int i = 0; i < end; i++) {
            char c = url.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> HTTP_PORT;
            case "https", "wss" -> HTTPS_PORT;
            case "ftp" -> FTP_PORT;
            case "gopher" -> GOPHER_PORT;
            default -> 0;
        };
    }

    /** Splits {@code host[:port]} or {@code [v6][:port]}; a bad port gives {@code defaultPort}. */
    private static Target hostPort(String authority, int defaultPort) {
        if (authority.isEmpty()) {
            return NONE;
        }
        String host;
        String portText = null;
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close < 0) {
                return NONE;
            }
            host = authority.substring(1, close);
            if (close + 1 < authority.length() && authority.charAt(close + 1) == ':') {
                portText = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            boolean single = colon >= 0 && authority.indexOf(':') == colon;
            host = single ? authority.substring(0, colon) : authority;
            portText = single ? authority.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            return NONE;
        }
        int port = defaultPort;
        if (portText != null && !portText.isEmpty()) {
            port = parsePort(portText, defaultPort);
        }
        return new Target(host.toLowerCase(Locale.ROOT), port);
    }

    private static int parsePort(String text, int fallback) {
        if (text.length() > 5) {
            return fallback;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return fallback;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 0xffff ? v : fallback;
    }

    /** Index where the path starts, or -1 for targets without a path (CONNECT, "*"). */
    private static int pathStart(String url) {
        if (url.startsWith("/")) {
            return 0;
        }
        int scheme = url.indexOf("://");
        if (scheme > 0 && isScheme(url, scheme)) {
            int slash = url.indexOf('/', scheme + 3);
            int q = url.indexOf('?', scheme + 3);
            if (slash < 0 || (q >= 0 && q < slash)) {
                return q < 0 ? url.length() : q;
            }
            return slash;
        }
        return -1;
    }

    static String path(String url) {
        int start = pathStart(url);
        if (start < 0) {
            return "";
        }
        int end = start;
        while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != '#') {
            end++;
        }
        String p = url.substring(start, end);
        return p.isEmpty() ? "/" : p;
    }

    static Optional<String> query(String url) {
        int start = pathStart(url);
        if (start < 0) {
            return Optional.empty();
        }
        int q = url.indexOf('?', start);
        if (q < 0) {
            return Optional.empty();
        }
        int hash = url.indexOf('#', q);
        return Optional.of(url.substring(q + 1, hash < 0 ? url.length() : hash));
    }
}
