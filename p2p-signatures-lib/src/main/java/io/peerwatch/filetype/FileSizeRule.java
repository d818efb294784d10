package io.peerwatch.filetype;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One file type/size rule: files with one of {@code extensions} or {@code contentTypes} and
 * more than {@code thresholdBytes} bytes are reported.
 *
 * @param label short name, e.g. {@code audio} (no spaces)
 * @param thresholdBytes a file must be strictly larger than this
 * @param extensions lower-case extensions without the dot, e.g. {@code mp3}, {@code tar.gz}
 * @param contentTypes lower-case media types, {@code type/subtype} or {@code type/*}
 */
public record FileSizeRule(String label, long thresholdBytes, Set<String> extensions, Set<String> contentTypes) {

    public FileSizeRule {
        if (label == null || label.isBlank() || label.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("rule label must be one word: '" + label + "'");
        }
        if (thresholdBytes < 0) {
            throw new IllegalArgumentException("threshold must be >= 0: " + thresholdBytes);
        }
        if (extensions == null || contentTypes == null || (extensions.isEmpty() && contentTypes.isEmpty())) {
            throw new IllegalArgumentException("rule '" + label + "' needs at least one extension or content type");
        }
        extensions = extensions.stream().map(e -> {
            String x = e.toLowerCase(Locale.ROOT);
            x = x.startsWith(".") ? x.substring(1) : x;
            if (x.isEmpty() || x.indexOf('/') >= 0 || x.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("bad extension '" + e + "' in rule '" + label + "'");
            }
            return x;
        }).collect(Collectors.toUnmodifiableSet());
        contentTypes = contentTypes.stream().map(t -> {
            String x = t.toLowerCase(Locale.ROOT);
            int slash = x.indexOf('/');
            if (slash <= 0 || slash == x.length() - 1 || x.indexOf('/', slash + 1) >= 0) {
                throw new IllegalArgumentException("bad content type '" + t + "' in rule '" + label + "' (use type/subtype or type/*)");
            }
            return x;
        }).collect(Collectors.toUnmodifiableSet());
    }

    /** The extension of {@code fileName} this rule covers (longest first), if any. */
    String extensionOf(String lowerFileName) {
        String best = null;
        for (String ext : extensions) {
            if (lowerFileName.endsWith("." + ext) && (best == null || ext.length() > best.length())) {
                best = ext;
            }
        }
        return best;
    }

    /** True when the lower-case media type is one of the rule's types or under a {@code type/*}. */
    boolean coversType(String mediaType) {
        if (contentTypes.contains(mediaType)) {
            return true;
        }
        int slash = mediaType.indexOf('/');
        return slash > 0 && contentTypes.contains(mediaType.substring(0, slash) + "/*");
    }
}
