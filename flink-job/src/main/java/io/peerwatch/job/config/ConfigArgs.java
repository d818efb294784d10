package io.peerwatch.job.config;

import io.peerwatch.config.ConfigException;
import io.peerwatch.config.Flag;
import io.peerwatch.config.KeyTable;
import io.peerwatch.config.Origin;
import io.peerwatch.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configuration part of one command line, in the order given: {@code --config FILE},
 * {@code --set KEY=VALUE} and the flags of a {@link KeyTable}. {@link #settings} applies them
 * with the documented precedence: defaults, then the command's own defaults, then the files,
 * then the flags (later flags win over earlier ones). The {@code peerwatch} commands fill it
 * from picocli options generated from the table; the job jar fills it with {@link JobArgs}.
 */
public final class ConfigArgs {

    /** {@code --config FILE}. */
    public static final String CONFIG = "--config";
    /** {@code --set KEY=VALUE}. */
    public static final String SET = "--set";

    /** One use of a flag: its spelling as typed ({@code --no-create-topics} included) and its text. */
    public record Use(String flag, String text) {
    }

    private final List<Use> uses = new ArrayList<>();

    /** Records a flag as it was given. */
    public ConfigArgs add(String flag, String text) {
        uses.add(new Use(flag, text));
        return this;
    }

    /** The flags given, in order. */
    public List<Use> uses() {
        return List.copyOf(uses);
    }

    /** The configuration files given ({@code --config}), in order. */
    public List<Path> files() {
        return uses.stream().filter(u -> u.flag().equals(CONFIG)).map(u -> Path.of(u.text())).toList();
    }

    /**
     * The settings: {@code start} (the command's own defaults, if any), the files, then the
     * flags in order.
     *
     * @param cwd folder relative paths given on the command line resolve against
     * @throws ConfigException for the first unknown key, bad value or unreadable file, naming where it came from
     */
    public Settings settings(KeyTable table, Optional<Settings> start, Path cwd) {
        Settings.Builder b = start.map(s -> s.toBuilder(table)).orElseGet(() -> Settings.builder(table));
        for (Path f : files()) {
            YamlConfigFile.apply(b, f);
        }
        for (Use u : uses) {
            if (u.flag().equals(CONFIG)) {
                continue;
            }
            if (u.flag().equals(SET)) {
                b.assignment(u.text(), cwd);
                continue;
            }
            Flag f = table.flag(u.flag()).orElseThrow(() -> new ConfigException(null, Origin.flag(u.flag()), "unknown option"));
            String text = switch (f.kind()) {
                case VALUE -> u.text();
                case SWITCH -> u.text() == null ? "true" : u.text();
                case NEGATABLE -> u.flag().equals(f.negatedName()) ? "false" : (u.text() == null ? "true" : u.text());
            };
            b.flag(f, text, cwd);
        }
        return b.build();
    }
}
