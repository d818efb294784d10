package io.peerwatch.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A documented table of keys, key families and flags. The library has one
 * ({@link LibraryConfig#KEYS}); an application adds its own ({@link #plus}) and reads the combined
 * table from a file and flags with {@link Settings#builder(KeyTable)}.
 * {@link #referenceYaml(String)} writes the complete file with every key, its default and its
 * documentation.
 */
public final class KeyTable {

    private final Map<String, ConfigKey<?>> keys;
    private final List<ConfigMapKey<?>> maps;
    private final Map<String, Flag> flags;

    private KeyTable(Map<String, ConfigKey<?>> keys, List<ConfigMapKey<?>> maps, Map<String, Flag> flags) {
        this.keys = keys;
        this.maps = List.copyOf(maps);
        this.flags = flags;
    }

    /**
     * {@return a table; rejects duplicate key and flag names}
     *
     * @param keys the keys, in table order
     * @param maps the key families
     * @param flags the flags
     */
    public static KeyTable of(List<ConfigKey<?>> keys, List<ConfigMapKey<?>> maps, List<Flag> flags) {
        Map<String, ConfigKey<?>> k = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            if (k.put(key.name(), key) != null) {
                throw new IllegalArgumentException("key defined twice: " + key.name());
            }
        }
        Map<String, Flag> f = new LinkedHashMap<>();
        for (Flag flag : flags) {
            if (f.put(flag.name(), flag) != null || (flag.negatedName() != null && f.put(flag.negatedName(), flag) != null)) {
                throw new IllegalArgumentException("flag defined twice: " + flag.name());
            }
        }
        return new KeyTable(k, maps, f);
    }

    /**
     * {@return this table followed by {@code other}; names must not clash}
     *
     * @param other the table to append
     */
    public KeyTable plus(KeyTable other) {
        List<ConfigKey<?>> k = new ArrayList<>(keys.values());
        k.addAll(other.keys.values());
        List<ConfigMapKey<?>> m = new ArrayList<>(maps);
        m.addAll(other.maps);
        List<Flag> f = new ArrayList<>(flags());
        f.addAll(other.flags());
        return of(k, m, f);
    }

    /** {@return every key, in table order} */
    public List<ConfigKey<?>> keys() {
        return List.copyOf(keys.values());
    }

    /** {@return every key family} */
    public List<ConfigMapKey<?>> maps() {
        return maps;
    }

    /** {@return every flag (each once, negatable ones under their positive name)} */
    public List<Flag> flags() {
        return flags.entrySet().stream().filter(e -> e.getKey().equals(e.getValue().name())).map(Map.Entry::getValue)
                .toList();
    }

    /**
     * {@return the key called {@code name}}
     *
     * @param name a key name
     */
    public Optional<ConfigKey<?>> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /**
     * {@return the family that covers {@code name} (when no plain key has that name)}
     *
     * @param name a key name
     */
    public Optional<ConfigMapKey<?>> family(String name) {
        return maps.stream().filter(m -> m.covers(name)).findFirst();
    }

    /**
     * {@return the flag spelled {@code name} ({@code --x} or, for negatable flags, {@code --no-x})}
     *
     * @param name a flag as written, with its dashes
     */
    public Optional<Flag> flag(String name) {
        return Optional.ofNullable(flags.get(name));
    }

    /** True when {@code prefix} is a section: some key lies below it (so a YAML mapping there is expected). */
    boolean isSection(String prefix) {
        String p = prefix + ".";
        return keys.keySet().stream().anyMatch(k -> k.startsWith(p)) || maps.stream().anyMatch(m -> (m.prefix() + ".").startsWith(p)
                || m.prefix().equals(prefix));
    }

    /**
     * The valid keys nearest to a misspelt one: those at the smallest edit distance, if it is
     * small (at most a fifth of the name, at least 3), up to three.
     *
     * @param name the misspelt key name
     * @return up to three key names (a family as {@code prefix.*}) at the smallest edit distance, sorted by
     *     name; empty when none is close
     */
    public List<String> nearest(String name) {
        return closest(name, Stream.concat(keys.keySet().stream(), maps.stream().map(m -> m.prefix() + ".*")).toList());
    }

    /**
     * {@return the candidates nearest to a misspelt name, by the rule of {@link #nearest}}
     *
     * @param name the misspelt name
     * @param candidates the names to choose from
     */
    public static List<String> closest(String name, java.util.Collection<String> candidates) {
        List<Map.Entry<String, Integer>> close = candidates.stream().map(n -> Map.entry(n, distance(n, name)))
                .filter(e -> e.getValue() <= Math.max(3, name.length() / 5))
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        if (close.isEmpty()) {
            return List.of();
        }
        int best = close.get(0).getValue();
        return close.stream().filter(e -> e.getValue() == best).limit(3).map(Map.Entry::getKey).toList();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The complete configuration file: every key with its default and a {@code #} line of
     * documentation, nested by the dots of the names; key families as a commented example. It
     * reads back ({@link Settings.Builder}) to the defaults.
     *
     * @param header comment lines at the top (without {@code #})
     * @return the YAML text
     */
    public String referenceYaml(String header) {
        Node root = new Node();
        for (ConfigKey<?> k : keys.values()) {
            root.at(k.name()).key = k;
        }
        for (ConfigMapKey<?> m : maps) {
            root.at(m.prefix()).family = m;
        }
        StringBuilder out = new StringBuilder();
        for (String line : header.split("\n", -1)) {
            out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        root.write(out, 0);
        return out.toString();
    }

    /** A node of the nested YAML tree, children in table order. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        ConfigKey<?> key;
        ConfigMapKey<?> family;

        Node at(String dotted) {
            Node n = this;
            for (String part : dotted.split("\\.")) {
                n = n.children.computeIfAbsent(part, p -> new Node());
            }
            return n;
        }

        void write(StringBuilder out, int depth) {
            String indent = "  ".repeat(depth);
            for (Map.Entry<String, Node> e : children.entrySet()) {
                Node c = e.getValue();
                if (c.key != null) {
                    out.append(indent).append("# ").append(c.key.doc()).append(" (").append(c.key.type().name()).append(")\n");
                    out.append(indent).append(e.getKey()).append(": ").append(c.key.defaultText()).append('\n');
                } else if (c.family != null && c.children.isEmpty()) {
                    out.append(indent).append("# ").append(c.family.doc()).append(" (").append(c.family.type().name())
                            .append(" each)\n");
                    out.append(indent).append(e.getKey()).append(": {}\n");
                    for (String ex : c.family.examples()) {
                        out.append(indent).append("#   ").append(ex).append('\n');
                    }
                } else {
                    if (depth == 0) {
                        out.append('\n');
                    }
                    out.append(indent).append(e.getKey()).append(":\n");
                    c.write(out, depth + 1);
                    if (c.family != null) {
                        out.append(indent).append("  # ").append(c.family.doc()).append(" (").append(c.family.type().name())
                                .append(" each), e.g.:\n");
                        for (String ex : c.family.examples()) {
                            out.append(indent).append("  # ").append(ex).append('\n');
                        }
                    }
                }
            }
        }
    }

    /** {@return keys sorted by name (for listings)} */
    public List<ConfigKey<?>> keysByName() {
        return keys.values().stream().sorted(Comparator.comparing(ConfigKey::name)).toList();
    }
}
