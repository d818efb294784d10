package io.peerwatch.proxy;

import io.peerwatch.core.IpAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zeek {@code http.log} (the {@code HTTP::Info} record of Zeek's base/protocols/http
 * scripts), written by Zeek's ASCII writer either as TSV with {@code #separator},
 * {@code #fields} ... header lines (values escaped as {@code \xHH}, {@code -} unset,
 * {@code (empty)} empty) or as JSON lines ({@code LogAscii::use_json}, {@code ts} as epoch
 * seconds or ISO 8601).
 *
 * <p>Field mapping: {@code ts} (the request time), {@code id.orig_h} the client,
 * {@code username} the user, {@code method}, {@code host} + {@code uri} (an origin-form URI is
 * made absolute with the Host header), {@code id.resp_p} the port when the URI has none,
 * {@code status_code}, {@code response_body_len} / {@code request_body_len} the bytes,
 * {@code resp_mime_types} / {@code orig_mime_types} the first sniffed types,
 * {@code user_agent}, {@code referrer}, {@code id.resp_h} the peer. Zeek has no duration or
 * proxy action in http.log: 0 and empty.
 *
 * <p>TSV parsers remember the header of their file: one instance per file.
 */
final class ZeekHttpParser implements ProxyLogParser {

    private static final String UNSET = "-";
    private static final String EMPTY = "(empty)";
    private static final long MILLIS = 1000L;
    private static final int HTTP_PORT = 80;

    private final ProxyLogFormat format;
    private final boolean json;
    /** TSV state: field name to column, from the latest #fields line. */
    private Map<String, Integer> columns;
    private String separator = "\t";
    private String setSeparator = ",";

    private ZeekHttpParser(ProxyLogFormat format, boolean json) {
        this.format = format;
        this.json = json;
    }

    static ZeekHttpParser tsv(ProxyLogFormat f) {
        return new ZeekHttpParser(f, false);
    }

    static ZeekHttpParser json(ProxyLogFormat f) {
        return new ZeekHttpParser(f, true);
    }

    @Override
    public ProxyLogFormat format() {
        return format;
    }

    @Override
    public Optional<ProxyEntry> parse(String line, String source, long lineNumber) throws ProxyLogException {
        String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (s.isBlank()) {
            return Optional.empty();
        }
        try {
            return json ? Optional.of(build(ZeekJson.parseObject(s.strip()), true)) : tsvLine(s);
        } catch (IllegalArgumentException e) {
            throw new ProxyLogException(source, lineNumber, e.getMessage(), line);
        }
    }

    private Optional<ProxyEntry> tsvLine(String s) {
        if (s.startsWith("#")) {
            header(s);
            return Optional.empty();
        }
        if (columns == null) {
            throw new IllegalArgumentException("record before the #fields header line");
        }
        String[] cells = s.split(java.util.regex.Pattern.quote(separator), -1);
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " fields (#fields), got " + cells.length);
        }
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, Integer> c : columns.entrySet()) {
            String v = cells[c.getValue()];
            if (v.equals(UNSET)) {
                continue;
            }
            values.put(c.getKey(), v.equals(EMPTY) ? "" : unescape(v));
        }
        return Optional.of(build(values, false));
    }

    private void header(String s) {
        int sp = s.indexOf(s.startsWith("#separator") ? ' ' : '\t');
        String key = sp < 0 ? s : s.substring(0, sp);
        String rest = sp < 0 ? "" : s.substring(sp + 1);
        switch (key) {
            case "#separator" -> separator = unescape(rest.strip());
            case "#set_separator" -> setSeparator = rest;
            case "#fields" -> {
                String[] names = rest.split(java.util.regex.Pattern.quote(separator), -1);
                Map<String, Integer> m = new HashMap<>();
                for (int i = 0; i < names.length; i++) {
                    m.put(names[i], i);
                }
                if (!m.containsKey("ts") || !m.containsKey("id.orig_h")) {
                    throw new IllegalArgumentException("#fields lacks ts or id.orig_h: not an http.log header");
                }
                columns = m;
            }
            default -> { }
        }
    }

    /** Decodes Zeek's {@code \xHH} escapes (UTF-8 bytes). */
    private static String unescape(String v) {
        if (v.indexOf("\\x") < 0) {
            return v;
        }
        byte[] out = new byte[v.length()];
        int o = 0;
        byte[] in = v.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && i + 3 < in.length && in[i + 1] == 'x' && Character.digit(in[i + 2], 16) >= 0
                    && Character.digit(in[i + 3], 16) >= 0) {
                out[o++] = (byte) (Character.digit(in[i + 2], 16) * 16 + Character.digit(in[i + 3], 16));
                i += 3;
            } else {
                if (o == out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                out[o++] = in[i];
            }
        }
        return new String(out, 0, o, StandardCharsets.UTF_8);
    }

    private ProxyEntry build(Map<String, Object> v, boolean fromJson) {
        long ts = time(v.get("ts"));
        String clientText = text(v, "id.orig_h");
        if (clientText == null) {
            throw new IllegalArgumentException("no id.orig_h");
        }
        IpAddress client;
        try {
            client = IpAddress.parse(clientText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("id.orig_h is not an IP address: '" + LogformatParser.clip(clientText) + "'");
        }
        String method = text(v, "method");
        String host = text(v, "host");
        String uri = text(v, "uri");
        int respPort = (int) number(v, "id.resp_p", 0xffff);
        String url = uri == null ? UNSET : uri;
        if (uri != null && uri.startsWith("/") && host != null) {
            url = "http://" + authority(host, respPort) + uri;
        }
        ProxyEntry.Builder b = ProxyEntry.builder(ts, client, method == null ? UNSET : method, url)
                .user(text(v, "username"))
                .status((int) number(v, "status_code", ParseLimits.MAX_STATUS))
                .bytesToClient(number(v, "response_body_len", Long.MAX_VALUE))
                .contentType(first(v.get("resp_mime_types"), fromJson))
                .requestContentType(first(v.get("orig_mime_types"), fromJson))
                .userAgent(text(v, "user_agent"))
                .referer(text(v, "referrer"))
                .peer(text(v, "id.resp_h"));
        if (v.get("request_body_len") != null) {
            b.bytesFromClient(number(v, "request_body_len", Long.MAX_VALUE));
        }
        b.deriveDestination();
        ProxyEntry e = b.build();
        if (e.host().isEmpty() && host != null) {
            e = LogformatParser.hostFromHeader(e, host);
        }
        if (e.port() == 0 && respPort != 0) {
            e = e.toBuilder().port(respPort).build();
        }
        return e;
    }

    /** The Host header as an authority: kept when it has a port, else the connection's port added. */
    private static String authority(String host, int port) {
        long colons = host.chars().filter(c -> c == ':').count();
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : colons == 1;
        if (hasPort) {
            return host;
        }
        String h = colons > 1 && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + (port != 0 && port != HTTP_PORT ? ":" + port : "");
    }

    private String first(Object o, boolean fromJson) {
        if (o == null) {
            return null;
        }
        if (o instanceof List<?> l) {
            return l.isEmpty() || l.get(0) == null ? null : l.get(0).toString();
        }
        String s = o.toString();
        if (s.isEmpty()) {
            return null;
        }
        int comma = fromJson ? -1 : s.indexOf(setSeparator);
        return comma < 0 ? s : s.substring(0, comma);
    }

    private static String text(Map<String, Object> v, String key) {
        Object o = v.get(key);
        if (o == null || o instanceof List<?>) {
            return null;
        }
        String s = o.toString();
        return s.isEmpty() || s.equals(UNSET) ? null : s;
    }

    private static long number(Map<String, Object> v, String key, long max) {
        Object o = v.get(key);
        if (o == null) {
            return 0;
        }
        long n;
        if (o instanceof Double d) {
            if (d != Math.floor(d) || d < 0 || d > max) {
                throw new IllegalArgumentException(key + " out of range: " + d);
            }
            n = d.longValue();
        } else {
            String s = o.toString();
            try {
                n = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is not a number: '" + LogformatParser.clip(s) + "'");
            }
        }
        if (n < 0 || n > max) {
            throw new IllegalArgumentException(key + " out of range: " + n);
        }
        return n;
    }

    /** Epoch seconds with a fraction ("1320279566.452687", JSON number) or ISO 8601 text. */
    private static long time(Object o) {
        if (o == null) {
            throw new IllegalArgumentException("no ts");
        }
        if (o instanceof Double d) {
            if (!(d >= 0) || d > ParseLimits.MAX_EPOCH_SECONDS) {
                throw new IllegalArgumentException("ts out of range: " + d);
            }
            return (long) Math.floor(d * MILLIS);
        }
        String s = o.toString();
        if (!s.isEmpty() && Character.isDigit(s.charAt(0)) && s.indexOf('T') < 0) {
            int dot = s.indexOf('.');
            String whole = dot < 0 ? s : s.substring(0, dot);
            String frac = dot < 0 ? "" : s.substring(dot + 1);
            if (whole.length() > ParseLimits.MAX_SECONDS_DIGITS || !whole.chars().allMatch(Character::isDigit)
                    || !frac.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("ts is not epoch seconds: '" + LogformatParser.clip(s) + "'");
            }
            long ms = 0;
            for (int i = 0; i < 3; i++) {
                ms = ms * 10 + (i < frac.length() ? frac.charAt(i) - '0' : 0);
            }
            return Long.parseLong(whole) * MILLIS + ms;
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ts is neither epoch seconds nor ISO 8601: '" + LogformatParser.clip(s) + "'");
        }
    }
}
