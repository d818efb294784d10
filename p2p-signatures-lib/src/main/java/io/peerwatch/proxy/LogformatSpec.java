package io.peerwatch.proxy;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A compiled Squid {@code logformat} specification: literals and {@code %} codes, following the
 * syntax of Squid's {@code logformat} directive
 * (https://www.squid-cache.org/Doc/config/logformat/):
 * {@code % [encoding] [-] [[0]width][.max] [{arg}] code [{arg}]}, with namespaces
 * {@code http::}, {@code ssl::}/{@code tls::}, {@code icap::}, {@code adapt::}.
 *
 * <p>Codes that feed {@link ProxyRecord} fields are mapped to a {@link Role}; every other code
 * Squid documents is accepted and skipped. An unknown code is rejected at construction with its
 * column, so a typo in a format never silently mis-parses a log.
 */
final class LogformatSpec {

    /** What a {@code %} code contributes to a {@link ProxyRecord}. */
    enum Role {
        TIME_SECONDS, TIME_MILLIS, TIME_LOCAL, TIME_GMT, TIME_START, DURATION,
        CLIENT_IP, CLIENT_FQDN, USER_NAME, USER_LOGIN, USER_EXTERNAL, USER_SSL, USER_IDENT,
        STATUS_SENT, STATUS_RECEIVED, SQUID_STATUS, HIERARCHY, SERVER_ADDR, SERVER_NAME, SERVER_PORT,
        MIME_TYPE, METHOD, METHOD_SERVER, URL, URL_SERVER, PATH, DOMAIN, URL_PORT,
        BYTES_FROM_CLIENT, BYTES_TO_CLIENT, BODY_BYTES_FROM_SERVER, REQUEST_HEADER, REPLY_HEADER, IGNORED
    }

    enum Kind { SPACE, TEXT, FIELD }

    /** Squid's encodings for a value (the explicit {@code %"} etc. or the literal context). */
    enum Quoting { NONE, QUOTES, MIMEBLOB, URL, SHELL, RAW }

    record Element(Kind kind, String text, Role role, String code, String arg, Quoting quoting,
            DateTimeFormatter dateFormat, int column) {
    }

    private static final Map<String, Role> HTTP_CODES = Map.ofEntries(
            Map.entry(">a", Role.CLIENT_IP), Map.entry(">p", Role.IGNORED), Map.entry(">A", Role.CLIENT_FQDN),
            Map.entry("<a", Role.SERVER_ADDR), Map.entry("<p", Role.SERVER_PORT),
            Map.entry("<A", Role.SERVER_NAME), Map.entry(">h", Role.REQUEST_HEADER),
            Map.entry("<h", Role.REPLY_HEADER), Map.entry(">v", Role.IGNORED),
            Map.entry(">la", Role.IGNORED), Map.entry("la", Role.IGNORED), Map.entry(">lp", Role.IGNORED),
            Map.entry("lp", Role.IGNORED), Map.entry("<la", Role.IGNORED), Map.entry("oa", Role.IGNORED),
            Map.entry("<lp", Role.IGNORED), Map.entry("ts", Role.TIME_SECONDS), Map.entry("tu", Role.TIME_MILLIS),
            Map.entry("tl", Role.TIME_LOCAL), Map.entry("tg", Role.TIME_GMT), Map.entry("tS", Role.TIME_START),
            Map.entry("tr", Role.DURATION), Map.entry("<pt", Role.IGNORED), Map.entry("<tt", Role.IGNORED),
            Map.entry("dt", Role.IGNORED), Map.entry(">ha", Role.REQUEST_HEADER), Map.entry("un", Role.USER_NAME),
            Map.entry("ul", Role.USER_LOGIN), Map.entry("ui", Role.USER_IDENT), Map.entry("us", Role.USER_SSL),
            Map.entry("ue", Role.USER_EXTERNAL), Map.entry("Hs", Role.STATUS_SENT),
            Map.entry(">Hs", Role.STATUS_SENT), Map.entry("<Hs", Role.STATUS_RECEIVED),
            Map.entry("<bs", Role.BODY_BYTES_FROM_SERVER), Map.entry("Ss", Role.SQUID_STATUS),
            Map.entry("Sh", Role.HIERARCHY), Map.entry("mt", Role.MIME_TYPE), Map.entry(">rm", Role.METHOD),
            Map.entry(">ru", Role.URL), Map.entry(">rs", Role.IGNORED), Map.entry(">rd", Role.DOMAIN),
            Map.entry(">rP", Role.URL_PORT), Map.entry(">rp", Role.PATH), Map.entry(">rv", Role.IGNORED),
            Map.entry("rm", Role.METHOD), Map.entry("ru", Role.URL), Map.entry("rp", Role.PATH),
            Map.entry("rv", Role.IGNORED), Map.entry("rG", Role.IGNORED), Map.entry("<rm", Role.METHOD_SERVER),
            Map.entry("<ru", Role.URL_SERVER), Map.entry("<rs", Role.IGNORED), Map.entry("<rd", Role.IGNORED),
            Map.entry("<rP", Role.IGNORED), Map.entry("<rp", Role.IGNORED), Map.entry("<rv", Role.IGNORED),
            Map.entry(">st", Role.BYTES_FROM_CLIENT), Map.entry(">sh", Role.IGNORED),
            Map.entry("<st", Role.BYTES_TO_CLIENT), Map.entry("<sH", Role.IGNORED), Map.entry("<sS", Role.IGNORED),
            Map.entry("<sh", Role.IGNORED), Map.entry("st", Role.IGNORED), Map.entry("et", Role.IGNORED),
            Map.entry("ea", Role.IGNORED), Map.entry("sn", Role.IGNORED), Map.entry(">eui", Role.IGNORED),
            Map.entry(">qos", Role.IGNORED), Map.entry("<qos", Role.IGNORED), Map.entry(">nfmark", Role.IGNORED),
            Map.entry("<nfmark", Role.IGNORED), Map.entry(">handshake", Role.IGNORED),
            Map.entry("err_code", Role.IGNORED), Map.entry("err_detail", Role.IGNORED),
            Map.entry("note", Role.IGNORED), Map.entry("credentials", Role.IGNORED),
            Map.entry("master_xaction", Role.IGNORED), Map.entry("busy_time", Role.IGNORED));

    private static final Set<String> SSL_CODES = Set.of("bump_mode", ">cert_subject", ">cert_issuer", ">sni",
            "<cert_subject", "<cert_issuer", "<cert_errors", ">negotiated_version", "<negotiated_version",
            ">negotiated_cipher", "<negotiated_cipher", ">received_hello_version", "<received_hello_version",
            ">received_supported_version", "<received_supported_version");
    private static final Set<String> ICAP_CODES = Set.of("tt", "<last_h", "<A", "<service_name", "ru", "rm",
            ">st", "<st", "<bs", ">h", "<h", "tr", "tio", "to", "Hs");
    private static final Set<String> ADAPT_CODES = Set.of("all_trs", "sum_trs", "<last_h");

    private static final Map<String, Set<String>> NAMESPACES = Map.of(
            "ssl", SSL_CODES, "tls", SSL_CODES, "icap", ICAP_CODES, "adapt", ADAPT_CODES);

    private static final List<String> HTTP_BY_LENGTH = HTTP_CODES.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
            .toList();

    /** Default date layout of %tl and %tg: {@code %d/%b/%Y:%H:%M:%S %z}. */
    static final DateTimeFormatter DEFAULT_DATE = strftime("%d/%b/%Y:%H:%M:%S %z", 0);

    private final String spec;
    private final List<Element> elements;
    private final EnumSet<Role> roles = EnumSet.noneOf(Role.class);

    private LogformatSpec(String spec, List<Element> elements) {
        this.spec = spec;
        this.elements = List.copyOf(elements);
        for (Element e : elements) {
            if (e.kind() == Kind.FIELD) {
                roles.add(e.role());
            }
        }
    }

    String spec() {
        return spec;
    }

    List<Element> elements() {
        return elements;
    }

    boolean has(Role r) {
        return roles.contains(r);
    }

    /**
     * Compiles a specification. Accepts the bare spec or a whole squid.conf line
     * ({@code logformat <name> <spec>}).
     *
     * @throws IllegalArgumentException naming the column and code for an unknown or malformed
     *     code, or the missing field when the format cannot give a usable record
     */
    static LogformatSpec compile(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty logformat specification");
        }
        String spec = text.strip();
        if (spec.startsWith("logformat ") || spec.startsWith("logformat\t")) {
            String[] parts = spec.split("\\s+", 3);
            if (parts.length < 3) {
                throw new IllegalArgumentException("squid.conf logformat line without a specification: " + spec);
            }
            spec = parts[2];
        }
        List<Element> out = new ArrayList<>();
        Quoting context = Quoting.NONE;
        StringBuilder literal = new StringBuilder();
        int literalStart = 0;
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c != '%' || (i + 1 < spec.length() && spec.charAt(i + 1) == '%')) {
                if (literal.length() == 0) {
                    literalStart = i;
                }
                literal.append(c);
                context = switch (c) {
                    case '"' -> context == Quoting.NONE ? Quoting.QUOTES : context == Quoting.QUOTES ? Quoting.NONE : context;
                    case '[' -> context == Quoting.NONE ? Quoting.MIMEBLOB : context;
                    case ']' -> context == Quoting.MIMEBLOB ? Quoting.NONE : context;
                    default -> context;
                };
                i += c == '%' ? 2 : 1;
                continue;
            }
            addLiteral(out, literal, literalStart);
            literal.setLength(0);
            i = field(spec, i, context, out);
        }
        addLiteral(out, literal, literalStart);
        LogformatSpec s = new LogformatSpec(spec, out);
        s.checkUsable();
        return s;
    }

    private void checkUsable() {
        for (int i = 1; i < elements.size(); i++) {
            if (elements.get(i).kind() == Kind.FIELD && elements.get(i - 1).kind() == Kind.FIELD) {
                throw new IllegalArgumentException("codes %" + elements.get(i - 1).code() + " and %"
                        + elements.get(i).code() + " at column " + elements.get(i).column()
                        + " have no separator between them, so their values cannot be told apart: " + spec);
            }
        }
        if (!has(Role.CLIENT_IP) && !has(Role.CLIENT_FQDN)) {
            throw new IllegalArgumentException("logformat has no client address code (%>a): " + spec);
        }
        if (!has(Role.TIME_SECONDS) && !has(Role.TIME_LOCAL) && !has(Role.TIME_GMT) && !has(Role.TIME_START)) {
            throw new IllegalArgumentException("logformat has no time code (%ts, %tl, %tg or %tS): " + spec);
        }
        if (!has(Role.METHOD) && !has(Role.METHOD_SERVER)) {
            throw new IllegalArgumentException("logformat has no request method code (%rm): " + spec);
        }
        if (!has(Role.URL) && !has(Role.URL_SERVER) && !has(Role.PATH) && !has(Role.DOMAIN)) {
            throw new IllegalArgumentException("logformat has no request URL code (%ru): " + spec);
        }
    }

    private static void addLiteral(List<Element> out, StringBuilder literal, int start) {
        int i = 0;
        while (i < literal.length()) {
            int j = i;
            boolean space = isSpace(literal.charAt(i));
            while (j < literal.length() && isSpace(literal.charAt(j)) == space) {
                j++;
            }
            out.add(new Element(space ? Kind.SPACE : Kind.TEXT, literal.substring(i, j), null, null, null,
                    Quoting.NONE, null, start + i + 1));
            i = j;
        }
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Parses one {@code %} code starting at {@code start}; returns the index after it. */
    private static int field(String spec, int start, Quoting context, List<Element> out) {
        int i = start + 1;
        int column = start + 1;
        Quoting quoting = context;
        if (i < spec.length()) {
            switch (spec.charAt(i)) {
                case '"' -> { quoting = Quoting.QUOTES; i++; }
                case '\'' -> { quoting = Quoting.RAW; i++; }
                case '[' -> { quoting = Quoting.MIMEBLOB; i++; }
                case '#' -> { quoting = Quoting.URL; i++; }
                case '/' -> { quoting = Quoting.SHELL; i++; }
                default -> { }
            }
        }
        if (i < spec.length() && spec.charAt(i) == '-') {
            i++;
        }
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        if (i + 1 < spec.length() && spec.charAt(i) == '.' && Character.isDigit(spec.charAt(i + 1))) {
            i++;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                i++;
            }
        }
        String arg = null;
        if (i < spec.length() && spec.charAt(i) == '{') {
            int close = spec.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("unterminated {argument} at column " + column + ": " + spec);
            }
            arg = spec.substring(i + 1, close);
            i = close + 1;
        }
        String code = null;
        Role role = null;
        int ns = spec.indexOf("::", i);
        String nsName = ns > i ? spec.substring(i, ns) : "";
        if (NAMESPACES.containsKey(nsName)) {
            for (String candidate : byLength(NAMESPACES.get(nsName))) {
                if (spec.startsWith(candidate, ns + 2)) {
                    code = nsName + "::" + candidate;
                    role = Role.IGNORED;
                    i = ns + 2 + candidate.length();
                    break;
                }
            }
        } else {
            int from = nsName.equals("http") ? ns + 2 : i;
            for (String candidate : HTTP_BY_LENGTH) {
                if (spec.startsWith(candidate, from)) {
                    code = candidate;
                    role = HTTP_CODES.get(candidate);
                    i = from + candidate.length();
                    break;
                }
            }
        }
        if (code == null) {
            int end = i;
            while (end < spec.length() && !isSpace(spec.charAt(end)) && spec.charAt(end) != '%') {
                end++;
            }
            throw new IllegalArgumentException("unknown logformat code '%" + spec.substring(start + 1, end)
                    + "' at column " + column + " of: " + spec);
        }
        if (arg == null && i < spec.length() && spec.charAt(i) == '{') {
            int close = spec.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("unterminated {argument} at column " + column + ": " + spec);
            }
            arg = spec.substring(i + 1, close);
            i = close + 1;
        }
        DateTimeFormatter date = null;
        if (role == Role.TIME_LOCAL || role == Role.TIME_GMT) {
            date = arg == null ? DEFAULT_DATE : strftime(arg, column);
        }
        out.add(new Element(Kind.FIELD, null, role, code, arg, quoting, date, column));
        return i;
    }

    private static List<String> byLength(Set<String> codes) {
        return codes.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * Converts a strftime layout (the subset Squid users put in %tl/%tg arguments) to a parser.
     *
     * @throws IllegalArgumentException for an unsupported conversion
     */
    static DateTimeFormatter strftime(String layout, int column) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        for (int i = 0; i < layout.length(); i++) {
            char c = layout.charAt(i);
            if (c != '%') {
                b.appendLiteral(c);
                continue;
            }
            if (++i >= layout.length()) {
                throw new IllegalArgumentException("dangling % in time format '" + layout + "' at column " + column);
            }
            switch (layout.charAt(i)) {
                case 'd' -> b.appendValue(ChronoField.DAY_OF_MONTH, 2);
                case 'e' -> b.optionalStart().appendLiteral(' ').optionalEnd().appendValue(ChronoField.DAY_OF_MONTH, 1, 2,
                        java.time.format.SignStyle.NOT_NEGATIVE);
                case 'm' -> b.appendValue(ChronoField.MONTH_OF_YEAR, 2);
                case 'b', 'h' -> b.appendPattern("MMM");
                case 'B' -> b.appendPattern("MMMM");
                case 'Y' -> b.appendValue(ChronoField.YEAR, 4);
                case 'y' -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 2000);
                case 'H' -> b.appendValue(ChronoField.HOUR_OF_DAY, 2);
                case 'M' -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
                case 'S' -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
                case 'T' -> b.appendPattern("HH:mm:ss");
                case 'F' -> b.appendPattern("uuuu-MM-dd");
                case 'z' -> b.appendOffset("+HHMM", "+0000");
                case 'Z' -> b.appendZoneText(java.time.format.TextStyle.SHORT);
                case 'a' -> b.appendPattern("EEE");
                case 'A' -> b.appendPattern("EEEE");
                case '%' -> b.appendLiteral('%');
                default -> throw new IllegalArgumentException("unsupported time conversion '%" + layout.charAt(i)
                        + "' in '" + layout + "' (column " + column + ")");
            }
        }
        return b.toFormatter(Locale.ENGLISH);
    }
}
