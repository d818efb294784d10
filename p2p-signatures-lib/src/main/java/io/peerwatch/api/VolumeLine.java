package io.peerwatch.api;

import io.peerwatch.volume.VolumeRow;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The volume and cost of one subject over an input. Immutable.
 *
 * @param kind {@code "host"} (an internal host of flow records), {@code "address"} (a proxy
 *     client address) or {@code "user"} (an authenticated proxy user)
 * @param name the address or user name
 * @param bytesIn bytes to the subject
 * @param bytesOut bytes from the subject
 * @param packets packets (0 for proxy requests)
 * @param records flow records or requests counted
 * @param cost cost so far in the billing month of the input's end (marginal price), exact decimal
 * @param projectedCost the same projected to the month's end at the observed rate
 * @param currency ISO 4217 code of the costs
 */
public record VolumeLine(String kind, String name, long bytesIn, long bytesOut, long packets, long records,
        BigDecimal cost, BigDecimal projectedCost, String currency) {

    /**
     * Checks the fields.
     *
     * @param kind {@code "host"} (an internal host of flow records), {@code "address"} (a proxy client address) or
     *     {@code "user"} (an authenticated proxy user)
     * @param name the address or user name
     * @param bytesIn bytes to the subject
     * @param bytesOut bytes from the subject
     * @param packets packets (0 for proxy requests)
     * @param records flow records or requests counted
     * @param cost cost so far in the billing month of the input's end (marginal price), exact decimal
     * @param projectedCost the same projected to the month's end at the observed rate
     * @param currency ISO 4217 code of the costs
     */
    public VolumeLine {
        if (kind == null || name == null || cost == null || projectedCost == null || currency == null) {
            throw new IllegalArgumentException("volume line fields must not be null");
        }
    }

    static VolumeLine of(VolumeRow r) {
        return new VolumeLine(r.key().kind().name().toLowerCase(Locale.ROOT), r.key().name(), r.bytesIn(), r.bytesOut(),
                r.packets(), r.requests(), r.cost(), r.projectedCost(), r.currency());
    }

    /**
     * Bytes in both directions.
     *
     * @return {@code bytesIn + bytesOut}
     */
    public long bytes() {
        return bytesIn + bytesOut;
    }
}
