package io.peerwatch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The keys of one library record under a common prefix, each bound to the record's accessor (its
 * default) and its builder's setter. Building applies the values that were set to a builder, so
 * the record's own checks validate them; a rejected value is reported with its key and origin.
 *
 * @param <B> the record's builder
 * @param <R> the record
 */
final class Section<B, R> {

    /** One key: its accessor on the record and its setter on the builder. */
    record Binding<B, R, T>(ConfigKey<T> key, String field, Function<R, T> get, BiConsumer<B, T> set) {
    }

    private final String prefix;
    private final R defaults;
    private final Function<B, R> build;
    private final List<Binding<B, R, ?>> bindings = new ArrayList<>();

    Section(String prefix, R defaults, Function<B, R> build) {
        this.prefix = prefix;
        this.defaults = defaults;
        this.build = build;
    }

    /** Adds {@code prefix.leaf}; the default is {@code get(defaults)}, the Java field name the camel case of the leaf's last part. */
    <T> Section<B, R> key(String leaf, ValueType<T> type, Function<R, T> get, BiConsumer<B, T> set, String doc) {
        String last = leaf.substring(leaf.lastIndexOf('.') + 1);
        return key(leaf, camel(last), type, get, set, doc);
    }

    /** Adds {@code prefix.leaf} whose record field is called {@code field}. */
    <T> Section<B, R> key(String leaf, String field, ValueType<T> type, Function<R, T> get, BiConsumer<B, T> set, String doc) {
        bindings.add(new Binding<>(ConfigKey.of(prefix + "." + leaf, type, get.apply(defaults), doc), field, get, set));
        return this;
    }

    /** The record's defaults (their class tells tests which record this section builds). */
    R defaults() {
        return defaults;
    }

    /** The keys, in order. */
    List<ConfigKey<?>> keys() {
        return bindings.stream().<ConfigKey<?>>map(Binding::key).toList();
    }

    /** The bindings (tests check that each key reaches its record). */
    List<Binding<B, R, ?>> bindings() {
        return List.copyOf(bindings);
    }

    /**
     * The record with every value of {@code s} that was set applied to {@code start}'s builder.
     *
     * @throws ConfigException naming the key (and its origin) whose value the record rejects
     */
    R build(Settings s, Supplier<B> start) {
        B b = start.get();
        Binding<B, R, ?> lastSet = null;
        for (Binding<B, R, ?> binding : bindings) {
            if (s.isSet(binding.key().name())) {
                apply(b, binding, s);
                lastSet = binding;
            }
        }
        try {
            return build.apply(b);
        } catch (IllegalArgumentException e) {
            Binding<B, R, ?> culprit = bindings.stream().filter(x -> startsWithField(e.getMessage(), x.field())).findFirst()
                    .orElse(lastSet);
            if (culprit == null) {
                throw new ConfigException(prefix, Origin.DEFAULT, e.getMessage());
            }
            String key = culprit.key().name();
            throw new ConfigException(key, s.origin(key), reason(e.getMessage(), culprit.field()));
        }
    }

    private static <B, R, T> void apply(B b, Binding<B, R, T> binding, Settings s) {
        try {
            binding.set().accept(b, s.get(binding.key()));
        } catch (IllegalArgumentException e) {
            String key = binding.key().name();
            throw new ConfigException(key, s.origin(key), reason(e.getMessage(), binding.field()));
        }
    }

    private static boolean startsWithField(String message, String field) {
        return message != null && (message.startsWith(field + " ") || message.startsWith(field + ":"));
    }

    /** The record's message without its leading Java field name ({@code "minFlows must be..."} becomes {@code "must be..."}). */
    private static String reason(String message, String field) {
        if (message == null) {
            return "invalid value";
        }
        return startsWithField(message, field) ? message.substring(field.length() + 1).trim() : message;
    }

    private static String camel(String dashed) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
