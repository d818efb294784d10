package io.peerwatch.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The type of a configuration value: how its text is read (from a file or a flag) and written
 * (by {@code peerwatch config defaults}). Parsing checks the form only ("is this a duration?");
 * ranges are checked once, by the library record the value goes into.
 *
 * <p>Raw values are a {@code String} (a scalar, or a flag's text) or a {@code List<String>} (a
 * YAML sequence); list types accept both, a comma-separated string or a sequence.
 *
 * @param <T> the Java type of the value (always {@link java.io.Serializable})
 */
public abstract class ValueType<T> {

    private final String name;
    private final String expected;

    private ValueType(String name, String expected) {
        this.name = name;
        this.expected = expected;
    }

    /** {@return short type name for the key reference, e.g. {@code duration}} */
    public final String name() {
        return name;
    }

    /** {@return what a valid value looks like, for error messages} */
    public final String expected() {
        return expected;
    }

    /** Reads a scalar; relative paths resolve against {@code base}. */
    abstract T parse(String text, Path base);

    /** Reads a sequence; only list types accept one. */
    T parseList(List<String> items, Path base) {
        throw new IllegalArgumentException("expected " + expected + ", not a list");
    }

    /**
     * {@return the value as YAML text that {@link #parseRaw} reads back to an equal value}
     *
     * @param value a value of this type
     */
    public abstract String format(T value);

    /**
     * Reads a raw value (a {@code String} or a {@code List<String>}).
     *
     * @param raw a {@code String} or a {@code List<String>} of texts, as a YAML file or flags give them
     * @param base folder relative paths resolve against ({@code null}: the working directory)
     * @return the value
     * @throws IllegalArgumentException with the reason, naming the text and what was expected
     */
    @SuppressWarnings("unchecked")
    public final T parseRaw(Object raw, Path base) {
        if (raw instanceof List<?> l) {
            return parseList((List<String>) l, base);
        }
        return parse(String.valueOf(raw).trim(), base);
    }

    final IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not " + expected);
    }

    // --- the types ---

    /**
     * Durations as operators type them, always with a unit: {@code 500ms}, {@code 30s}, {@code 5m},
     * {@code 2h}, {@code 1d}, ISO {@code PT1M}; {@code 0} alone. Printed the same way
     * ({@link #format}: {@code 1m}, never {@code PT1M}).
     */
    public static final ValueType<Duration> DURATION = new ValueType<>("duration",
            "a duration with a unit, such as 90s, 500ms, 5m, 2h, 1d or PT1M") {
        @Override
        Duration parse(String text, Path base) {
            try {
                return parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw bad(text);
            }
        }

        @Override
        public String format(Duration d) {
            long ms = d.toMillis();
            if (!Duration.ofMillis(ms).equals(d)) {
                return d.toString();
            }
            long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
            String[] names = {"d", "h", "m", "s"};
            for (int i = 0; i < units.length; i++) {
                if (ms != 0 && ms % units[i] == 0) {
                    return ms / units[i] + names[i];
                }
            }
            return ms == 0 ? "0s" : ms + "ms";
        }
    };

    /** A whole number within {@code int}. */
    public static final ValueType<Integer> INT = new ValueType<>("integer", "a whole number") {
        @Override
        Integer parse(String text, Path base) {
            try {
                return Integer.valueOf(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw bad(text);
            }
        }

        @Override
        public String format(Integer v) {
            return v.toString();
        }
    };

    /** A number, e.g. {@code 0.85} or {@code 4.5}. */
    public static final ValueType<Double> DOUBLE = new ValueType<>("number", "a number such as 0.85") {
        @Override
        Double parse(String text, Path base) {
            try {
                double v = Double.parseDouble(text);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw bad(text);
            }
        }

        @Override
        public String format(Double v) {
            return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
    };

    /** {@code true} or {@code false}. */
    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("boolean", "true or false") {
        @Override
        Boolean parse(String text, Path base) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw bad(text);
            };
        }

        @Override
        public String format(Boolean v) {
            return v.toString();
        }
    };

    /** Free text. */
    public static final ValueType<String> STRING = new ValueType<>("string", "text") {
        @Override
        String parse(String text, Path base) {
            return text;
        }

        @Override
        public String format(String v) {
            return quote(v);
        }
    };

    /**
     * A byte count: a whole number with an optional unit, decimal ({@code kB MB GB TB}, as ISPs
     * bill) or binary ({@code KiB MiB GiB TiB}); a bare number is bytes.
     */
    public static final ValueType<Long> BYTES = new Scaled("size", "a size such as 70MB, 1GB, 64KiB or 4096",
            new String[] {"TB", "GB", "MB", "KB", "TIB", "GIB", "MIB", "KIB", "B"},
            new long[] {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1000L, 1L << 40, 1L << 30, 1L << 20, 1L << 10, 1L},
            new String[] {"TB", "GB", "MB", "kB", "TiB", "GiB", "MiB", "KiB", "B"});

    /**
     * Link rates in bits per second as network teams write them: {@code 10Mbit/s}, {@code 1Gbit},
     * {@code 512kbit/s}, {@code 100Mbps}, {@code 100000} (bits per second); decimal units ({@code M} = 10^6).
     */
    public static final ValueType<Long> BITRATE = new Scaled("bit rate", "a rate such as 10Mbit/s, 1Gbit/s or 512kbit/s",
            new String[] {"TBIT", "GBIT", "MBIT", "KBIT", "BIT"},
            new long[] {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1000L, 1L},
            new String[] {"Tbit/s", "Gbit/s", "Mbit/s", "kbit/s", "bit/s"}) {
        @Override
        String normalise(String t) {
            if (t.endsWith("/S")) {
                return t.substring(0, t.length() - 2);
            }
            return t.endsWith("BPS") ? t.substring(0, t.length() - 3) + "BIT" : t;
        }
    };

    /** A whole number with an optional unit suffix (sizes, rates); printed in the largest unit that divides it. */
    private static class Scaled extends ValueType<Long> {
        private final String[] units;
        private final long[] factors;
        private final String[] names;

        /** Units upper case, longest first where one ends another; the last is the bare unit (factor 1). */
        Scaled(String name, String expected, String[] units, long[] factors, String[] names) {
            super(name, expected);
            this.units = units;
            this.factors = factors;
            this.names = names;
        }

        /** The upper-case text without blanks, before the unit is looked for. */
        String normalise(String t) {
            return t;
        }

        @Override
        Long parse(String text, Path base) {
            String t = normalise(text.replace("_", "").replace(" ", "").toUpperCase(Locale.ROOT));
            try {
                for (int i = 0; i < units.length; i++) {
                    if (t.endsWith(units[i])) {
                        return Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - units[i].length())), factors[i]);
                    }
                }
                return Long.parseLong(t);
            } catch (NumberFormatException | ArithmeticException e) {
                throw bad(text);
            }
        }

        @Override
        public String format(Long v) {
            for (int i = 0; i < factors.length - 1; i++) {
                if (v != 0 && v % factors[i] == 0) {
                    return v / factors[i] + names[i];
                }
            }
            return v.toString();
        }
    }

    /** A list of text values. */
    public static final ValueType<List<String>> STRINGS = list("list of strings", "a list of text values",
            s -> s);

    /** A path to a file; relative paths resolve against the configuration file's folder (or the working directory for flags); empty means none. */
    public static final ValueType<String> PATH = new ValueType<>("path", "a file path") {
        @Override
        String parse(String text, Path base) {
            return resolve(text, base);
        }

        @Override
        public String format(String v) {
            return quote(v);
        }
    };

    /** A list of file paths, resolved like {@link #PATH}. */
    public static final ValueType<List<String>> PATHS = new ValueType<>("list of paths", "a list of file paths") {
        @Override
        List<String> parse(String text, Path base) {
            return text.isEmpty() ? List.of() : parseList(Arrays.asList(text.split(",")), base);
        }

        @Override
        List<String> parseList(List<String> items, Path base) {
            return items.stream().map(String::trim).filter(s -> !s.isEmpty()).map(s -> resolve(s, base)).toList();
        }

        @Override
        public String format(List<String> v) {
            return v.stream().map(ValueType::quote).collect(Collectors.joining(", ", "[", "]"));
        }
    };

    /** A set of TCP/UDP ports: numbers and {@code LOW-HIGH} ranges. */
    public static final ValueType<Set<Integer>> PORTS = new ValueType<>("ports", "ports and ranges such as [53, 3478-3481]") {
        @Override
        Set<Integer> parse(String text, Path base) {
            return text.isEmpty() ? Set.of() : parseList(Arrays.asList(text.split(",")), base);
        }

        @Override
        Set<Integer> parseList(List<String> items, Path base) {
            Set<Integer> out = new TreeSet<>();
            for (String item : items) {
                String s = item.trim();
                try {
                    int dash = s.indexOf('-', 1);
                    int low = Integer.parseInt(dash < 0 ? s : s.substring(0, dash).trim());
                    int high = dash < 0 ? low : Integer.parseInt(s.substring(dash + 1).trim());
                    if (low < 0 || high > 0xFFFF || low > high) {
                        throw new NumberFormatException();
                    }
                    for (int p = low; p <= high; p++) {
                        out.add(p);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s + "' is not a port (0..65535) or a LOW-HIGH range");
                }
            }
            return Collections.unmodifiableSet(out);
        }

        @Override
        public String format(Set<Integer> ports) {
            List<String> parts = new ArrayList<>();
            int start = -1;
            int prev = -2;
            for (int p : new TreeSet<>(ports)) {
                if (p != prev + 1) {
                    if (start >= 0) {
                        parts.add(range(start, prev));
                    }
                    start = p;
                }
                prev = p;
            }
            if (start >= 0) {
                parts.add(range(start, prev));
            }
            return parts.stream().collect(Collectors.joining(", ", "[", "]"));
        }

        private String range(int a, int b) {
            return a == b ? Integer.toString(a) : a + "-" + b;
        }
    };

    /** A set of text values, e.g. media types; kept in the given order. */
    public static final ValueType<Set<String>> STRING_SET = new ValueType<>("set of strings", "a list of text values") {
        @Override
        Set<String> parse(String text, Path base) {
            return text.isEmpty() ? Set.of() : parseList(Arrays.asList(text.split(",")), base);
        }

        @Override
        Set<String> parseList(List<String> items, Path base) {
            Set<String> out = new LinkedHashSet<>();
            items.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
            return Collections.unmodifiableSet(out);
        }

        @Override
        public String format(Set<String> v) {
            return new TreeSet<>(v).stream().map(ValueType::quote).collect(Collectors.joining(", ", "[", "]"));
        }
    };

    /**
     * {@return one constant of an enum, by name (case-insensitive, {@code -} for {@code _})}
     *
     * @param <E> the enum type
     * @param type the enum's class
     */
    public static <E extends Enum<E>> ValueType<E> enumOf(Class<E> type) {
        String names = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        return new ValueType<>(names.replace(", ", "|"), "one of " + names) {
            @Override
            E parse(String text, Path base) {
                try {
                    return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    throw bad(text);
                }
            }

            @Override
            public String format(E v) {
                return v.name();
            }
        };
    }

    /**
     * {@return a set of constants of an enum (a list or comma-separated names)}
     *
     * @param <E> the enum type
     * @param type the enum's class
     */
    public static <E extends Enum<E>> ValueType<Set<E>> enumSetOf(Class<E> type) {
        ValueType<E> one = enumOf(type);
        return new ValueType<>("list of " + one.name().toLowerCase(Locale.ROOT), "a list of " + one.expected().substring(3)) {
            @Override
            Set<E> parse(String text, Path base) {
                return parseList(Arrays.asList(text.split(",")), base);
            }

            @Override
            Set<E> parseList(List<String> items, Path base) {
                Set<E> out = EnumSet.noneOf(type);
                for (String s : items) {
                    if (!s.isBlank()) {
                        out.add(one.parse(s.trim(), base));
                    }
                }
                return Collections.unmodifiableSet(out);
            }

            @Override
            public String format(Set<E> v) {
                return v.stream().sorted().map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ", "[", "]"));
            }
        };
    }

    private static ValueType<List<String>> list(String name, String expected, Function<String, String> each) {
        return new ValueType<>(name, expected) {
            @Override
            List<String> parse(String text, Path base) {
                return text.isEmpty() ? List.of() : parseList(Arrays.asList(text.split(",")), base);
            }

            @Override
            List<String> parseList(List<String> items, Path base) {
                return items.stream().map(String::trim).filter(s -> !s.isEmpty()).map(each).toList();
            }

            @Override
            public String format(List<String> v) {
                return v.stream().map(ValueType::quote).collect(Collectors.joining(", ", "[", "]"));
            }
        };
    }

    private static String resolve(String text, Path base) {
        if (text.isEmpty()) {
            return "";
        }
        Path p = Path.of(text);
        return (p.isAbsolute() || base == null ? p : base.resolve(p)).toAbsolutePath().normalize().toString();
    }

    /** A double-quoted YAML string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < ' ') {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Parses a duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or
     * ISO-8601 {@code PT1M}; a number without a unit only as {@code 0} (a bare {@code 5} could mean
     * seconds or minutes, so it is refused).
     *
     * @param value the text
     * @return the duration
     * @throws IllegalArgumentException when the text is none of these
     */
    public static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                if (Long.parseLong(v) == 0) {
                    return Duration.ZERO;
                }
                throw new IllegalArgumentException("'" + value + "' has no unit: write " + v + "s, " + v + "m, " + v
                        + "h or " + v + "d (or 500ms, PT1M)");
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (examples: 500ms, 30s, 5m, 2h, 1d, PT1M)");
        }
    }
}
