package io.peerwatch.api;

import io.peerwatch.blacklist.BlacklistMatch;

/**
 * A host (or URL) a blacklist covers. Immutable.
 *
 * @param host the host looked up
 * @param entry the list entry that covers it (the host itself, a parent domain, or a URL)
 * @param source the list file the entry came from
 */
public record BlacklistVerdict(String host, String entry, String source) {

    /**
     * Checks the fields.
     *
     * @param host the host looked up
     * @param entry the list entry that covers it (the host itself, a parent domain, or a URL)
     * @param source the list file the entry came from
     */
    public BlacklistVerdict {
        if (host == null || entry == null || source == null) {
            throw new IllegalArgumentException("blacklist verdict fields must not be null");
        }
    }

    static BlacklistVerdict of(BlacklistMatch m) {
        return new BlacklistVerdict(m.host(), m.entry(), m.source());
    }
}
