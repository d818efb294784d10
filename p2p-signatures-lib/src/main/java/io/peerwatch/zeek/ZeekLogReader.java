package io.peerwatch.zeek;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads any Zeek log ({@code conn.log}, {@code http.log} ...) written by Zeek's ASCII writer, in
 * either of its two formats, detected from the first line:
 * <ul>
 * <li>tab-separated values with header lines {@code #separator \x09}, {@code #set_separator},
 * {@code #empty_field}, {@code #unset_field}, {@code #path}, {@code #open}, {@code #fields},
 * {@code #types}, {@code #close} (a file may hold several header blocks, e.g. concatenated logs);
 * values escape special bytes as {@code \xHH};</li>
 * <li>JSON lines ({@code LogAscii::use_json=T}): one object per line; nested objects are flattened
 * to dotted names ({@code {"id":{"orig_h":..}}} reads as {@code id.orig_h}).</li>
 * </ul>
 * Format reference: Zeek documentation, "Logging Framework" and "Zeek Logs" (docs.zeek.org).
 *
 * <pre>{@code
 * try (ZeekLogReader r = ZeekLogReader.open(Path.of("conn.log"))) {
 *     for (Optional<ZeekRow> row = r.next(); row.isPresent(); row = r.next()) {
 *         long ts = row.get().timeMs("ts").orElseThrow();
 *     }
 * }
 * }</pre>
 *
 * <p>Bad lines (wrong column count, malformed JSON, over-long) throw {@link ZeekLogException} from
 * {@link #next()} unless a handler was given; then they are passed to it, counted and skipped.
 * After a thrown bad-line exception the reader stays usable: the next call reads the next line.
 * Not thread-safe.
 */
public final class ZeekLogReader implements Closeable {

    /** Lines longer than this (1 MiB characters) are bad lines; bounds memory per line. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
    /** Nesting depth accepted in JSON lines; Zeek itself writes flat objects. */
    public static final int DEFAULT_MAX_JSON_DEPTH = 8;

    /** The two Zeek writer formats. */
    public enum Format {
        TSV,
        JSON
    }

    private static final String DEFAULT_SET_SEPARATOR = ",";
    private static final String DEFAULT_EMPTY = "(empty)";
    private static final String DEFAULT_UNSET = "-";

    private final LineReader in;
    private final String source;
    private final Consumer<? super ZeekLogException> onBad;
    private final int maxJsonDepth;
    private Format format;
    private long line;
    private long skipped;
    private String separator = "\t";
    private String setSeparator = DEFAULT_SET_SEPARATOR;
    private String emptyField = DEFAULT_EMPTY;
    private String unsetField = DEFAULT_UNSET;
    private Optional<String> path = Optional.empty();
    private List<String> fields = List.of();
    private List<String> types = List.of();
    private String pushedBack;

    private ZeekLogReader(Reader reader, String source, Consumer<? super ZeekLogException> onBad, int maxLineLength,
            int maxJsonDepth) {
        this.in = new LineReader(reader, maxLineLength);
        this.source = source;
        this.onBad = onBad;
        this.maxJsonDepth = maxJsonDepth;
    }

    /** Opens a file that fails at the first bad line. */
    public static ZeekLogReader open(Path file) throws IOException {
        return open(file, null);
    }

    /**
     * Opens a file (UTF-8).
     *
     * @param onBadLine receives each bad line and reading continues; null to throw at the first
     * @throws ZeekLogException when the file is empty or neither a TSV nor a JSON Zeek log
     */
    public static ZeekLogReader open(Path file, Consumer<? super ZeekLogException> onBadLine) throws IOException {
        return of(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.getFileName().toString(), onBadLine,
                DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_JSON_DEPTH);
    }

    /** Reads from an open reader (closed by {@link #close()}); {@code source} names it in messages. */
    public static ZeekLogReader of(Reader reader, String source, Consumer<? super ZeekLogException> onBadLine,
            int maxLineLength, int maxJsonDepth) throws IOException {
        if (maxLineLength < 1 || maxJsonDepth < 1) {
            throw new IllegalArgumentException("line length and JSON depth limits must be at least 1");
        }
        ZeekLogReader r = new ZeekLogReader(reader instanceof BufferedReader ? reader : new BufferedReader(reader),
                source, onBadLine, maxLineLength, maxJsonDepth);
        r.detect();
        return r;
    }

    private void detect() throws IOException {
        String first;
        do {
            first = in.readLine();
            line++;
        } while (first != null && first.isBlank() && !in.wasTooLong());
        if (first == null) {
            in.close();
            throw new ZeekLogException(source, 0, "empty file, expected a Zeek log");
        }
        if (first.startsWith("#")) {
            format = Format.TSV;
        } else if (first.startsWith("{")) {
            format = Format.JSON;
        } else {
            in.close();
            throw new ZeekLogException(source, line, "not a Zeek log: first line starts with neither '#' (TSV header)"
                    + " nor '{' (JSON)");
        }
        pushedBack = first;
        line--;
    }

    /** The detected format. */
    public Format format() {
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

    /** Source label used in messages. */
    public String source() {
        return source;
    }

    /** Bad lines skipped so far. */
    public long skipped() {
        return skipped;
    }

    /**
     * The next record, or empty at the end.
     *
     * @throws ZeekLogException for a bad line when no handler was given
     */
    public Optional<ZeekRow> next() throws IOException {
        while (true) {
            String text;
            if (pushedBack != null) {
                text = pushedBack;
                pushedBack = null;
            } else {
                text = in.readLine();
            }
            line++;
            if (text == null) {
                return Optional.empty();
            }
            try {
                if (in.wasTooLong()) {
                    throw new ZeekLogException(source, line, "line longer than the limit");
                }
                Optional<ZeekRow> row = format == Format.TSV ? tsv(text) : json(text);
                if (row.isPresent()) {
                    return row;
                }
            } catch (ZeekLogException e) {
                if (onBad == null) {
                    throw e;
                }
                skipped++;
                onBad.accept(e);
            }
        }
    }

    // ---- TSV --------------------------------------------------------------------------------

    private Optional<ZeekRow> tsv(String text) throws ZeekLogException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.startsWith("#")) {
            header(text);
            return Optional.empty();
        }
        if (fields.isEmpty()) {
            throw new ZeekLogException(source, line, "data line before the #fields header");
        }
        String[] cols = text.split(java.util.regex.Pattern.quote(separator), -1);
        if (cols.length != fields.size()) {
            throw new ZeekLogException(source, line, "expected " + fields.size() + " fields, found " + cols.length);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int k = 0; k < cols.length; k++) {
            String raw = cols[k];
            if (raw.equals(unsetField)) {
                continue;
            }
            boolean container = k < types.size() && (types.get(k).startsWith("set[") || types.get(k).startsWith("vector["));
            if (container) {
                List<String> elements = new ArrayList<>();
                if (!raw.equals(emptyField)) {
                    for (String e : raw.split(java.util.regex.Pattern.quote(setSeparator), -1)) {
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

    private void header(String text) throws ZeekLogException {
        if (text.startsWith("#separator")) {
            // "#separator \x09": the only header whose value follows a space, itself escaped
            String v = text.substring("#separator".length()).strip();
            separator = unescape(v);
            if (separator.isEmpty()) {
                throw new ZeekLogException(source, line, "empty #separator");
            }
            fields = List.of();
            types = List.of();
            return;
        }
        int cut = text.indexOf(separator);
        String key = cut < 0 ? text : text.substring(0, cut);
        String value = cut < 0 ? "" : text.substring(cut + separator.length());
        switch (key) {
            case "#set_separator" -> setSeparator = unescape(value);
            case "#empty_field" -> emptyField = unescape(value);
            case "#unset_field" -> unsetField = unescape(value);
            case "#path" -> path = Optional.of(unescape(value));
            case "#fields" -> {
                fields = List.of(value.split(java.util.regex.Pattern.quote(separator), -1));
                types = List.of();
            }
            case "#types" -> {
                types = List.of(value.split(java.util.regex.Pattern.quote(separator), -1));
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

    private Optional<ZeekRow> json(String text) throws ZeekLogException {
        if (text.isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> obj;
        try {
            obj = Json.parseObject(text, maxJsonDepth);
        } catch (Json.JsonException e) {
            throw new ZeekLogException(source, line, "malformed JSON: " + e.getMessage());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        flatten("", obj, values);
        Object p = values.get("_path");
        if (p instanceof String s) {
            path = Optional.of(s);
        }
        return Optional.of(new ZeekRow(source, line, values));
    }

    private void flatten(String prefix, Map<String, Object> obj, Map<String, Object> out) throws ZeekLogException {
        for (Map.Entry<String, Object> e : obj.entrySet()) {
            String name = prefix + e.getKey();
            Object v = e.getValue();
            if (v == Json.NULL) {
                continue;
            }
            if (v instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) nested;
                flatten(name + ".", m, out);
            } else if (out.putIfAbsent(name, v) != null) {
                throw new ZeekLogException(source, line, "field '" + name + "' appears twice");
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
