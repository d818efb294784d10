package io.peerwatch.zeek;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the lines of one Zeek log into {@link ZeekRow}s, one line at a time: the parsing half of
 * {@link ZeekLogReader}, for callers that receive lines one by one (a proxy-log parser, a
 * stream). Formats as in {@link ZeekLogReader}: TSV header lines update this parser's state
 * (separator, set separator, empty and unset markers, {@code #path}, {@code #fields},
 * {@code #types}) and yield no row; a JSON line is one object, nested objects flattened to dotted
 * names.
 *
 * <pre>{@code
 * ZeekLineParser p = ZeekLineParser.of(ZeekLogReader.Format.TSV, ZeekLogReader.DEFAULT_MAX_JSON_DEPTH,
 *         ZeekLineParser.Wording.ZEEK);
 * long n = 0;
 * for (String line : lines) {
 *     p.parse(line, "http.log", ++n).ifPresent(row -> handle(row.string("uri")));
 * }
 * }</pre>
 *
 * <p>Errors: a bad line throws {@link ZeekLogException} naming source, line and reason; the
 * parser stays usable for the next line. Not thread-safe: one instance per log.
 */
public final class ZeekLineParser {

    /**
     * How the line errors that callers have published in their own words are worded.
     * {@link #ZEEK} is {@link ZeekLogReader}'s wording.
     */
    public interface Wording {
        /** {@link ZeekLogReader}'s wording, e.g. {@code expected 21 fields, found 2}. */
        Wording ZEEK = new Wording() {
            @Override
            public String columnCount(int expected, int found) {
                return "expected " + expected + " fields, found " + found;
            }

            @Override
            public String malformedJson(String problem, int column) {
                return "malformed JSON: " + problem + " at column " + column;
            }
        };

        /** A TSV data line whose column count differs from the {@code #fields} header's. */
        String columnCount(int expected, int found);

        /** A JSON line that is not one well-formed object; {@code column} is 1-based. */
        String malformedJson(String problem, int column);
    }

    private static final String DEFAULT_SET_SEPARATOR = ",";
    private static final String DEFAULT_EMPTY = "(empty)";
    private static final String DEFAULT_UNSET = "-";

    private final ZeekLogReader.Format format;
    private final int maxJsonDepth;
    private final Wording wording;
    private String separator = "\t";
    private Pattern separatorPattern = literal(separator);
    private String setSeparator = DEFAULT_SET_SEPARATOR;
    private Pattern setSeparatorPattern = literal(setSeparator);
    private String emptyField = DEFAULT_EMPTY;
    private String unsetField = DEFAULT_UNSET;
    private Optional<String> path = Optional.empty();
    private List<String> fields = List.of();
    private List<String> types = List.of();
    /** Per column of {@link #types}: a {@code set[...]} or {@code vector[...]}, split into elements. */
    private boolean[] containers = new boolean[0];

    private ZeekLineParser(ZeekLogReader.Format format, int maxJsonDepth, Wording wording) {
        this.format = format;
        this.maxJsonDepth = maxJsonDepth;
        this.wording = wording;
    }

    /**
     * A parser for the lines of one log in the given format.
     *
     * @param maxJsonDepth nesting depth accepted in JSON lines (at least 1)
     * @param wording how column-count and malformed-JSON errors are worded
     * @throws IllegalArgumentException when {@code maxJsonDepth} is below 1
     */
    public static ZeekLineParser of(ZeekLogReader.Format format, int maxJsonDepth, Wording wording) {
        if (maxJsonDepth < 1) {
            throw new IllegalArgumentException("JSON depth limit must be at least 1");
        }
        if (format == null || wording == null) {
            throw new IllegalArgumentException("format and wording are required");
        }
        return new ZeekLineParser(format, maxJsonDepth, wording);
    }

    /** The format this parser reads. */
    public ZeekLogReader.Format format() {
        return format;
    }

    /** The log's {@code #path} (TSV) or {@code _path} (JSON, when the writer included it). */
    public Optional<String> path() {
        return path;
    }

    /** The current TSV {@code #fields}; empty for JSON. */
    public List<String> fields() {
        return fields;
    }

    /** The current TSV {@code #types}; empty for JSON. */
    public List<String> types() {
        return types;
    }

    /** The current TSV {@code #set_separator} (unescaped; {@code ,} by default). */
    public String setSeparator() {
        return setSeparator;
    }

    /**
     * Parses one line (without its line terminator).
     *
     * @param source file name or stream label, for the row and for errors
     * @param line 1-based line number, for the row and for errors
     * @return the row, or empty for a header or blank line
     * @throws ZeekLogException naming source, line and reason when the line is malformed
     */
    public Optional<ZeekRow> parse(String text, String source, long line) throws ZeekLogException {
        return format == ZeekLogReader.Format.TSV ? tsv(text, source, line) : json(text, source, line);
    }

    // ---- TSV --------------------------------------------------------------------------------

    private Optional<ZeekRow> tsv(String text, String source, long line) throws ZeekLogException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.startsWith("#")) {
            header(text, source, line);
            return Optional.empty();
        }
        if (fields.isEmpty()) {
            throw new ZeekLogException(source, line, "data line before the #fields header");
        }
        String[] cols = separatorPattern.split(text, -1);
        if (cols.length != fields.size()) {
            throw new ZeekLogException(source, line, wording.columnCount(fields.size(), cols.length));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int k = 0; k < cols.length; k++) {
            String raw = cols[k];
            if (raw.equals(unsetField)) {
                continue;
            }
            if (k < containers.length && containers[k]) {
                List<String> elements = new ArrayList<>();
                if (!raw.equals(emptyField)) {
                    for (String e : setSeparatorPattern.split(raw, -1)) {
                        elements.add(unescape(e));
                    }
                }
                values.put(fields.get(k), List.copyOf(elements));
            } else {
                values.put(fields.get(k), raw.equals(emptyField) ? "" : unescape(raw));
            }
        }
        return Optional.of(new ZeekRow(source, line, values));
    }

    private void header(String text, String source, long line) throws ZeekLogException {
        if (text.startsWith("#separator")) {
            // "#separator \x09": the only header whose value follows a space, itself escaped
            String v = text.substring("#separator".length()).strip();
            separator = unescape(v);
            if (separator.isEmpty()) {
                throw new ZeekLogException(source, line, "empty #separator");
            }
            separatorPattern = literal(separator);
            fields = List.of();
            setTypes(List.of());
            return;
        }
        int cut = text.indexOf(separator);
        String key = cut < 0 ? text : text.substring(0, cut);
        String value = cut < 0 ? "" : text.substring(cut + separator.length());
        switch (key) {
            case "#set_separator" -> {
                setSeparator = unescape(value);
                setSeparatorPattern = literal(setSeparator);
            }
            case "#empty_field" -> emptyField = unescape(value);
            case "#unset_field" -> unsetField = unescape(value);
            case "#path" -> path = Optional.of(unescape(value));
            case "#fields" -> {
                fields = List.of(separatorPattern.split(value, -1));
                setTypes(List.of());
            }
            case "#types" -> {
                setTypes(List.of(separatorPattern.split(value, -1)));
                if (types.size() != fields.size()) {
                    throw new ZeekLogException(source, line, "#types lists " + types.size() + " types for "
                            + fields.size() + " #fields");
                }
            }
            default -> {
                // #open, #close and comments carry nothing a reader needs
            }
        }
    }

    private void setTypes(List<String> t) {
        types = t;
        containers = new boolean[t.size()];
        for (int k = 0; k < containers.length; k++) {
            containers[k] = t.get(k).startsWith("set[") || t.get(k).startsWith("vector[");
        }
    }

    /** Splits on {@code s} taken literally (as {@code String.split(Pattern.quote(s), -1)} does). */
    private static Pattern literal(String s) {
        return Pattern.compile(Pattern.quote(s));
    }

    /** Decodes Zeek's {@code \xHH} escapes (bytes, then UTF-8); other text is kept as is. */
    static String unescape(String s) {
        if (s.indexOf("\\x") < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x'
                    && Character.digit(s.charAt(i + 2), 16) >= 0 && Character.digit(s.charAt(i + 3), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 2), 16) * 16 + Character.digit(s.charAt(i + 3), 16));
                i += 4;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---- JSON -------------------------------------------------------------------------------

    private Optional<ZeekRow> json(String text, String source, long line) throws ZeekLogException {
        if (text.isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> obj;
        try {
            obj = Json.parseObject(text, maxJsonDepth);
        } catch (Json.JsonException e) {
            throw new ZeekLogException(source, line, wording.malformedJson(e.problem, e.index + 1));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        flatten("", obj, values, source, line);
        Object p = values.get("_path");
        if (p instanceof String s) {
            path = Optional.of(s);
        }
        return Optional.of(new ZeekRow(source, line, values));
    }

    private static void flatten(String prefix, Map<String, Object> obj, Map<String, Object> out, String source,
            long line) throws ZeekLogException {
        for (Map.Entry<String, Object> e : obj.entrySet()) {
            String name = prefix + e.getKey();
            Object v = e.getValue();
            if (v == Json.NULL) {
                continue;
            }
            if (v instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) nested;
                flatten(name + ".", m, out, source, line);
            } else if (out.putIfAbsent(name, v) != null) {
                throw new ZeekLogException(source, line, "field '" + name + "' appears twice");
            }
        }
    }
}
