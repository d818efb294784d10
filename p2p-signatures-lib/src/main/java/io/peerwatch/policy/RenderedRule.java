package io.peerwatch.policy;

/**
 * One rule as a format writes it, without its comment: what {@link PolicyDiff} compares.
 *
 * @param key the rule's text in the format, comment removed and white space collapsed, e.g.
 *     {@code "tcp dport 6881-6889 counter drop"} or {@code "0.0.0.0 tracker.example"}
 * @param reason the comment written with it
 */
public record RenderedRule(String key, String reason) {
}
