package io.peerwatch.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * Volume and cost over an input: per subject, largest first, and for the site. Immutable.
 *
 * @param subjects every host, proxy address and user, largest volume first
 * @param siteBytes bytes the site moved (each byte once)
 * @param siteExternalBytes of those, bytes to or from outside the internal networks
 * @param siteCost the site's cost so far in the billing month, after the free allowance
 * @param siteProjectedCost the site's cost projected to the month's end
 * @param currency ISO 4217 code of the costs
 */
public record VolumeVerdict(List<VolumeLine> subjects, long siteBytes, long siteExternalBytes, BigDecimal siteCost,
        BigDecimal siteProjectedCost, String currency) {

    /**
     * Checks the fields and copies the list.
     *
     * @param subjects every host, proxy address and user, largest volume first
     * @param siteBytes bytes the site moved (each byte once)
     * @param siteExternalBytes of those, bytes to or from outside the internal networks
     * @param siteCost the site's cost so far in the billing month, after the free allowance
     * @param siteProjectedCost the site's cost projected to the month's end
     * @param currency ISO 4217 code of the costs
     */
    public VolumeVerdict {
        if (subjects == null || siteCost == null || siteProjectedCost == null || currency == null) {
            throw new IllegalArgumentException("volume verdict fields must not be null");
        }
        subjects = List.copyOf(subjects);
    }
}
