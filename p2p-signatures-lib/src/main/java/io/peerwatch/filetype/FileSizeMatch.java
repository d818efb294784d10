package io.peerwatch.filetype;

/**
 * A file over a rule's threshold.
 *
 * @param rule the rule that matched
 * @param matchedBy how: {@code "extension .mp3"} or {@code "content type audio/mpeg"}
 * @param fileName the file name looked at (last path segment, decoded)
 * @param bytes the file's size
 */
public record FileSizeMatch(FileSizeRule rule, String matchedBy, String fileName, long bytes) {
}
