package io.peerwatch.proxy;

import io.peerwatch.core.IpAddress;
import io.peerwatch.proxy.LogformatSpec.Element;
import io.peerwatch.proxy.LogformatSpec.Kind;
import io.peerwatch.proxy.LogformatSpec.Quoting;
import io.peerwatch.proxy.LogformatSpec.Role;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses lines written by a Squid {@code logformat} (which also covers the built-in
 * {@code squid}, {@code common} and {@code combined} formats and Apache's common/combined lines).
 *
 * <p>Matching rules: a run of spaces in the format matches one or more spaces or tabs (Squid
 * pads {@code %6tr}); a field ends at the next literal of the format, or at whitespace; inside
 * double quotes a field may hold spaces and backslash escapes ({@code \"}), which are decoded.
 * A dash or an empty field means "absent". Stateless and thread-safe.
 */
final class LogformatParser implements ProxyLogParser {

    private static final int MAX_STATUS = 999;
    private static final int MILLIS_DIGITS = 3;
    private static final long MILLIS_PER_SECOND = 1000L;

    private final ProxyLogFormat format;
    private final LogformatSpec spec;
    private final List<Element> elements;
    /** Index of the first element that may be missing at the end of a line, or -1. */
    private final int optionalFrom;
    /** Whether text after the last field is tolerated (Squid's log_mime_hdrs appends headers). */
    private final boolean allowTrailing;
    /** Per role, the element indexes of its fields in format order (avoids scanning all elements per lookup). */
    private final int[][] byRole = new int[Role.values().length][];

    LogformatParser(ProxyLogFormat format, LogformatSpec spec, int optionalFrom, boolean allowTrailing) {
        this.format = format;
        this.spec = spec;
        this.elements = spec.elements();
        this.optionalFrom = optionalFrom;
        this.allowTrailing = allowTrailing;
        for (Role r : Role.values()) {
            byRole[r.ordinal()] = java.util.stream.IntStream.range(0, elements.size())
                    .filter(k -> elements.get(k).kind() == Kind.FIELD && elements.get(k).role() == r).toArray();
        }
    }

    @Override
    public ProxyLogFormat format() {
        return format;
    }

    @Override
    public Optional<ProxyRecord> parse(String line, String source, long lineNumber) throws ProxyLogException {
        int n = line.length();
        while (n > 0 && (LogformatSpec.isSpace(line.charAt(n - 1)) || line.charAt(n - 1) == '\r')) {
            n--;
        }
        int pos = 0;
        while (pos < n && LogformatSpec.isSpace(line.charAt(pos))) {
            pos++;
        }
        if (pos >= n || line.charAt(pos) == '#') {
            return Optional.empty();
        }
        String[] values = new String[elements.size()];
        for (int k = 0; k < elements.size(); k++) {
            if (k == optionalFrom && pos >= n) {
                break;
            }
            Element e = elements.get(k);
            switch (e.kind()) {
                case SPACE -> {
                    if (pos >= n || !LogformatSpec.isSpace(line.charAt(pos))) {
                        throw fail(source, lineNumber, line, pos >= n ? "line ends before field " + nextCode(k)
                                : "expected a space before " + nextCode(k) + " at column " + (pos + 1) + ", found "
                                        + found(line, pos, n));
                    }
                    while (pos < n && LogformatSpec.isSpace(line.charAt(pos))) {
                        pos++;
                    }
                }
                case TEXT -> {
                    if (!line.startsWith(e.text(), pos) || pos + e.text().length() > n) {
                        throw fail(source, lineNumber, line, "expected '" + e.text() + "'" + afterField(k) + " at column "
                                + (pos + 1) + (pos >= n ? " (line ends)" : ", found " + found(line, pos, n)));
                    }
                    pos += e.text().length();
                }
                case FIELD -> {
                    int end = fieldEnd(line, pos, n, k, source, lineNumber);
                    values[k] = line.substring(pos, end);
                    pos = end;
                }
            }
        }
        if (pos < n && !allowTrailing) {
            throw fail(source, lineNumber, line, "unexpected text after the last field at column " + (pos + 1));
        }
        try {
            return Optional.of(build(values));
        } catch (IllegalArgumentException ex) {
            throw fail(source, lineNumber, line, ex.getMessage());
        }
    }

    /** " after field %X" when element {@code k} follows a field, so a message names the field it is in. */
    private String afterField(int k) {
        return k > 0 && elements.get(k - 1).kind() == Kind.FIELD ? " after field " + display(elements.get(k - 1)) : "";
    }

    /** Up to 12 characters of the line from {@code pos}, quoted, to show what was there instead. */
    private static String found(String line, int pos, int n) {
        String t = line.substring(pos, Math.min(n, pos + 12));
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.append(n > pos + 12 ? "...'" : "'").toString();
    }

    private String nextCode(int k) {
        for (int i = k; i < elements.size(); i++) {
            if (elements.get(i).kind() == Kind.FIELD) {
                return display(elements.get(i));
            }
        }
        return "end of line";
    }

    private int fieldEnd(String s, int pos, int n, int k, String source, long lineNumber) throws ProxyLogException {
        Element e = elements.get(k);
        Element next = k + 1 < elements.size() ? elements.get(k + 1) : null;
        boolean escaped = e.quoting() == Quoting.QUOTES || e.quoting() == Quoting.SHELL;
        boolean spaces = escaped || e.quoting() == Quoting.MIMEBLOB || e.dateFormat() != null;
        if (next == null || next.kind() == Kind.SPACE) {
            return nextSpace(s, pos, n);
        }
        String lit = next.text();
        for (int i = pos; i < n; i++) {
            char c = s.charAt(i);
            if (escaped && c == '\\') {
                i++;
                continue;
            }
            if (!spaces && LogformatSpec.isSpace(c)) {
                return i;
            }
            if (s.startsWith(lit, i) && (!spaces || literalFits(s, i + lit.length(), n, k + 2))) {
                return i;
            }
        }
        throw fail(source, lineNumber, s, display(e) + " at column " + (pos + 1) + " is not followed by '" + lit + "'");
    }

    /** After a closing literal, the line must continue with what the format expects next. */
    private boolean literalFits(String s, int at, int n, int nextIndex) {
        if (nextIndex >= elements.size()) {
            return at >= n || allowTrailing && LogformatSpec.isSpace(s.charAt(at));
        }
        Element after = elements.get(nextIndex);
        return switch (after.kind()) {
            case SPACE -> at >= n ? nextIndex >= optionalFrom && optionalFrom >= 0 : LogformatSpec.isSpace(s.charAt(at));
            case TEXT -> s.startsWith(after.text(), at);
            case FIELD -> true;
        };
    }

    private static String display(Element e) {
        return "%" + (e.arg() == null ? "" : "{" + e.arg() + "}") + e.code();
    }

    private static int nextSpace(String s, int pos, int n) {
        int i = pos;
        while (i < n && !LogformatSpec.isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static ProxyLogException fail(String source, long lineNumber, String line, String reason) {
        return new ProxyLogException(source, lineNumber, reason, line);
    }

    private String value(String[] values, Role role) {
        for (int k : byRole[role.ordinal()]) {
            Element e = elements.get(k);
            if (values[k] != null) {
                String v = decode(values[k], e.quoting());
                if (!v.isEmpty() && !v.equals("-")) {
                    return v;
                }
            }
        }
        return null;
    }

    private String header(String[] values, Role role, String name) {
        for (int k : byRole[role.ordinal()]) {
            Element e = elements.get(k);
            if (values[k] != null && e.arg() != null
                    && e.arg().equalsIgnoreCase(name)) {
                String v = decode(values[k], e.quoting());
                return v.isEmpty() || v.equals("-") ? null : v;
            }
        }
        return null;
    }

    private static String decode(String v, Quoting q) {
        if ((q != Quoting.QUOTES && q != Quoting.SHELL) || v.indexOf('\\') < 0) {
            return q == Quoting.SHELL && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
                    ? v.substring(1, v.length() - 1) : v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char d = v.charAt(++i);
                sb.append(switch (d) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> d;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private ProxyRecord build(String[] v) {
        String clientText = value(v, Role.CLIENT_IP);
        if (clientText == null) {
            clientText = value(v, Role.CLIENT_FQDN);
        }
        if (clientText == null) {
            throw new IllegalArgumentException("no client address");
        }
        IpAddress client;
        try {
            client = IpAddress.parse(clientText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client address is not an IP address: '" + clip(clientText) + "'");
        }
        String method = first(value(v, Role.METHOD), value(v, Role.METHOD_SERVER));
        if (method == null) {
            throw new IllegalArgumentException("no request method");
        }
        String url = first(value(v, Role.URL), value(v, Role.URL_SERVER), value(v, Role.PATH));
        long duration = number(value(v, Role.DURATION), "duration (%tr)", 0);
        long ts = timestamp(v, duration);
        ProxyRecord.Builder b = ProxyRecord.builder(ts, client, method, url == null ? "-" : url)
                .status((int) bounded(number(first(value(v, Role.STATUS_SENT), value(v, Role.STATUS_RECEIVED)),
                        "status", 0), MAX_STATUS, "status"))
                .bytesToClient(number(first(value(v, Role.BYTES_TO_CLIENT), value(v, Role.BODY_BYTES_FROM_SERVER)),
                        "reply size (%<st)", 0))
                .durationMs(duration)
                .user(user(v))
                .contentType(first(value(v, Role.MIME_TYPE), header(v, Role.REPLY_HEADER, "Content-Type")))
                .userAgent(header(v, Role.REQUEST_HEADER, "User-Agent"))
                .referer(header(v, Role.REQUEST_HEADER, "Referer"))
                .requestContentType(header(v, Role.REQUEST_HEADER, "Content-Type"))
                .action(value(v, Role.SQUID_STATUS))
                .hierarchy(value(v, Role.HIERARCHY))
                .peer(first(value(v, Role.SERVER_ADDR), value(v, Role.SERVER_NAME)));
        String from = value(v, Role.BYTES_FROM_CLIENT);
        if (from != null) {
            b.bytesFromClient(number(from, "request size (%>st)", 0));
        }
        String domain = first(value(v, Role.DOMAIN), null);
        if (domain != null) {
            b.host(domain);
        }
        String urlPort = value(v, Role.URL_PORT);
        if (urlPort != null) {
            b.port((int) bounded(number(urlPort, "URL port (%>rP)", 0), 0xffff, "URL port"));
        }
        b.deriveDestination();
        String hostHeader = header(v, Role.REQUEST_HEADER, "Host");
        ProxyRecord e = b.build();
        if (e.host().isEmpty() && hostHeader != null) {
            e = hostFromHeader(e, hostHeader);
        }
        String serverPort = value(v, Role.SERVER_PORT);
        if (e.port() == 0 && serverPort != null) {
            e = e.toBuilder().port((int) bounded(number(serverPort, "server port (%<p)", 0), 0xffff, "server port")).build();
        }
        return e;
    }

    static ProxyRecord hostFromHeader(ProxyRecord e, String hostHeader) {
        Urls.Target t = Urls.target("CONNECT", hostHeader);
        ProxyRecord.Builder b = e.toBuilder();
        if (t.host() != null) {
            b.host(t.host());
            if (e.port() == 0 && hostHeader.indexOf(':') >= 0 && t.port() != 0) {
                b.port(t.port());
            }
        }
        return b.build();
    }

    private String user(String[] v) {
        String u = first(value(v, Role.USER_NAME), value(v, Role.USER_LOGIN), value(v, Role.USER_EXTERNAL),
                value(v, Role.USER_SSL), value(v, Role.USER_IDENT));
        return u == null ? null : percentDecode(u);
    }

    private long timestamp(String[] v, long durationMs) {
        String secs = value(v, Role.TIME_SECONDS);
        if (secs != null) {
            long s = number(secs, "time (%ts)", 0);
            if (s > ParseLimits.MAX_EPOCH_SECONDS) {
                throw new IllegalArgumentException("time (%ts) out of range: " + s);
            }
            String frac = value(v, Role.TIME_MILLIS);
            return s * MILLIS_PER_SECOND + (frac == null ? 0 : millis(frac));
        }
        String start = value(v, Role.TIME_START);
        if (start != null) {
            int dot = start.indexOf('.');
            long s = number(dot < 0 ? start : start.substring(0, dot), "start time (%tS)", 0);
            return s * MILLIS_PER_SECOND + (dot < 0 ? 0 : millis(start.substring(dot + 1))) + durationMs;
        }
        for (int k = 0; k < elements.size(); k++) {
            Element e = elements.get(k);
            if (e.kind() == Kind.FIELD && e.dateFormat() != null && v[k] != null && !v[k].equals("-")) {
                return date(v[k], e);
            }
        }
        throw new IllegalArgumentException("no time");
    }

    /** Up to three fraction digits as milliseconds ("5" is 500 ms, "573" is 573 ms, "573123" is 573 ms). */
    private static long millis(String digits) {
        long ms = 0;
        for (int i = 0; i < MILLIS_DIGITS; i++) {
            ms *= 10;
            if (i < digits.length()) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("sub-second time is not a number: '" + clip(digits) + "'");
                }
                ms += c - '0';
            }
        }
        return ms;
    }

    private static long date(String text, Element e) {
        if (e.dateFormat() == LogformatSpec.DEFAULT_DATE) {
            long fast = ClfDate.parse(text);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
            throw new IllegalArgumentException("bad date '" + clip(text) + "', expected dd/Mon/yyyy:HH:mm:ss +zzzz");
        }
        try {
            TemporalAccessor t = e.dateFormat().parse(text);
            ZoneOffset off = t.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            return java.time.LocalDateTime.of(t.get(ChronoField.YEAR), t.get(ChronoField.MONTH_OF_YEAR),
                    t.get(ChronoField.DAY_OF_MONTH), t.get(ChronoField.HOUR_OF_DAY), t.get(ChronoField.MINUTE_OF_HOUR),
                    t.get(ChronoField.SECOND_OF_MINUTE)).toInstant(off).toEpochMilli();
        } catch (java.time.DateTimeException ex) {
            throw new IllegalArgumentException("bad date '" + clip(text) + "' for format '" + e.arg() + "'");
        }
    }

    private static long number(String text, String what, long absent) {
        if (text == null) {
            return absent;
        }
        long v = 0;
        if (text.isEmpty() || text.length() > 18) {
            throw new IllegalArgumentException(what + " is not a number: '" + clip(text) + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(what + " is not a non-negative number: '" + clip(text) + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static long bounded(long v, long max, String what) {
        if (v > max) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
        return v;
    }

    @SafeVarargs
    private static <T> T first(T... options) {
        for (T o : options) {
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** Decodes %XX escapes (Squid URL-encodes user names); malformed escapes stay as they are. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int o = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out[o++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                System.arraycopy(b, 0, out, o, b.length);
                o += b.length;
            }
        }
        return new String(out, 0, o, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "LogformatParser[" + format.name().toLowerCase(Locale.ROOT) + ": " + spec.spec() + "]";
    }
}
