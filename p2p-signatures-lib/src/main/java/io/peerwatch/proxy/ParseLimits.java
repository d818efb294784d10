package io.peerwatch.proxy;

/** Range limits shared by the parsers. */
final class ParseLimits {
    /** HTTP status codes have three digits. */
    static final int MAX_STATUS = 999;
    /** Epoch seconds beyond year 2286 are a corrupt time. */
    static final double MAX_EPOCH_SECONDS = 1e10;
    /** Digits of epoch seconds up to {@link #MAX_EPOCH_SECONDS}. */
    static final int MAX_SECONDS_DIGITS = 10;

    private ParseLimits() {
    }
}
