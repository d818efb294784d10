package io.peerwatch.proxy;

import io.peerwatch.core.IpAddress;
import io.peerwatch.zeek.ZeekLineParser;
import io.peerwatch.zeek.ZeekLogException;
import io.peerwatch.zeek.ZeekLogReader;
import io.peerwatch.zeek.ZeekRow;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
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
 * <p>Lines are split, unescaped and JSON-decoded by {@link ZeekLineParser}, the parser of
 * {@link ZeekLogReader}, so both read Zeek logs alike: JSON lines must be RFC 8259 JSON (as Zeek
 * writes it) and nested objects read as dotted names; TSV honours {@code #set_separator},
 * {@code #empty_field}, {@code #unset_field} and {@code #types}. This class maps the row to a
 * {@link ProxyRecord}. TSV parsers remember the header of their file: one instance per file.
 */
final class ZeekHttpParser implements ProxyLogParser {

    private static final String UNSET = "-";
    private static final long MILLIS = 1000L;
    private static final int HTTP_PORT = 80;
    /** This parser's published wording of the two errors whose text differs from ZeekLogReader's. */
    private static final ZeekLineParser.Wording WORDING = new ZeekLineParser.Wording() {
        @Override
        public String columnCount(int expected, int found) {
            return "expected " + expected + " fields (#fields), got " + found;
        }

        @Override
        public String malformedJson(String problem, int column) {
            return "bad JSON at column " + column + ": " + problem;
        }
    };

    private final ProxyLogFormat format;
    private final boolean json;
    private final ZeekLineParser lines;
    /** TSV: the latest {@code #fields} header names {@code ts} and {@code id.orig_h}. */
    private boolean httpFields;

    private ZeekHttpParser(ProxyLogFormat format, boolean json) {
        this.format = format;
        this.json = json;
        this.lines = ZeekLineParser.of(json ? ZeekLogReader.Format.JSON : ZeekLogReader.Format.TSV,
                ZeekLogReader.DEFAULT_MAX_JSON_DEPTH, WORDING);
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
    public Optional<ProxyRecord> parse(String line, String source, long lineNumber) throws ProxyLogException {
        String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (s.isBlank()) {
            return Optional.empty();
        }
        try {
            return json ? lines.parse(s.strip(), source, lineNumber).map(row -> build(row, true))
                    : tsvLine(s, source, lineNumber);
        } catch (ZeekLogException e) {
            throw new ProxyLogException(source, lineNumber, e.reason(), line);
        } catch (IllegalArgumentException e) {
            throw new ProxyLogException(source, lineNumber, e.getMessage(), line);
        }
    }

    private Optional<ProxyRecord> tsvLine(String s, String source, long lineNumber) throws ZeekLogException {
        if (s.startsWith("#")) {
            lines.parse(s, source, lineNumber);
            List<String> fields = lines.fields();
            httpFields = fields.contains("ts") && fields.contains("id.orig_h");
            if (!httpFields && s.startsWith("#fields")) {
                throw new IllegalArgumentException("#fields lacks ts or id.orig_h: not an http.log header");
            }
            return Optional.empty();
        }
        if (!httpFields) {
            throw new IllegalArgumentException("record before the #fields header line");
        }
        return lines.parse(s, source, lineNumber).map(row -> build(row, false));
    }

    private ProxyRecord build(ZeekRow v, boolean fromJson) {
        long ts = time(value(v, "ts"));
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
        ProxyRecord.Builder b = ProxyRecord.builder(ts, client, method == null ? UNSET : method, url)
                .user(text(v, "username"))
                .status((int) number(v, "status_code", ParseLimits.MAX_STATUS))
                .bytesToClient(number(v, "response_body_len", Long.MAX_VALUE))
                .contentType(first(value(v, "resp_mime_types"), fromJson))
                .requestContentType(first(value(v, "orig_mime_types"), fromJson))
                .userAgent(text(v, "user_agent"))
                .referer(text(v, "referrer"))
                .peer(text(v, "id.resp_h"));
        if (v.has("request_body_len")) {
            b.bytesFromClient(number(v, "request_body_len", Long.MAX_VALUE));
        }
        b.deriveDestination();
        ProxyRecord e = b.build();
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
        int comma = fromJson ? -1 : s.indexOf(lines.setSeparator());
        return comma < 0 ? s : s.substring(0, comma);
    }

    /**
     * A field as the conversions below take it: null when unset, a Double for a JSON number, a
     * List for a set, vector or JSON array, else the text.
     */
    private static Object value(ZeekRow v, String key) {
        if (v.isList(key)) {
            return v.set(key);
        }
        String s = v.string(key).orElse(null);
        return s != null && v.isNumber(key) ? Double.valueOf(s) : s;
    }

    private static String text(ZeekRow v, String key) {
        Object o = value(v, key);
        if (o == null || o instanceof List<?>) {
            return null;
        }
        String s = o.toString();
        return s.isEmpty() || s.equals(UNSET) ? null : s;
    }

    private static long number(ZeekRow v, String key, long max) {
        Object o = value(v, key);
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
