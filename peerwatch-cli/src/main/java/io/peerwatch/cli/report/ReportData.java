package io.peerwatch.cli.report;

import io.peerwatch.notice.Alert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a report shows; every part may be empty (a capture has no cost, a proxy log no link).
 *
 * @param title the page title (the inputs, the run)
 * @param generated when the report was written
 * @param alerts the run's alerts
 * @param siteBandwidth the site's volume per period, oldest first
 * @param linkCapacities the configured link capacities (download, upload), if any
 * @param talkers hosts and users by volume, largest first
 * @param costs estimated cost per host or user
 */
public record ReportData(String title, Instant generated, List<Alert> alerts, List<BandwidthPoint> siteBandwidth,
        List<Capacity> linkCapacities, List<Talker> talkers, List<CostRow> costs) {

    public ReportData {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(generated, "generated");
        alerts = List.copyOf(alerts);
        siteBandwidth = List.copyOf(siteBandwidth);
        linkCapacities = List.copyOf(linkCapacities);
        talkers = List.copyOf(talkers);
        costs = List.copyOf(costs);
    }

    /**
     * The site's volume in one period.
     *
     * @param startMs start of the period, epoch milliseconds
     * @param lengthMs length of the period
     * @param bytesIn bytes into the site (downloads)
     * @param bytesOut bytes out of it
     * @param expectedBytes the learned baseline of in + out for the period, if warmed up
     */
    public record BandwidthPoint(long startMs, long lengthMs, long bytesIn, long bytesOut, OptionalLong expectedBytes) {

        public BandwidthPoint {
            if (lengthMs <= 0 || bytesIn < 0 || bytesOut < 0) {
                throw new IllegalArgumentException("period of " + lengthMs + " ms with " + bytesIn + "/" + bytesOut + " bytes");
            }
            Objects.requireNonNull(expectedBytes, "expectedBytes");
        }

        /** Bytes in and out. */
        public long bytes() {
            return bytesIn + bytesOut;
        }

        /** Average rate of {@code bytes} over the period, bits per second. */
        public double bitsPerSecond(long bytes) {
            return bytes * 8000.0 / lengthMs;
        }
    }

    /**
     * A link capacity drawn against the site's bandwidth.
     *
     * @param name what it is ("download capacity")
     * @param bitsPerSecond the capacity
     */
    public record Capacity(String name, double bitsPerSecond) {

        public Capacity {
            Objects.requireNonNull(name, "name");
            if (!(bitsPerSecond > 0)) {
                throw new IllegalArgumentException("capacity must be positive: " + bitsPerSecond);
            }
        }
    }

    /**
     * A host or user and its volume.
     *
     * @param name address or user name
     * @param bytesIn bytes received
     * @param bytesOut bytes sent
     * @param p2pProtocols the P2P protocols alerted for it (empty: none)
     */
    public record Talker(String name, long bytesIn, long bytesOut, List<String> p2pProtocols) {

        public Talker {
            Objects.requireNonNull(name, "name");
            p2pProtocols = List.copyOf(p2pProtocols);
        }

        /** Bytes in and out. */
        public long bytes() {
            return bytesIn + bytesOut;
        }
    }

    /**
     * Estimated cost of a host or user.
     *
     * @param subject address or user name
     * @param bytes bytes counted
     * @param cost cost so far
     * @param projected cost projected for the billing month, if known
     * @param currency ISO 4217 code
     */
    public record CostRow(String subject, long bytes, BigDecimal cost, java.util.Optional<BigDecimal> projected, String currency) {

        public CostRow {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(cost, "cost");
            Objects.requireNonNull(projected, "projected");
            Objects.requireNonNull(currency, "currency");
        }
    }
}
