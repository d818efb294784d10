package io.peerwatch.blacklist;

/**
 * A blacklist hit.
 *
 * @param host the host looked up (normalised)
 * @param entry the list entry that covers it, e.g. {@code tracker.example} for {@code ads.tracker.example}
 * @param source the list (file name) the entry came from
 */
public record BlacklistMatch(String host, String entry, String source) {
}
