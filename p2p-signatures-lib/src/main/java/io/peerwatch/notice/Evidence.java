package io.peerwatch.notice;

/**
 * One piece of evidence behind an alert: what was seen, and how often.
 *
 * @param kind a short machine-readable tag, e.g. {@code "port"}, {@code "payload"}, {@code "peers"}
 * @param detail human-readable detail, e.g. {@code "6881/tcp BitTorrent"}
 * @param count how many observations this piece stands for (at least 1)
 */
public record Evidence(String kind, String detail, long count) {

    public Evidence {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("evidence kind must not be blank");
        }
        if (detail == null) {
            throw new IllegalArgumentException("evidence detail must not be null");
        }
        if (count < 1) {
            throw new IllegalArgumentException("evidence count must be at least 1: " + count);
        }
    }
}
