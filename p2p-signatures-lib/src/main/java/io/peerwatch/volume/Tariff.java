package io.peerwatch.volume;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;

/**
 * A traffic tariff: a price per megabyte over a free allowance per billing month, the month
 * starting on a billing-cycle day in a time zone (the real calendar: 28 to 31 days).
 *
 * <p><b>MB means 10^6 bytes</b> ({@link #BYTES_PER_MB}): ISPs bill in decimal units, and the
 * paper's arithmetic (70 MB/h at AUD 0.12 = AUD 8.40/h) is unit-agnostic.
 *
 * <p>Two prices, two questions: {@link #exactCost(long)} is the marginal cost of some bytes (the
 * over-cap price, what a host's or a user's traffic costs the organisation once its allowance is
 * used up; the allowance belongs to the site, not to a host); {@link #month} counts the site's
 * (or any subject's) bytes since the start of the billing month against the allowance and
 * projects the month from the run rate so far.
 *
 * <pre>{@code
 * Tariff t = Tariff.defaults();                                     // AUD 0.12 per MB, no allowance, cycle day 1, UTC
 * BigDecimal perHour = t.exactCost(70_000_000L);                    // 8.40
 * Tariff capped = t.toBuilder().freeMb(10_000).billingDay(15).build(); // 10 GB free per month from the 15th
 * CostEstimate c = capped.month(12_000_000_000L, firstMs, nowMs);    // cost so far and projected
 * }</pre>
 *
 * @param currency ISO 4217 code, e.g. {@code AUD}
 * @param pricePerMb price of one MB over the allowance, in {@code currency}
 * @param freeMb MB included per billing month before the price applies
 * @param billingDay day of the month (1..28) on which a billing month starts
 * @param zone time zone of the billing calendar (an id of {@link ZoneId}, e.g. {@code UTC}, {@code Australia/Sydney})
 */
public record Tariff(String currency, double pricePerMb, double freeMb, int billingDay, String zone) {

    /** One megabyte: 10^6 bytes (decimal, as ISPs bill). */
    public static final long BYTES_PER_MB = 1_000_000L;
    /** Decimal digits of {@link #BYTES_PER_MB}. */
    private static final int MB_DIGITS = 6;
    /** The paper's currency. */
    public static final String DEFAULT_CURRENCY = "AUD";
    /** The paper's ISP price: AUD 0.12 per MB over the cap. */
    public static final double DEFAULT_PRICE_PER_MB = 0.12;
    /**
     * No allowance: every MB is priced at the over-cap rate, the marginal cost once the
     * organisation's cap is used up; this is the paper's own arithmetic (70 MB/h is AUD 8.40/h).
     */
    public static final double DEFAULT_FREE_MB = 0;
    /** Billing months start on the first of the month. */
    public static final int DEFAULT_BILLING_DAY = 1;
    /** The billing calendar's zone. */
    public static final String DEFAULT_ZONE = "UTC";
    /** Latest billing-cycle day: every month has it. */
    public static final int MAX_BILLING_DAY = 28;

    private static final Tariff DEFAULTS = new Tariff(DEFAULT_CURRENCY, DEFAULT_PRICE_PER_MB, DEFAULT_FREE_MB,
            DEFAULT_BILLING_DAY, DEFAULT_ZONE);

    public Tariff {
        if (currency == null || currency.length() != 3 || !currency.equals(currency.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("currency must be a three-letter ISO 4217 code: " + currency);
        }
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + currency);
        }
        if (!(pricePerMb >= 0) || Double.isInfinite(pricePerMb)) {
            throw new IllegalArgumentException("pricePerMb must be a finite number >= 0: " + pricePerMb);
        }
        if (!(freeMb >= 0) || Double.isInfinite(freeMb)) {
            throw new IllegalArgumentException("freeMb must be a finite number >= 0: " + freeMb);
        }
        if (billingDay < 1 || billingDay > MAX_BILLING_DAY) {
            throw new IllegalArgumentException("billingDay must be within 1.." + MAX_BILLING_DAY + ": " + billingDay);
        }
        try {
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zone is not a time zone id: " + zone);
        }
    }

    /** The paper's tariff: AUD 0.12 per MB, no allowance, months from the 1st, UTC. */
    public static Tariff defaults() {
        return DEFAULTS;
    }

    /** A builder holding the paper's tariff. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder holding this tariff. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder; {@link #build()} validates (see the record's constructor). */
    public static final class Builder {
        private String currency;
        private double pricePerMb;
        private double freeMb;
        private int billingDay;
        private String zone;

        private Builder(Tariff t) {
            currency = t.currency;
            pricePerMb = t.pricePerMb;
            freeMb = t.freeMb;
            billingDay = t.billingDay;
            zone = t.zone;
        }

        public Builder currency(String v) {
            currency = v;
            return this;
        }

        public Builder pricePerMb(double v) {
            pricePerMb = v;
            return this;
        }

        public Builder freeMb(double v) {
            freeMb = v;
            return this;
        }

        public Builder billingDay(int v) {
            billingDay = v;
            return this;
        }

        public Builder zone(String v) {
            zone = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public Tariff build() {
            return new Tariff(currency, pricePerMb, freeMb, billingDay, zone);
        }
    }

    /** Bytes as (decimal) megabytes. */
    public static double megabytes(long bytes) {
        return (double) bytes / BYTES_PER_MB;
    }

    /** The marginal cost of {@code bytes} as a double, for tables; alerts carry {@link #exactCost}. */
    public double cost(long bytes) {
        return exactCost(bytes).doubleValue();
    }

    /**
     * The marginal cost of {@code bytes} as an exact decimal: MB times the over-cap price, with
     * the price taken as the decimal it was written as ({@code 0.12}, not the binary fraction
     * nearest to it): 83,886,080 bytes at 0.12 cost exactly 10.0663296.
     */
    public BigDecimal exactCost(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        return priced(BigDecimal.valueOf(bytes).movePointLeft(MB_DIGITS));
    }

    private BigDecimal priced(BigDecimal mb) {
        if (mb.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal cost = mb.multiply(BigDecimal.valueOf(pricePerMb));
        return cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
    }

    /** The billing month holding {@code timeMs}: [start, end) in epoch milliseconds. */
    public BillingMonth billingMonth(long timeMs) {
        ZoneId z = ZoneId.of(zone);
        ZonedDateTime t = Instant.ofEpochMilli(timeMs).atZone(z);
        LocalDate d = t.toLocalDate();
        LocalDate start = d.getDayOfMonth() >= billingDay ? d.withDayOfMonth(billingDay)
                : d.minusMonths(1).withDayOfMonth(billingDay);
        return new BillingMonth(start.atStartOfDay(z).toInstant().toEpochMilli(),
                start.plusMonths(1).atStartOfDay(z).toInstant().toEpochMilli());
    }

    /**
     * Cost of a billing month so far and projected: {@code bytes} counted since the month (or
     * the subject's first record in it, {@code firstMs}) began until {@code nowMs}, against the
     * month's free allowance; the projection extrapolates the run rate over the observed part
     * of the month ({@code max(month start, firstMs)} to {@code nowMs}, at least one minute) to
     * the month's end.
     *
     * @param bytes bytes counted in the billing month of {@code nowMs}
     * @param firstMs time of the first byte counted (the start of observation)
     * @param nowMs the present (normally the newest record's time)
     * @param withAllowance whether the free allowance applies (true for the site; a host's or
     *     user's share is priced at the marginal rate, the allowance being the site's)
     */
    public CostEstimate month(long bytes, long firstMs, long nowMs, boolean withAllowance) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        BillingMonth m = billingMonth(nowMs);
        long observedFrom = Math.max(m.startMs(), Math.min(firstMs, nowMs));
        long observed = Math.max(MIN_OBSERVED_MS, nowMs - observedFrom);
        long remaining = Math.max(0, m.endMs() - nowMs);
        long projected = bytes + (long) ((double) bytes * remaining / observed);
        BigDecimal free = withAllowance ? BigDecimal.valueOf(freeMb) : BigDecimal.ZERO;
        BigDecimal mb = BigDecimal.valueOf(bytes).movePointLeft(MB_DIGITS);
        BigDecimal projectedMb = BigDecimal.valueOf(projected).movePointLeft(MB_DIGITS);
        return new CostEstimate(m, bytes, projected, priced(mb.subtract(free)), priced(projectedMb.subtract(free)),
                currency);
    }

    /** Shortest observation a month's projection extrapolates from. */
    private static final long MIN_OBSERVED_MS = 60_000;

    /**
     * One billing month.
     *
     * @param startMs first instant, inclusive
     * @param endMs first instant of the next month
     */
    public record BillingMonth(long startMs, long endMs) {
    }

    /**
     * A billing month's cost so far and projected to its end.
     *
     * @param month the billing month
     * @param bytes bytes counted so far
     * @param projectedBytes bytes expected by the month's end at the run rate so far
     * @param costSoFar cost of {@code bytes}
     * @param projectedCost cost of {@code projectedBytes}
     * @param currency ISO 4217 code
     */
    public record CostEstimate(BillingMonth month, long bytes, long projectedBytes, BigDecimal costSoFar,
            BigDecimal projectedCost, String currency) {

        /** One line of evidence: "AUD 1.20 so far this billing month (from 2026-11-01), AUD 36.00 projected". */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "%s %.2f so far in the billing month from %s (%.1f MB), %s %.2f projected "
                    + "for the month (%.1f MB at the run rate so far)", currency, costSoFar, Instant.ofEpochMilli(month.startMs()),
                    megabytes(bytes), currency, projectedCost, megabytes(projectedBytes));
        }
    }
}
