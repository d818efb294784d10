package io.peerwatch.detect;

import io.peerwatch.core.Severity;
import java.time.Duration;

/**
 * Thresholds of {@link IcmpTunnelDetector}: what the echoes between a host and a peer must show
 * in one window to be judged an ICMP tunnel. Build with {@link #builder()} / {@link #toBuilder()}.
 *
 * @param window event-time window per (host, peer)
 * @param minPayload echo payloads shorter than this are not judged (ping's 32- or 56-byte payloads,
 *     a tunnel's short control messages)
 * @param minUnpatterned judged payloads without a ping fill pattern, at least
 * @param minUnpatternedShare share of the judged payloads without a fill pattern, at least
 * @param minBytes echo payload bytes moved in the window, at least
 * @param minRandomDistinctRatio distinct byte values per byte (of what random data of that length
 *     holds) from which a payload counts as random-looking: a reason
 * @param minSizeSpread distinct payload sizes that is a reason (ping sends one size)
 * @param maxMirroredShare share of replies that mirror a request at most, for the asymmetry reason
 * @param baseConfidence confidence when the required conditions hold
 * @param confidencePerReason confidence added per supporting reason
 * @param severity severity of the alert
 * @param maxTrackedRequests request payload hashes remembered per pair and window (for mirrored replies)
 */
public record IcmpTunnelConfig(
        Duration window,
        int minPayload,
        int minUnpatterned,
        double minUnpatternedShare,
        long minBytes,
        double minRandomDistinctRatio,
        int minSizeSpread,
        double maxMirroredShare,
        double baseConfidence,
        double confidencePerReason,
        Severity severity,
        int maxTrackedRequests) {

    /** Five minutes, as the DNS-tunnel window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** 64 bytes: longer than the default payloads of Linux (56) and Windows (32) ping plus its header slack. */
    public static final int DEFAULT_MIN_PAYLOAD = 64;
    /** Ten echoes whose payloads follow no ping pattern. */
    public static final int DEFAULT_MIN_UNPATTERNED = 10;
    /** Half of the judged echoes without a fill pattern. */
    public static final double DEFAULT_MIN_UNPATTERNED_SHARE = 0.5;
    /** 8 KB of echo payload in the window. */
    public static final long DEFAULT_MIN_BYTES = 8 * 1024;
    /** 0.8 of the distinct values random bytes would give. */
    public static final double DEFAULT_MIN_RANDOM_DISTINCT_RATIO = 0.8;
    /** Three or more payload sizes. */
    public static final int DEFAULT_MIN_SIZE_SPREAD = 3;
    /** At most 60 % of the replies mirror a request (ordinary ping: all of them). */
    public static final double DEFAULT_MAX_MIRRORED_SHARE = 0.6;
    /** Confidence of the required conditions. */
    public static final double DEFAULT_BASE_CONFIDENCE = 0.6;
    /** Each supporting reason (random bytes, size spread, asymmetry) adds this. */
    public static final double DEFAULT_CONFIDENCE_PER_REASON = 0.1;
    /** Covert channels are of high severity. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;
    /** Request hashes remembered per pair and window. */
    public static final int DEFAULT_MAX_TRACKED_REQUESTS = 4096;

    private static final IcmpTunnelConfig DEFAULTS = builder().build();

    public IcmpTunnelConfig {
        P2pBehaviourConfig.positive("window", window);
        P2pBehaviourConfig.range("minPayload", minPayload, 0, Integer.MAX_VALUE);
        P2pBehaviourConfig.range("minUnpatterned", minUnpatterned, 1, Integer.MAX_VALUE);
        InternalScanConfig.ratio("minUnpatternedShare", minUnpatternedShare);
        P2pBehaviourConfig.range("minBytes", minBytes, 0, Long.MAX_VALUE);
        InternalScanConfig.ratio("minRandomDistinctRatio", minRandomDistinctRatio);
        P2pBehaviourConfig.range("minSizeSpread", minSizeSpread, 1, Integer.MAX_VALUE);
        InternalScanConfig.ratio("maxMirroredShare", maxMirroredShare);
        InternalScanConfig.ratio("baseConfidence", baseConfidence);
        InternalScanConfig.ratio("confidencePerReason", confidencePerReason);
        if (severity == null) {
            throw new IllegalArgumentException("severity must not be null");
        }
        P2pBehaviourConfig.range("maxTrackedRequests", maxTrackedRequests, 1, Integer.MAX_VALUE);
    }

    /** The documented defaults. */
    public static IcmpTunnelConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().window(window).minPayload(minPayload).minUnpatterned(minUnpatterned)
                .minUnpatternedShare(minUnpatternedShare).minBytes(minBytes).minRandomDistinctRatio(minRandomDistinctRatio)
                .minSizeSpread(minSizeSpread).maxMirroredShare(maxMirroredShare).baseConfidence(baseConfidence)
                .confidencePerReason(confidencePerReason).severity(severity).maxTrackedRequests(maxTrackedRequests);
    }

    /** Builder; {@link #build()} checks every value. */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private int minPayload = DEFAULT_MIN_PAYLOAD;
        private int minUnpatterned = DEFAULT_MIN_UNPATTERNED;
        private double minUnpatternedShare = DEFAULT_MIN_UNPATTERNED_SHARE;
        private long minBytes = DEFAULT_MIN_BYTES;
        private double minRandomDistinctRatio = DEFAULT_MIN_RANDOM_DISTINCT_RATIO;
        private int minSizeSpread = DEFAULT_MIN_SIZE_SPREAD;
        private double maxMirroredShare = DEFAULT_MAX_MIRRORED_SHARE;
        private double baseConfidence = DEFAULT_BASE_CONFIDENCE;
        private double confidencePerReason = DEFAULT_CONFIDENCE_PER_REASON;
        private Severity severity = DEFAULT_SEVERITY;
        private int maxTrackedRequests = DEFAULT_MAX_TRACKED_REQUESTS;

        private Builder() {
        }

        public Builder window(Duration v) { window = v; return this; }
        public Builder minPayload(int v) { minPayload = v; return this; }
        public Builder minUnpatterned(int v) { minUnpatterned = v; return this; }
        public Builder minUnpatternedShare(double v) { minUnpatternedShare = v; return this; }
        public Builder minBytes(long v) { minBytes = v; return this; }
        public Builder minRandomDistinctRatio(double v) { minRandomDistinctRatio = v; return this; }
        public Builder minSizeSpread(int v) { minSizeSpread = v; return this; }
        public Builder maxMirroredShare(double v) { maxMirroredShare = v; return this; }
        public Builder baseConfidence(double v) { baseConfidence = v; return this; }
        public Builder confidencePerReason(double v) { confidencePerReason = v; return this; }
        public Builder severity(Severity v) { severity = v; return this; }
        public Builder maxTrackedRequests(int v) { maxTrackedRequests = v; return this; }

        /** The configuration; throws {@link IllegalArgumentException} naming the first invalid field. */
        public IcmpTunnelConfig build() {
            return new IcmpTunnelConfig(window, minPayload, minUnpatterned, minUnpatternedShare, minBytes,
                    minRandomDistinctRatio, minSizeSpread, maxMirroredShare, baseConfidence, confidencePerReason, severity,
                    maxTrackedRequests);
        }
    }
}
