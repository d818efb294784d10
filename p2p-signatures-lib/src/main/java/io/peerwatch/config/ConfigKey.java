package io.peerwatch.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One setting: a dotted name (the path in the YAML file, e.g. {@code detectors.port-activity.window}),
 * its type, its default (read from the library's {@code DEFAULT_*} constant or defaults record,
 * never written twice) and one line of documentation. Zeek's {@code const ... &redef} with a
 * name a file can reach.
 *
 * @param <T> the value's Java type
 */
public final class ConfigKey<T> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String doc;

    private ConfigKey(String name, ValueType<T> type, T defaultValue, String doc) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key names are dotted lower-case words: " + name);
        }
        if (doc == null || doc.isBlank() || doc.contains("\n")) {
            throw new IllegalArgumentException("key " + name + " needs one line of documentation");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type);
        this.defaultValue = Objects.requireNonNull(defaultValue, name);
        this.doc = doc;
    }

    /**
     * {@return a key; {@code doc} is one line}
     *
     * @param <T> the value's Java type
     * @param name the key name: lower-case words separated by dots, e.g.
     *     {@code detectors.port-activity.window}
     * @param type how the value is parsed and formatted
     * @param defaultValue the value when the key is not set; not null
     * @param doc one line of documentation (not blank, no line break)
     */
    public static <T> ConfigKey<T> of(String name, ValueType<T> type, T defaultValue, String doc) {
        return new ConfigKey<>(name, type, defaultValue, doc);
    }

    /** {@return the dotted key name, e.g. {@code detectors.port-activity.window}} */
    public String name() {
        return name;
    }

    /** {@return how the value is parsed and formatted} */
    public ValueType<T> type() {
        return type;
    }

    /** {@return the value when the key is not set} */
    public T defaultValue() {
        return defaultValue;
    }

    /** {@return one line of documentation} */
    public String doc() {
        return doc;
    }

    /** {@return the default as YAML text} */
    public String defaultText() {
        return type.format(defaultValue);
    }

    @Override
    public String toString() {
        return name;
    }
}
