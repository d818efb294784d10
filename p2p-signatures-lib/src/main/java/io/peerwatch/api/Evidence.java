package io.peerwatch.api;

/**
 * One piece of evidence behind a verdict, e.g. kind {@code "connect"}, detail
 * {@code "CONNECT to 198.51.100.7:6881, a P2P port"}, count 1. Immutable.
 *
 * @param kind what sort of evidence (a short lower-case word)
 * @param detail what was seen, for a person
 * @param count how many times it was seen (at least 1)
 */
public record Evidence(String kind, String detail, long count) {

    /**
     * Checks the fields.
     *
     * @param kind what sort of evidence (a short lower-case word)
     * @param detail what was seen, for a person
     * @param count how many times it was seen (at least 1)
     */
    public Evidence {
        if (kind == null || detail == null) {
            throw new IllegalArgumentException("evidence kind and detail must not be null");
        }
    }

    static Evidence of(io.peerwatch.notice.Evidence e) {
        return new Evidence(e.kind(), e.detail(), e.count());
    }

    @Override
    public String toString() {
        return kind + ": " + detail + (count > 1 ? " (x" + count + ")" : "");
    }
}
