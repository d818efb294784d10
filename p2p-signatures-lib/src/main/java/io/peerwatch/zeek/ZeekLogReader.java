package io.peerwatch.zeek;

import io.peerwatch.core.TextLines;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * <p>Lines are decoded as UTF-8 one by one ({@link TextLines}). Bad lines (wrong column count,
 * malformed JSON, not UTF-8, over-long) throw {@link ZeekLogException} from
 * {@link #next()} unless a handler was given; then they are passed to it, counted and skipped.
 * After a thrown bad-line exception the reader stays usable: the next call reads the next line.
 * Not thread-safe. Parsing is {@link ZeekLineParser}'s; this class reads lines and detects the format.
 */
public final class ZeekLogReader implements Closeable {

    /** Lines longer than this (1 MiB) are bad lines; bounds memory per line. */
    public static final int DEFAULT_MAX_LINE_LENGTH = TextLines.DEFAULT_MAX_LINE_BYTES;
    /** Nesting depth accepted in JSON lines; Zeek itself writes flat objects. */
    public static final int DEFAULT_MAX_JSON_DEPTH = 8;

    /** The two Zeek writer formats. */
    public enum Format {
        TSV,
        JSON
    }

    private final TextLines in;
    private final String source;
    private final Consumer<? super ZeekLogException> onBad;
    private final int maxJsonDepth;
    private ZeekLineParser lines;
    private long line;
    private long skipped;
    private TextLines.Line pushedBack;

    private ZeekLogReader(InputStream input, String source, Consumer<? super ZeekLogException> onBad, int maxLineLength,
            int maxJsonDepth) {
        this.in = TextLines.of(input, maxLineLength);
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
        return of(Files.newInputStream(file), file.getFileName().toString(), onBadLine,
                DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_JSON_DEPTH);
    }

    /**
     * Reads from an open stream of UTF-8 text (closed by {@link #close()}); {@code source} names it
     * in messages.
     *
     * @param maxLineLength longest line in bytes; longer ones are bad lines
     */
    public static ZeekLogReader of(InputStream input, String source, Consumer<? super ZeekLogException> onBadLine,
            int maxLineLength, int maxJsonDepth) throws IOException {
        if (maxLineLength < 1 || maxJsonDepth < 1) {
            throw new IllegalArgumentException("line length and JSON depth limits must be at least 1");
        }
        ZeekLogReader r = new ZeekLogReader(input, source, onBadLine, maxLineLength, maxJsonDepth);
        r.detect();
        return r;
    }

    private void detect() throws IOException {
        TextLines.Line first;
        do {
            first = in.next();
            line++;
        } while (first != null && first.fault().isEmpty() && first.text().isBlank());
        if (first == null) {
            in.close();
            throw new ZeekLogException(source, 0, "empty file, expected a Zeek log");
        }
        Format format;
        if (first.fault().isPresent()) {
            in.close();
            throw new ZeekLogException(source, line, "not a Zeek log: first line " + first.reason());
        } else if (first.text().startsWith("#")) {
            format = Format.TSV;
        } else if (first.text().startsWith("{")) {
            format = Format.JSON;
        } else {
            in.close();
            throw new ZeekLogException(source, line, "not a Zeek log: first line starts with neither '#' (TSV header)"
                    + " nor '{' (JSON)");
        }
        lines = ZeekLineParser.of(format, maxJsonDepth, ZeekLineParser.Wording.ZEEK);
        pushedBack = first;
        line--;
    }

    /** The detected format. */
    public Format format() {
        return lines.format();
    }

    /** The log's {@code #path} (TSV) or {@code _path} (JSON, when the writer included it). */
    public Optional<String> path() {
        return lines.path();
    }

    /** The current TSV {@code #fields}; empty for JSON. */
    public List<String> fields() {
        return lines.fields();
    }

    /** The current TSV {@code #types}; empty for JSON. */
    public List<String> types() {
        return lines.types();
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
            TextLines.Line text;
            if (pushedBack != null) {
                text = pushedBack;
                pushedBack = null;
            } else {
                text = in.next();
            }
            line++;
            if (text == null) {
                return Optional.empty();
            }
            try {
                if (text.fault().isPresent()) {
                    throw new ZeekLogException(source, line, text.reason());
                }
                Optional<ZeekRow> row = lines.parse(text.text(), source, line);
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

    @Override
    public void close() throws IOException {
        in.close();
    }
}
