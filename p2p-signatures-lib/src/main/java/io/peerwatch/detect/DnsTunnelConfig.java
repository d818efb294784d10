package io.peerwatch.detect;

import io.peerwatch.core.Severity;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Thresholds of {@link DnsTunnelDetector}: what a host's queries under one registered domain must
 * show in one window to be judged a DNS tunnel. Build with {@link #builder()} / {@link #toBuilder()};
 * setters reject invalid values.
 *
 * @param window event-time window per (host, registered domain)
 * @param minDistinctNames distinct question names under the domain (a tunnel never repeats a name)
 * @param minLabelBytes bytes in the chosen labels of the distinct names (what was carried up)
 * @param minEncodedPrefix a name's chosen labels must be this long to be judged for encoding
 * @param minPrefixEntropy bits of Shannon entropy per character that mark chosen labels as encoded data
 * @param minEncodedShare share of the distinct names whose chosen labels look encoded
 * @param minUnusualTypeShare share of queries of types ordinary clients rarely ask (TXT, NULL,
 *     CNAME, MX, SRV, KEY, private use) that is a reason, and with large answers an alternative to encoding
 * @param minMeanAnswerBytes mean response size that is a reason
 * @param minQueryRate queries per second over the window's active span that is a reason
 * @param minNxdomainShare share of responses that are NXDOMAIN that is a reason
 * @param baseConfidence confidence when the required conditions hold
 * @param confidencePerReason confidence added per supporting reason
 * @param severity severity of the alert
 * @param allowedDomains registered domains never judged (lower case; e.g. a reputation service that queries by hash)
 * @param maxTrackedNames distinct names remembered per key and window (counts stop growing beyond)
 */
public record DnsTunnelConfig(
        Duration window,
        int minDistinctNames,
        int minLabelBytes,
        int minEncodedPrefix,
        double minPrefixEntropy,
        double minEncodedShare,
        double minUnusualTypeShare,
        int minMeanAnswerBytes,
        double minQueryRate,
        double minNxdomainShare,
        double baseConfidence,
        double confidencePerReason,
        Severity severity,
        Set<String> allowedDomains,
        int maxTrackedNames) {

    /** Five minutes: long enough for a slow tunnel to show volume, short enough to alert soon. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** 24 distinct names under one domain from one host: more than a web page's lookups of one site. */
    public static final int DEFAULT_MIN_DISTINCT_NAMES = 24;
    /** 1,000 bytes of chosen labels: a tunnel carries that in a few seconds; ordinary names are a few bytes each. */
    public static final int DEFAULT_MIN_LABEL_BYTES = 1000;
    /** Chosen labels of 16+ characters are judged (host names such as "www", "mail-eu-1" are shorter). */
    public static final int DEFAULT_MIN_ENCODED_PREFIX = 16;
    /** 3.6 bits per character: base32/base64/hex data of that length reaches 3.8-5; words and host names stay below. */
    public static final double DEFAULT_MIN_PREFIX_ENTROPY = 3.6;
    /** Half of the distinct names must look encoded. */
    public static final double DEFAULT_MIN_ENCODED_SHARE = 0.5;
    /** A third of the queries of unusual types. */
    public static final double DEFAULT_MIN_UNUSUAL_TYPE_SHARE = 0.3;
    /** 200-byte answers on average (an A answer is under 100). */
    public static final int DEFAULT_MIN_MEAN_ANSWER_BYTES = 200;
    /** Two queries per second to one domain, sustained. */
    public static final double DEFAULT_MIN_QUERY_RATE = 2.0;
    /** A third of the answers NXDOMAIN. */
    public static final double DEFAULT_MIN_NXDOMAIN_SHARE = 0.3;
    /** Confidence of the required conditions. */
    public static final double DEFAULT_BASE_CONFIDENCE = 0.6;
    /** Each supporting reason (types, answers, rate, NXDOMAIN, characters) adds this. */
    public static final double DEFAULT_CONFIDENCE_PER_REASON = 0.07;
    /** Covert channels are of high severity. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;
    /** No domain is allowed by default. */
    public static final Set<String> DEFAULT_ALLOWED_DOMAINS = Set.of();
    /** Names remembered per key and window. */
    public static final int DEFAULT_MAX_TRACKED_NAMES = 4096;

    private static final DnsTunnelConfig DEFAULTS = builder().build();

    public DnsTunnelConfig {
        P2pBehaviourConfig.positive("window", window);
        P2pBehaviourConfig.range("minDistinctNames", minDistinctNames, 1, Integer.MAX_VALUE);
        P2pBehaviourConfig.range("minLabelBytes", minLabelBytes, 0, Integer.MAX_VALUE);
        P2pBehaviourConfig.range("minEncodedPrefix", minEncodedPrefix, 1, 255);
        if (!(minPrefixEntropy >= 0 && minPrefixEntropy <= 8)) {
            throw new IllegalArgumentException("minPrefixEntropy must be within 0..8 bits: " + minPrefixEntropy);
        }
        InternalScanConfig.ratio("minEncodedShare", minEncodedShare);
        InternalScanConfig.ratio("minUnusualTypeShare", minUnusualTypeShare);
        P2pBehaviourConfig.range("minMeanAnswerBytes", minMeanAnswerBytes, 0, Integer.MAX_VALUE);
        if (!(minQueryRate >= 0)) {
            throw new IllegalArgumentException("minQueryRate must be at least 0: " + minQueryRate);
        }
        InternalScanConfig.ratio("minNxdomainShare", minNxdomainShare);
        InternalScanConfig.ratio("baseConfidence", baseConfidence);
        InternalScanConfig.ratio("confidencePerReason", confidencePerReason);
        if (severity == null || allowedDomains == null) {
            throw new IllegalArgumentException("severity and allowedDomains must not be null");
        }
        Set<String> lower = new TreeSet<>();
        allowedDomains.forEach(d -> lower.add(d.toLowerCase(Locale.ROOT)));
        allowedDomains = Set.copyOf(lower);
        P2pBehaviourConfig.range("maxTrackedNames", maxTrackedNames, 1, Integer.MAX_VALUE);
    }

    /** The documented defaults. */
    public static DnsTunnelConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.window = window;
        b.minDistinctNames = minDistinctNames;
        b.minLabelBytes = minLabelBytes;
        b.minEncodedPrefix = minEncodedPrefix;
        b.minPrefixEntropy = minPrefixEntropy;
        b.minEncodedShare = minEncodedShare;
        b.minUnusualTypeShare = minUnusualTypeShare;
        b.minMeanAnswerBytes = minMeanAnswerBytes;
        b.minQueryRate = minQueryRate;
        b.minNxdomainShare = minNxdomainShare;
        b.baseConfidence = baseConfidence;
        b.confidencePerReason = confidencePerReason;
        b.severity = severity;
        b.allowedDomains = allowedDomains;
        b.maxTrackedNames = maxTrackedNames;
        return b;
    }

    /** Builder; {@link #build()} checks every value. */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private int minDistinctNames = DEFAULT_MIN_DISTINCT_NAMES;
        private int minLabelBytes = DEFAULT_MIN_LABEL_BYTES;
        private int minEncodedPrefix = DEFAULT_MIN_ENCODED_PREFIX;
        private double minPrefixEntropy = DEFAULT_MIN_PREFIX_ENTROPY;
        private double minEncodedShare = DEFAULT_MIN_ENCODED_SHARE;
        private double minUnusualTypeShare = DEFAULT_MIN_UNUSUAL_TYPE_SHARE;
        private int minMeanAnswerBytes = DEFAULT_MIN_MEAN_ANSWER_BYTES;
        private double minQueryRate = DEFAULT_MIN_QUERY_RATE;
        private double minNxdomainShare = DEFAULT_MIN_NXDOMAIN_SHARE;
        private double baseConfidence = DEFAULT_BASE_CONFIDENCE;
        private double confidencePerReason = DEFAULT_CONFIDENCE_PER_REASON;
        private Severity severity = DEFAULT_SEVERITY;
        private Set<String> allowedDomains = DEFAULT_ALLOWED_DOMAINS;
        private int maxTrackedNames = DEFAULT_MAX_TRACKED_NAMES;

        private Builder() {
        }

        public Builder window(Duration v) { window = v; return this; }
        public Builder minDistinctNames(int v) { minDistinctNames = v; return this; }
        public Builder minLabelBytes(int v) { minLabelBytes = v; return this; }
        public Builder minEncodedPrefix(int v) { minEncodedPrefix = v; return this; }
        public Builder minPrefixEntropy(double v) { minPrefixEntropy = v; return this; }
        public Builder minEncodedShare(double v) { minEncodedShare = v; return this; }
        public Builder minUnusualTypeShare(double v) { minUnusualTypeShare = v; return this; }
        public Builder minMeanAnswerBytes(int v) { minMeanAnswerBytes = v; return this; }
        public Builder minQueryRate(double v) { minQueryRate = v; return this; }
        public Builder minNxdomainShare(double v) { minNxdomainShare = v; return this; }
        public Builder baseConfidence(double v) { baseConfidence = v; return this; }
        public Builder confidencePerReason(double v) { confidencePerReason = v; return this; }
        public Builder severity(Severity v) { severity = v; return this; }
        public Builder allowedDomains(Set<String> v) { allowedDomains = v; return this; }
        public Builder maxTrackedNames(int v) { maxTrackedNames = v; return this; }

        /** The configuration; throws {@link IllegalArgumentException} naming the first invalid field. */
        public DnsTunnelConfig build() {
            return new DnsTunnelConfig(window, minDistinctNames, minLabelBytes, minEncodedPrefix, minPrefixEntropy,
                    minEncodedShare, minUnusualTypeShare, minMeanAnswerBytes, minQueryRate, minNxdomainShare,
                    baseConfidence, confidencePerReason, severity, allowedDomains, maxTrackedNames);
        }
    }
}
