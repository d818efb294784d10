package io.peerwatch.volume;

import java.math.BigDecimal;

/**
 * One line of a volume report: a subject's volume over the input and its cost.
 *
 * @param key the flow host, proxy address or proxy user
 * @param bytesIn bytes to the subject
 * @param bytesOut bytes from the subject
 * @param internalBytes bytes that stayed inside the site
 * @param externalBytes bytes that crossed the site's edge
 * @param packets packets in and out (0 for proxy records)
 * @param requests input records counted (flow records or proxy requests)
 * @param cost cost so far in the billing month of the input's end, marginal price (the allowance is the site's)
 * @param projectedCost the same, projected to the month's end at the run rate observed
 * @param currency ISO 4217 code
 */
public record VolumeRow(VolumeKey key, long bytesIn, long bytesOut, long internalBytes, long externalBytes, long packets,
        long requests, BigDecimal cost, BigDecimal projectedCost, String currency) {
    public VolumeRow {
        if (key == null || currency == null || cost == null || projectedCost == null || bytesIn < 0 || bytesOut < 0
                || requests < 0 || cost.signum() < 0) {
            throw new IllegalArgumentException("invalid volume row");
        }
    }

    /** Bytes in and out. */
    public long bytes() {
        return bytesIn + bytesOut;
    }
}
