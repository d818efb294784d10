package io.peerwatch.config;

import java.util.List;
import java.util.Objects;

/**
 * A command-line flag that sets keys: the short spelling of {@code --set KEY=VALUE}. The flags
 * live in the key tables beside their keys, so the {@code peerwatch} commands (picocli options
 * generated from them) and the job jar's own argument parser accept exactly the same flags.
 */
public final class Flag {

    /** How a flag takes its value. */
    public enum Kind {
        /** {@code --name VALUE} or {@code --name=VALUE}. */
        VALUE,
        /** {@code --name} alone sets the key to {@code true}. */
        SWITCH,
        /** {@code --name} sets {@code true}, {@code --no-name} sets {@code false}. */
        NEGATABLE
    }

    /** Which commands offer a flag. */
    public enum Scope {
        /** Every command that runs the job: run, demo, analyze, the job jar. */
        ALL,
        /** Only commands that run the job against a given Kafka: run and the job jar. */
        KAFKA,
        /** Commands that run the job on unbounded input (run, demo, the job jar), not {@code analyze}'s files. */
        STREAMING
    }

    /** One key and the text to set it to. */
    public record Assignment(String key, String text) {
    }

    /** Turns a flag's text into assignments; throws {@link IllegalArgumentException} with the reason for bad text. */
    @FunctionalInterface
    public interface Expander {
        /**
         * Turns a flag's text into assignments.
         *
         * @param text the flag's text as given on the command line
         * @return the keys to set and their text, in order
         */
        List<Assignment> expand(String text);
    }

    private final String name;
    private final Kind kind;
    private final Scope scope;
    private final String paramLabel;
    private final String description;
    private final Expander expander;
    private final boolean appends;

    private Flag(String name, Kind kind, Scope scope, String paramLabel, String description, Expander expander,
            boolean appends) {
        if (!name.matches("--[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("flags look like --name: " + name);
        }
        this.name = name;
        this.kind = kind;
        this.scope = scope;
        this.paramLabel = paramLabel;
        this.description = description;
        this.expander = Objects.requireNonNull(expander);
        this.appends = appends;
    }

    /**
     * A flag that sets one key to its text.
     *
     * @param name the spelling, {@code --name}
     * @param key the key the flag sets
     * @param kind how the flag takes its value
     * @param scope which commands offer the flag
     * @param paramLabel the value's placeholder in help, e.g. {@code DURATION}
     * @param appends for list keys: repeating the flag adds to the list instead of replacing it
     * @return the flag; its help text names the key, its documentation and its default
     */
    public static Flag alias(String name, ConfigKey<?> key, Kind kind, Scope scope, String paramLabel, boolean appends) {
        String description = "Sets " + key.name() + ": " + key.doc() + " (default: " + shown(key) + ")";
        return new Flag(name, kind, scope, paramLabel, description, text -> List.of(new Assignment(key.name(), text)),
                appends);
    }

    /**
     * {@return a flag with its own expansion (one text setting several keys, or a unit conversion)}
     *
     * @param name the spelling, {@code --name}
     * @param scope which commands offer the flag
     * @param paramLabel the value's placeholder in help, e.g. {@code DURATION}
     * @param description help text; should name the keys the flag sets
     * @param expander turns the flag's text into assignments
     */
    public static Flag custom(String name, Scope scope, String paramLabel, String description, Expander expander) {
        return new Flag(name, Kind.VALUE, scope, paramLabel, description, expander, false);
    }

    private static String shown(ConfigKey<?> key) {
        String t = key.defaultText();
        return t.equals("\"\"") || t.equals("[]") ? "none" : t.replace("\"", "");
    }

    /** {@return {@code --name}} */
    public String name() {
        return name;
    }

    /** {@return {@code --no-name} for a negatable flag, else {@code null}} */
    public String negatedName() {
        return kind == Kind.NEGATABLE ? "--no-" + name.substring(2) : null;
    }

    /** {@return how the flag takes its value} */
    public Kind kind() {
        return kind;
    }

    /** {@return which commands offer the flag} */
    public Scope scope() {
        return scope;
    }

    /** {@return the value's placeholder in help, e.g. {@code DURATION}} */
    public String paramLabel() {
        return paramLabel;
    }

    /** {@return help text; names the keys the flag sets} */
    public String description() {
        return description;
    }

    /** {@return true when repeating the flag adds to a list} */
    public boolean appends() {
        return appends;
    }

    /**
     * {@return the assignments for the flag's text ({@code "true"}/{@code "false"} for switches)}
     *
     * @param text the flag's text as given on the command line
     */
    public List<Assignment> expand(String text) {
        return expander.expand(text);
    }

    @Override
    public String toString() {
        return name;
    }
}
