package io.peerwatch.zeek;

import io.peerwatch.core.IpAddress;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One record of a Zeek log, from either the tab-separated or the JSON writer, with typed
 * accessors by field name ({@code "id.orig_h"}, {@code "orig_bytes"} ...).
 *
 * <p>An unset field ({@code -} in TSV, {@code null} or absent in JSON) reads as empty; an empty
 * field ({@code (empty)}) reads as an empty string or set. A value that does not fit the accessor's
 * type throws {@link IllegalArgumentException} naming the field and the value; readers turn that
 * into a {@link ZeekLogException} for the line ({@link #error}).
 */
public final class ZeekRow {
    private static final int MAX_PORT = 0xffff;

    private final String source;
    private final long line;
    /** String (TSV text), Json.Num, Boolean, String (JSON) or List of those; unset fields are absent. */
    private final Map<String, Object> values;

    ZeekRow(String source, long line, Map<String, Object> values) {
        this.source = source;
        this.line = line;
        this.values = Collections.unmodifiableMap(values);
    }

    /** The file the row came from. */
    public String source() {
        return source;
    }

    /** The row's 1-based line number. */
    public long line() {
        return line;
    }

    /** Names of the fields that are set in this row. */
    public Set<String> fields() {
        return values.keySet();
    }

    /** True when the field is present and set. */
    public boolean has(String field) {
        return values.containsKey(field);
    }

    /** True when the field holds a JSON number (JSON logs only: TSV values are text). */
    public boolean isNumber(String field) {
        return values.get(field) instanceof Json.Num;
    }

    /** True when the field holds a list: a JSON array, or a TSV {@code set[...]} or {@code vector[...]} column. */
    public boolean isList(String field) {
        return values.get(field) instanceof List<?>;
    }

    /** An exception for this row (file and line) with the given reason. */
    public ZeekLogException error(String reason) {
        return new ZeekLogException(source, line, reason);
    }

    /** The value as text (numbers and booleans as written). */
    public Optional<String> string(String field) {
        Object v = values.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof List<?>) {
            throw bad(field, v, "a single value");
        }
        return Optional.of(v instanceof Json.Num n ? n.text() : v.toString());
    }

    /** A non-negative integer ({@code count}, {@code int} >= 0). */
    public OptionalLong count(String field) {
        Optional<String> s = string(field);
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long v = Long.parseLong(s.get());
            if (v < 0) {
                throw bad(field, s.get(), "a count");
            }
            return OptionalLong.of(v);
        } catch (NumberFormatException e) {
            throw bad(field, s.get(), "a count");
        }
    }

    /** A port number 0..65535. */
    public OptionalInt port(String field) {
        OptionalLong v;
        try {
            v = count(field);
        } catch (IllegalArgumentException e) {
            throw bad(field, string(field).orElse(""), "a port");
        }
        if (v.isPresent() && v.getAsLong() > MAX_PORT) {
            throw bad(field, Long.toString(v.getAsLong()), "a port");
        }
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    /** An IPv4 or IPv6 address. */
    public Optional<IpAddress> addr(String field) {
        Optional<String> s = string(field);
        try {
            return s.map(IpAddress::parse);
        } catch (IllegalArgumentException e) {
            throw bad(field, s.orElse(""), "an address");
        }
    }

    /**
     * A {@code time} as epoch milliseconds: seconds with a fraction (TSV, JSON default) or an
     * ISO-8601 string (JSON with {@code LogAscii::json_timestamps=JSON::TS_ISO8601}).
     */
    public OptionalLong timeMs(String field) {
        Optional<String> s = string(field);
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        String v = s.get();
        if (v.indexOf('T') > 0) {
            try {
                return OptionalLong.of(Instant.parse(v).toEpochMilli());
            } catch (DateTimeParseException e) {
                throw bad(field, v, "a time");
            }
        }
        return OptionalLong.of(seconds(field, v, "a time"));
    }

    /** An {@code interval} (seconds with a fraction) in milliseconds. */
    public OptionalLong intervalMs(String field) {
        Optional<String> s = string(field);
        return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(seconds(field, s.get(), "an interval"));
    }

    private long seconds(String field, String v, String what) {
        try {
            return new BigDecimal(v).movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(field, v, what);
        }
    }

    /** A {@code bool}: {@code T}/{@code F} in TSV, true/false in JSON. */
    public Optional<Boolean> bool(String field) {
        Object v = values.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        return switch (v.toString()) {
            case "T" -> Optional.of(true);
            case "F" -> Optional.of(false);
            default -> throw bad(field, v, "a bool (T or F)");
        };
    }

    /** A {@code set[...]} or {@code vector[...]}: elements as text; empty when unset. */
    public List<String> set(String field) {
        Object v = values.get(field);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(o instanceof Json.Num n ? n.text() : o.toString());
            }
            return List.copyOf(out);
        }
        return List.of(v.toString());
    }

    private static IllegalArgumentException bad(String field, Object value, String expected) {
        String text = value.toString();
        if (text.length() > 80) {
            text = text.substring(0, 77) + "...";
        }
        return new IllegalArgumentException("field '" + field + "': '" + text + "' is not " + expected);
    }

    @Override
    public String toString() {
        return source + ":" + line + " " + values;
    }
}
