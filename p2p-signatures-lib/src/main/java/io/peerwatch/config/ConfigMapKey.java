package io.peerwatch.config;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A family of keys under one prefix whose last part is chosen by the user: per-type suppression
 * intervals ({@code notice.suppress-for.P2P_CLIENT}) or free-form Kafka client properties
 * ({@code kafka.properties.security.protocol}). Keys of the family have no default of their own.
 *
 * @param <T> the value's Java type
 */
public final class ConfigMapKey<T> {

    private final String prefix;
    private final ValueType<T> type;
    private final String doc;
    private final UnaryOperator<String> suffix;
    private final List<String> examples;

    private ConfigMapKey(String prefix, ValueType<T> type, String doc, UnaryOperator<String> suffix, List<String> examples) {
        this.prefix = prefix;
        this.type = type;
        this.doc = doc;
        this.suffix = suffix;
        this.examples = List.copyOf(examples);
    }

    /**
     * A family of keys {@code prefix.SUFFIX}.
     *
     * @param <T> the value's Java type
     * @param prefix the family's prefix, without the trailing dot
     * @param type how each key's value is parsed and formatted
     * @param doc one line of documentation
     * @param suffix checks a suffix and returns its canonical form; throws
     *     {@link IllegalArgumentException} with the reason for a suffix it rejects
     * @param examples {@code suffix: value} lines shown, commented out, by {@code config defaults}
     * @return the family
     */
    public static <T> ConfigMapKey<T> of(String prefix, ValueType<T> type, String doc, UnaryOperator<String> suffix,
            List<String> examples) {
        return new ConfigMapKey<>(prefix, type, doc, suffix, examples);
    }

    /** {@return the prefix, without the trailing dot} */
    public String prefix() {
        return prefix;
    }

    /** {@return how each key's value is parsed and formatted} */
    public ValueType<T> type() {
        return type;
    }

    /** {@return one line of documentation} */
    public String doc() {
        return doc;
    }

    /** {@return {@code suffix: value} examples for the reference file} */
    public List<String> examples() {
        return examples;
    }

    /**
     * {@return true when {@code key} is {@code prefix.something}}
     *
     * @param key the full key name
     */
    public boolean covers(String key) {
        return key.startsWith(prefix + ".") && key.length() > prefix.length() + 1;
    }

    /** The canonical key for {@code key}; throws {@link IllegalArgumentException} for a suffix it rejects. */
    String canonical(String key) {
        return prefix + "." + suffix.apply(key.substring(prefix.length() + 1));
    }
}
