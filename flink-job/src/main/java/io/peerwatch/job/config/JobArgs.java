package io.peerwatch.job.config;

import io.peerwatch.config.Flag;
import io.peerwatch.config.KeyTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The job jar's argument parser (no picocli in a jar that goes to a cluster): the same flags as
 * {@code peerwatch run}, read from the same {@link KeyTable}, plus {@code --config FILE},
 * {@code --set KEY=VALUE} and {@code --help}. Values follow the flag ({@code --window 5m}) or an
 * equals sign ({@code --window=5m}).
 */
public final class JobArgs {

    /** Parsed arguments: the configuration uses, or a request for help. */
    public record Parsed(ConfigArgs config, boolean help) {
    }

    private JobArgs() {
    }

    /**
     * Parses {@code args} against {@code table}.
     *
     * @throws IllegalArgumentException naming the unknown option (and the nearest known ones) or the missing value
     */
    public static Parsed parse(KeyTable table, String[] args) {
        ConfigArgs out = new ConfigArgs();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
                continue;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (options start with --; see --help)");
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            String inline = eq < 0 ? null : a.substring(eq + 1);
            boolean takesValue = name.equals(ConfigArgs.CONFIG) || name.equals(ConfigArgs.SET)
                    || table.flag(name).map(f -> f.kind() == Flag.Kind.VALUE).orElseThrow(() -> unknown(table, name));
            String value = inline;
            if (takesValue && value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            out.add(name, value);
        }
        return new Parsed(out, help);
    }

    private static IllegalArgumentException unknown(KeyTable table, String name) {
        List<String> all = new ArrayList<>(List.of(ConfigArgs.CONFIG, ConfigArgs.SET));
        table.flags().forEach(f -> {
            all.add(f.name());
            if (f.negatedName() != null) {
                all.add(f.negatedName());
            }
        });
        List<String> near = KeyTable.closest(name, all);
        return new IllegalArgumentException("unknown option " + name
                + (near.isEmpty() ? " (see --help)" : " (did you mean " + String.join(" or ", near) + "?)"));
    }

    /** Usage text listing every flag and what it sets. */
    public static String usage(KeyTable table, String command) {
        StringBuilder b = new StringBuilder("Usage: " + command + " [--config FILE] [--set KEY=VALUE]... [OPTIONS]\n\n");
        b.append(line("--config FILE", "YAML configuration file (peerwatch config defaults prints every key)"));
        b.append(line("--set KEY=VALUE", "Sets any key; overrides the file; repeatable"));
        Stream<Flag> flags = table.flags().stream().sorted(Comparator.comparing(Flag::name));
        flags.forEach(f -> {
            String spelling = switch (f.kind()) {
                case VALUE -> f.name() + " " + f.paramLabel();
                case SWITCH -> f.name();
                case NEGATABLE -> "--[no-]" + f.name().substring(2);
            };
            b.append(line(spelling, f.description()));
        });
        b.append(line("-h, --help", "Shows this help"));
        return b.toString();
    }

    private static String line(String spelling, String description) {
        return "  " + spelling + "\n      " + description + "\n";
    }
}
