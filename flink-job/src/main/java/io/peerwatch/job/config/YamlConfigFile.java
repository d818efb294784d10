package io.peerwatch.job.config;

import io.peerwatch.config.ConfigException;
import io.peerwatch.config.Origin;
import io.peerwatch.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML configuration file into dotted keys with their line numbers (SnakeYAML's node
 * graph keeps the position of every key and value): nested mappings and dotted names are the
 * same thing ({@code detectors: {port-activity: {window: 5m}}} is
 * {@code detectors.port-activity.window: 5m}); a sequence of scalars is a list.
 */
public final class YamlConfigFile {

    /** Largest file read (a configuration file is a few KB). */
    public static final long MAX_BYTES = 1 << 20;

    /** One leaf of the file: a dotted key, its raw value (a String or a List of Strings) and where it is. */
    public record Entry(String key, Object raw, Origin origin) {
    }

    private YamlConfigFile() {
    }

    /**
     * Every key of the file, in file order.
     *
     * @throws ConfigException naming file and line for unreadable files, YAML syntax errors,
     *     duplicate keys and values that are neither scalars nor lists of scalars
     */
    public static List<Entry> read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(null, Origin.flag(file.toString()), "no such readable configuration file");
        }
        Node root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(null, Origin.flag(file.toString()), "larger than " + MAX_BYTES + " bytes: not a configuration file");
            }
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                root = new Yaml(options).compose(in);
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(null, Origin.file(file, line), "YAML syntax: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(null, Origin.flag(file.toString()), "YAML syntax: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(null, Origin.flag(file.toString()), "cannot read: " + e.getMessage());
        }
        List<Entry> out = new ArrayList<>();
        if (root == null) {
            return out; // an empty file sets nothing
        }
        if (!(root instanceof MappingNode m)) {
            throw new ConfigException(null, origin(file, root), "expected a mapping of keys at the top level");
        }
        flatten(file, "", m, out, new HashMap<>());
        return out;
    }

    /** Applies every key of the file to {@code b}; relative paths resolve against the file's folder. */
    public static Settings.Builder apply(Settings.Builder b, Path file) {
        Path base = file.toAbsolutePath().getParent();
        for (Entry e : read(file)) {
            b.set(e.key(), e.raw(), e.origin(), base);
        }
        return b;
    }

    private static void flatten(Path file, String prefix, MappingNode map, List<Entry> out, Map<String, Origin> seen) {
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigException(null, origin(file, t.getKeyNode()), "keys must be plain names");
            }
            String key = prefix + k.getValue().trim();
            Node v = t.getValueNode();
            if (v instanceof MappingNode sub) {
                flatten(file, key + ".", sub, out, seen);
                continue;
            }
            Origin at = origin(file, k);
            Origin earlier = seen.put(key, at);
            if (earlier != null) {
                throw new ConfigException(key, at, "set twice in the file (first at line " + earlier.line() + ")");
            }
            out.add(new Entry(key, value(file, key, v), at));
        }
    }

    private static Object value(Path file, String key, Node v) {
        if (v instanceof ScalarNode s) {
            return s.getTag().equals(Tag.NULL) ? "" : s.getValue();
        }
        if (v instanceof SequenceNode seq) {
            List<String> items = new ArrayList<>();
            for (Node n : seq.getValue()) {
                if (!(n instanceof ScalarNode s)) {
                    throw new ConfigException(key, origin(file, n), "list items must be plain values");
                }
                items.add(s.getValue());
            }
            return items;
        }
        throw new ConfigException(key, origin(file, v), "expected a value");
    }

    private static Origin origin(Path file, Node n) {
        return Origin.file(file, n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1);
    }
}
