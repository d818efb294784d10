package io.peerwatch.filetype;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * File type/size rules (the paper's "file type and size" detection method): media and
 * archives over a size, recognised by file-name extension or by content type.
 *
 * <p><b>Rule file format</b> (also the form of {@link #DEFAULT_RULES}): one rule per line,
 * {@code #} starts a comment, fields separated by whitespace:
 * <pre>
 * # label   size    matchers...
 * audio     3MB     .mp3 audio/mpeg audio/mp3
 * video     50MB    .avi .mkv video/*
 * </pre>
 * The size is a number with an optional unit: {@code B}, {@code KB}/{@code MB}/{@code GB}
 * (powers of 10, so 3MB is 3,000,000 bytes, consistent with the tariff) or
 * {@code KiB}/{@code MiB}/{@code GiB} (powers of 2); a file is reported when it is strictly
 * larger. A matcher starting with a dot is a file-name extension (multi-part ones such as
 * {@code .tar.gz} work); one with a slash is a media type, {@code type/*} covering a whole type.
 * {@link #load} replaces the defaults; {@code defaults().extendedWith(load(file))} extends them.
 *
 * <p><b>Matching</b>: a file name (for a URL: the last path segment, query and fragment
 * removed, percent-decoded) and a content type (parameters removed) select every rule whose
 * extension or type fits; the file is reported under the one with the lowest threshold it
 * exceeds. Immutable and thread-safe.
 */
public final class FileSizeRules {

    /** The paper's defaults: mp3 over 3 MB; video, archives and disc images over 50 MB. */
    public static final String DEFAULT_RULES = """
            # label   size   matchers (.extension or media type)
            audio     3MB    .mp3 audio/mpeg audio/mp3
            video     50MB   .avi .mpg .mpeg .mkv .mp4 video/*
            archive   50MB   .zip .rar .7z .iso application/zip application/x-zip-compressed \
            application/x-rar-compressed application/vnd.rar application/x-7z-compressed application/x-iso9660-image
            """;

    private static final FileSizeRules DEFAULTS = parseDefaults();

    private final List<FileSizeRule> rules;

    private FileSizeRules(List<FileSizeRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The built-in rules ({@link #DEFAULT_RULES}). */
    public static FileSizeRules defaults() {
        return DEFAULTS;
    }

    /** Exactly these rules. */
    public static FileSizeRules of(List<FileSizeRule> rules) {
        return new FileSizeRules(rules);
    }

    /**
     * Reads a rule file.
     *
     * @throws FileSizeRulesFormatException naming the file and line of the first bad rule
     * @throws UncheckedIOException when the file cannot be read
     */
    public static FileSizeRules load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read file-size rules " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the rule format.
     *
     * @throws FileSizeRulesFormatException naming the source and line of the first bad rule
     */
    public static FileSizeRules parse(Reader reader, String sourceName) throws IOException {
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<FileSizeRule> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = br.readLine()) != null) {
            n++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] f = text.split("\\s+");
            if (f.length < 3) {
                throw new FileSizeRulesFormatException(sourceName, n, "expected '<label> <size> <.ext|type/subtype>...'");
            }
            Set<String> ext = new HashSet<>();
            Set<String> types = new HashSet<>();
            for (int i = 2; i < f.length; i++) {
                if (f[i].startsWith(".")) {
                    ext.add(f[i]);
                } else if (f[i].indexOf('/') > 0) {
                    types.add(f[i]);
                } else {
                    throw new FileSizeRulesFormatException(sourceName, n,
                            "matcher '" + f[i] + "' is neither .extension nor type/subtype");
                }
            }
            try {
                out.add(new FileSizeRule(f[0], size(f[1]), ext, types));
            } catch (IllegalArgumentException e) {
                throw new FileSizeRulesFormatException(sourceName, n, e.getMessage());
            }
        }
        return new FileSizeRules(out);
    }

    /** Parses {@code 3MB}, {@code 50MiB}, {@code 1024} (bytes). */
    static long size(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 15) {
            throw new IllegalArgumentException("bad size '" + text + "' (use e.g. 3MB, 50MiB or 1048576)");
        }
        long number = Long.parseLong(t.substring(0, i));
        long unit = switch (t.substring(i)) {
            case "", "B" -> 1L;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> throw new IllegalArgumentException("bad size unit in '" + text + "' (B, KB, MB, GB, KiB, MiB, GiB)");
        };
        return Math.multiplyExact(number, unit);
    }

    private static FileSizeRules parseDefaults() {
        try {
            return parse(new StringReader(DEFAULT_RULES), "built-in file-size rules");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** These rules followed by {@code other}'s. */
    public FileSizeRules extendedWith(FileSizeRules other) {
        List<FileSizeRule> all = new ArrayList<>(rules);
        all.addAll(other.rules);
        return new FileSizeRules(all);
    }

    public List<FileSizeRule> rules() {
        return rules;
    }

    /**
     * Checks a URL or path as downloaded.
     *
     * @param urlOrPath absolute URL, path, or bare file name
     * @param contentType the reply content type, if known (parameters are ignored)
     * @param bytes the size transferred
     */
    public Optional<FileSizeMatch> match(String urlOrPath, Optional<String> contentType, long bytes) {
        return matchName(fileName(urlOrPath), contentType, bytes);
    }

    /** Checks a bare file name (e.g. a P2P shared or transferred file) and optional type. */
    public Optional<FileSizeMatch> matchName(String fileName, Optional<String> contentType, long bytes) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String type = contentType.map(FileSizeRules::mediaType).orElse("");
        FileSizeMatch best = null;
        for (FileSizeRule r : rules) {
            if (bytes <= r.thresholdBytes() || (best != null && r.thresholdBytes() >= best.rule().thresholdBytes())) {
                continue;
            }
            String ext = r.extensionOf(lower);
            if (ext != null) {
                best = new FileSizeMatch(r, "extension ." + ext, fileName, bytes);
            } else if (!type.isEmpty() && r.coversType(type)) {
                best = new FileSizeMatch(r, "content type " + type, fileName, bytes);
            }
        }
        return Optional.ofNullable(best);
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
    }

    /** Last path segment of a URL or path, without query or fragment, percent-decoded. */
    static String fileName(String urlOrPath) {
        String s = urlOrPath;
        int scheme = s.indexOf("://");
        if (scheme > 0) {
            int slash = s.indexOf('/', scheme + 3);
            s = slash < 0 ? "" : s.substring(slash);
        }
        int cut = s.length();
        int q = s.indexOf('?');
        int h = s.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (h >= 0 && h < cut) {
            cut = h;
        }
        s = s.substring(0, cut);
        String name = s.substring(s.lastIndexOf('/') + 1);
        return name.indexOf('%') < 0 ? name : percentDecode(name);
    }

    private static String percentDecode(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[raw.length];
        int o = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && Character.digit(raw[i + 1], 16) >= 0
                    && Character.digit(raw[i + 2], 16) >= 0) {
                out[o++] = (byte) (Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                out[o++] = raw[i];
            }
        }
        return new String(out, 0, o, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "FileSizeRules" + rules;
    }
}
