package io.peerwatch.core;

/**
 * Limits every input record is held to, whatever its source (the {@code records.*} keys).
 *
 * @param maxPlausibleCounter largest byte or packet count one record may carry; a larger one
 *     makes the record a dead letter (see {@link Counters})
 * @serial exclude
 */
public record RecordLimits(long maxPlausibleCounter) implements java.io.Serializable {

    /** {@link Counters#MAX_PLAUSIBLE}: 2^50. */
    public static final long DEFAULT_MAX_PLAUSIBLE_COUNTER = Counters.MAX_PLAUSIBLE;

    private static final RecordLimits DEFAULTS = new RecordLimits(DEFAULT_MAX_PLAUSIBLE_COUNTER);

    /**
     * Checks the field.
     *
     * @param maxPlausibleCounter largest byte or packet count one record may carry, at least 1
     */
    public RecordLimits {
        if (maxPlausibleCounter < 1) {
            throw new IllegalArgumentException("maxPlausibleCounter must be at least 1: " + maxPlausibleCounter);
        }
    }

    /** {@return the documented defaults} */
    public static RecordLimits defaults() {
        return DEFAULTS;
    }

    /** Puts these limits in force in this JVM (records check themselves in their constructors). */
    public void apply() {
        Counters.maxPlausible(maxPlausibleCounter);
    }

    /** {@return a builder starting from these limits} */
    public Builder toBuilder() {
        return new Builder().maxPlausibleCounter(maxPlausibleCounter);
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private long maxPlausibleCounter = DEFAULT_MAX_PLAUSIBLE_COUNTER;

        /**
         * Sets {@link RecordLimits#maxPlausibleCounter()}.
         *
         * @param v largest byte or packet count one record may carry, at least 1
         * @return this builder
         */
        public Builder maxPlausibleCounter(long v) {
            maxPlausibleCounter = v;
            return this;
        }

        /**
         * {@return the limits}
         *
         * @throws IllegalArgumentException when the counter limit is below 1
         */
        public RecordLimits build() {
            return new RecordLimits(maxPlausibleCounter);
        }
    }
}
