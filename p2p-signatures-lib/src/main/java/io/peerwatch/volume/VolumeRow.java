package io.peerwatch.volume;

/**
 * One line of a volume report.
 *
 * @param key the user or address
 * @param bytes bytes counted
 * @param requests requests counted
 * @param cost estimated cost in {@code currency}
 * @param currency ISO 4217 code
 */
public record VolumeRow(VolumeKey key, long bytes, long requests, double cost, String currency) {
    public VolumeRow {
        if (key == null || currency == null || bytes < 0 || requests < 0 || !(cost >= 0)) {
            throw new IllegalArgumentException("invalid volume row");
        }
    }
}
