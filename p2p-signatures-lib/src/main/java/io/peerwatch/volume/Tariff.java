package io.peerwatch.volume;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Currency;

/**
 * A traffic tariff: a price per megabyte over a free allowance per billing period.
 *
 * <p><b>MB means 10^6 bytes</b> ({@link #BYTES_PER_MB}): ISPs bill in decimal units, and the
 * paper's arithmetic (70 MB/h at AUD 0.12 = AUD 8.40/h) is unit-agnostic. Costs over spans
 * other than the period pro-rate the allowance: over a span {@code s} the free volume is
 * {@code freeMb * s / period}.
 *
 * <pre>{@code
 * Tariff t = Tariff.defaults();                                      // AUD 0.12 per MB, no allowance
 * double perHour = t.cost(70_000_000L, Duration.ofHours(1));         // 8.40
 * Tariff capped = new Tariff("AUD", 0.12, 10_000, Duration.ofDays(30)); // 10 GB a month free
 * }</pre>
 *
 * @param currency ISO 4217 code, e.g. {@code AUD}
 * @param pricePerMb price of one MB over the allowance, in {@code currency}
 * @param freeMb MB included per period before the price applies
 * @param period the billing period the allowance refers to
 */
public record Tariff(String currency, double pricePerMb, double freeMb, Duration period) {

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
    /** ISP caps are monthly. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private static final Tariff DEFAULTS = new Tariff(DEFAULT_CURRENCY, DEFAULT_PRICE_PER_MB, DEFAULT_FREE_MB, DEFAULT_PERIOD);

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
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /** The paper's tariff: AUD 0.12 per MB, no allowance, monthly period. */
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
        private Duration period;

        private Builder(Tariff t) {
            currency = t.currency;
            pricePerMb = t.pricePerMb;
            freeMb = t.freeMb;
            period = t.period;
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

        public Builder period(Duration v) {
            period = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public Tariff build() {
            return new Tariff(currency, pricePerMb, freeMb, period);
        }
    }

    /** Bytes as (decimal) megabytes. */
    public static double megabytes(long bytes) {
        return (double) bytes / BYTES_PER_MB;
    }

    /** The free allowance over a span, pro rata of the period, in MB. */
    public double allowanceMb(Duration span) {
        return freeMb * ((double) span.toMillis() / period.toMillis());
    }

    /**
     * Cost of {@code bytes} transferred within {@code span}: MB over the pro-rated allowance
     * times the price, as a double for reports; alerts carry {@link #exactCost}.
     */
    public double cost(long bytes, Duration span) {
        return exactCost(bytes, span).doubleValue();
    }

    /**
     * Cost of {@code bytes} transferred within {@code span} as an exact decimal: MB over the
     * pro-rated allowance times the price, with the price and allowance taken as the decimals
     * they were written as ({@code 0.12}, not the binary fraction nearest to it). Exact when there
     * is no allowance (the default: 83,886,080 bytes at 0.12 cost exactly 10.0663296); a
     * pro-rated allowance is a quotient, kept to {@link MathContext#DECIMAL64} (16 digits).
     */
    public BigDecimal exactCost(long bytes, Duration span) {
        if (bytes < 0 || span == null || span.isNegative()) {
            throw new IllegalArgumentException("bytes and span must not be negative");
        }
        BigDecimal mb = BigDecimal.valueOf(bytes).movePointLeft(MB_DIGITS);
        BigDecimal free = freeMb == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(freeMb).multiply(BigDecimal.valueOf(span.toMillis()))
                        .divide(BigDecimal.valueOf(period.toMillis()), MathContext.DECIMAL64);
        BigDecimal over = mb.subtract(free);
        if (over.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal cost = over.multiply(BigDecimal.valueOf(pricePerMb));
        return cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
    }

    /** Cost of {@code bytes} transferred within one whole period. */
    public double costPerPeriod(long bytes) {
        return cost(bytes, period);
    }
}
