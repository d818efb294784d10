package io.peerwatch.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values a user set (in a file, by flags or in code), each with its {@link Origin}; every
 * other key has its default. Immutable and serializable (values are JDK types), so a job can ship
 * it to its workers and build the library's records there.
 *
 * <p>Layers are applied in order, later ones winning: defaults, then a file, then flags:
 * <pre>{@code
 * Settings.Builder b = Settings.builder(LibraryConfig.KEYS);
 * b.set("detectors.port-activity.window", "5m", Origin.file(file, 12), file.getParent());
 * b.flag(table.flag("--min-port-flows").orElseThrow(), "10", Path.of(""));
 * LibraryConfig lib = LibraryConfig.of(b.build());
 * }</pre>
 */
public final class Settings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The values set, by key name (canonical for families); JDK types only. */
    private final TreeMap<String, Object> values;
    /** Where each value of {@link #values} came from, by key name. */
    private final TreeMap<String, Origin> origins;

    private Settings(Map<String, Object> values, Map<String, Origin> origins) {
        this.values = new TreeMap<>(values);
        this.origins = new TreeMap<>(origins);
    }

    /** {@return settings with no key set: every key has its default} */
    public static Settings defaults() {
        return new Settings(Map.of(), Map.of());
    }

    /**
     * {@return a builder that checks every key against {@code table}}
     *
     * @param table the keys and families values are checked against
     */
    public static Builder builder(KeyTable table) {
        return new Builder(table, Map.of(), Map.of());
    }

    /**
     * {@return a builder holding these values, checked against {@code table}}
     *
     * @param table the keys and families values are checked against
     */
    public Builder toBuilder(KeyTable table) {
        return new Builder(table, values, origins);
    }

    /**
     * {@return the value of {@code key}: what was set, else its default}
     *
     * @param <T> the value's Java type
     * @param key the key
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.getOrDefault(key.name(), key.defaultValue());
    }

    /**
     * {@return the keys of a family that were set: suffix to value, sorted by suffix}
     *
     * @param <T> the value's Java type
     * @param family the key family
     */
    @SuppressWarnings("unchecked")
    public <T> Map<String, T> entries(ConfigMapKey<T> family) {
        Map<String, T> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (family.covers(k)) {
                out.put(k.substring(family.prefix().length() + 1), (T) v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * {@return true when {@code key} was set (by any layer but the defaults)}
     *
     * @param key a key name
     */
    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    /**
     * {@return where {@code key}'s value came from ({@link Origin#DEFAULT} when not set)}
     *
     * @param key a key name (a family's key in canonical form)
     */
    public Origin origin(String key) {
        return origins.getOrDefault(key, Origin.DEFAULT);
    }

    /** {@return the names of the keys that were set, sorted} */
    public Set<String> setKeys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * {@return every key of {@code table} with its effective value (set or default), sorted; families' set entries too}
     *
     * @param table the keys to list
     */
    public Map<String, Object> effective(KeyTable table) {
        Map<String, Object> out = new TreeMap<>();
        for (ConfigKey<?> k : table.keys()) {
            out.put(k.name(), get(k));
        }
        values.forEach((k, v) -> {
            if (table.key(k).isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * {@link #effective(KeyTable)} as text, each value as a configuration file writes it, the
     * value of every secret key replaced by {@value Secrets#HIDDEN}: what may be printed.
     *
     * @param table the keys to list
     * @return key name to printable value, sorted by name
     */
    public Map<String, String> shown(KeyTable table) {
        Map<String, String> out = new TreeMap<>();
        effective(table).forEach((k, v) -> out.put(k, Secrets.isSecret(k) ? Secrets.HIDDEN : format(table, k, v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String format(KeyTable table, String key, Object value) {
        Optional<ValueType<?>> type = table.key(key).<ValueType<?>>map(ConfigKey::type)
                .or(() -> table.family(key).map(ConfigMapKey::type));
        return type.map(t -> ((ValueType<Object>) t).format(value)).orElse(String.valueOf(value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        values.forEach((k, v) -> shown.put(k, Secrets.shown(k, v))); // never print a secret (Secrets)
        return shown.toString();
    }

    /** Collects layers; each set checks the key and parses the value at once, naming the origin on error. */
    public static final class Builder {
        private final KeyTable table;
        private final Map<String, Object> values;
        private final Map<String, Origin> origins;
        /** List keys set by an appending flag in this builder: a repeat adds to them. */
        private final Set<String> appended = new HashSet<>();

        private Builder(KeyTable table, Map<String, Object> values, Map<String, Origin> origins) {
            this.table = table;
            this.values = new LinkedHashMap<>(values);
            this.origins = new LinkedHashMap<>(origins);
        }

        /** {@return the table that keys are checked against} */
        public KeyTable table() {
            return table;
        }

        /**
         * Sets a key from text or a list of texts.
         *
         * @param key a key name or a key of a family
         * @param raw a {@code String} or a {@code List<String>}
         * @param origin where the value came from, for error messages
         * @param base folder relative paths resolve against ({@code null}: the working directory)
         * @return this builder
         * @throws ConfigException for an unknown key (naming the nearest valid ones) or a value of the wrong form
         */
        public Builder set(String key, Object raw, Origin origin, Path base) {
            Optional<ConfigKey<?>> k = table.key(key);
            if (k.isPresent()) {
                values.put(key, parse(k.get().type(), key, raw, origin, base));
                origins.put(key, origin);
                return this;
            }
            Optional<ConfigMapKey<?>> family = table.family(key);
            if (family.isEmpty()) {
                throw unknown(key, origin);
            }
            String canonical;
            try {
                canonical = family.get().canonical(key);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, origin, e.getMessage());
            }
            values.put(canonical, parse(family.get().type(), canonical, raw, origin, base));
            origins.put(canonical, origin);
            return this;
        }

        /**
         * Sets a key to a typed value (code, tests).
         *
         * @param <T> the value's Java type
         * @param key a key of this builder's table
         * @param value the value, already of the key's type (checked against the record's ranges only by
         *     {@link LibraryConfig#of})
         * @param origin where the value came from
         * @return this builder
         */
        public <T> Builder set(ConfigKey<T> key, T value, Origin origin) {
            if (table.key(key.name()).orElse(null) != key) {
                throw new IllegalArgumentException("key not in this table: " + key);
            }
            values.put(key.name(), value);
            origins.put(key.name(), origin);
            return this;
        }

        /**
         * Removes a value set earlier: the key has its default again.
         *
         * @param key a key name
         * @return this builder
         */
        public Builder unset(String key) {
            values.remove(key);
            origins.remove(key);
            return this;
        }

        /**
         * Applies a flag: the keys it sets, at origin {@code --name}.
         *
         * @param flag a flag of this builder's table
         * @param text the flag's value ({@code "true"}/{@code "false"} for switches)
         * @param base folder relative paths resolve against
         * @return this builder
         */
        public Builder flag(Flag flag, String text, Path base) {
            Origin origin = Origin.flag(flag.name());
            List<Flag.Assignment> assignments;
            try {
                assignments = flag.expand(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(null, origin, e.getMessage());
            }
            for (Flag.Assignment a : assignments) {
                Object raw = a.text();
                if (flag.appends() && !appended.add(a.key()) && values.get(a.key()) instanceof List<?> earlier) {
                    List<String> joined = new ArrayList<>();
                    earlier.forEach(e -> joined.add(String.valueOf(e)));
                    joined.addAll(List.of(a.text().split(",")));
                    raw = joined;
                }
                set(a.key(), raw, origin, base);
            }
            return this;
        }

        /**
         * Applies {@code --set KEY=VALUE}.
         *
         * @param keyEqualsValue {@code KEY=VALUE}; the value is text as a file would give it
         * @param base folder relative paths resolve against
         * @return this builder
         */
        public Builder assignment(String keyEqualsValue, Path base) {
            Origin origin = Origin.flag("--set");
            int eq = keyEqualsValue.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(null, origin, "expected KEY=VALUE, got '" + keyEqualsValue + "'");
            }
            return set(keyEqualsValue.substring(0, eq).trim(), keyEqualsValue.substring(eq + 1), origin, base);
        }

        private ConfigException unknown(String key, Origin origin) {
            List<String> near = table.nearest(key);
            String hint = near.isEmpty() ? " (peerwatch config defaults lists every key)"
                    : " (did you mean " + String.join(" or ", near) + "?)";
            return new ConfigException(key, origin, "unknown key" + hint);
        }

        private static Object parse(ValueType<?> type, String key, Object raw, Origin origin, Path base) {
            try {
                return type.parseRaw(raw, base);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                throw new ConfigException(key, origin, m.contains(type.expected()) ? m : m + " (expected " + type.expected() + ")");
            }
        }

        /** {@return the settings so far (values are checked against their records by {@link LibraryConfig#of})} */
        public Settings build() {
            return new Settings(values, origins);
        }
    }
}
