package io.peerwatch.detect.proxy;

import io.peerwatch.core.Severity;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thresholds of {@link TunnelDetector} (Zeek-style named constants with defaults).
 *
 * @param allowedConnectPorts CONNECT ports that are not NONSTANDARD_CONNECT
 * @param longConnect a CONNECT on an allowed port at least this long is reported
 * @param largeConnectBytes a CONNECT on an allowed port moving at least this many bytes is reported
 * @param window length of the per-(subject, destination) shape window
 * @param minRequests requests of one series (polling) or POSTs (POST stream) before a shape counts
 * @param maxPollInterval the median gap between polls must not exceed this
 * @param maxIntervalCv coefficient of variation (stddev / mean) of the poll gaps, at most
 * @param idleGapFraction share of the longest gaps dropped before the CV (idle pauses of a tunnel)
 * @param minOpaquePostShare share of POSTs to one destination that must carry opaque bodies
 * @param opaqueContentTypes media types that count as opaque POST bodies
 * @param httptunnelMinRequests POSTs and GETs of GNU httptunnel's {@code /index.html?} pattern, each
 * @param socksMinRequests reGeorg-style {@code cmd=} requests, with at least one {@code cmd=connect}
 * @param maxTrackedSeries distinct (method, path) series remembered per window (bounds state)
 * @param maxTimestampsPerSeries request times remembered per series (bounds state)
 */
public record TunnelConfig(
        Set<Integer> allowedConnectPorts,
        Duration longConnect,
        long largeConnectBytes,
        Duration window,
        int minRequests,
        Duration maxPollInterval,
        double maxIntervalCv,
        double idleGapFraction,
        double minOpaquePostShare,
        Set<String> opaqueContentTypes,
        int httptunnelMinRequests,
        int socksMinRequests,
        int maxTrackedSeries,
        int maxTimestampsPerSeries) {

    /** Only TLS (443) is a normal CONNECT target; everything else is a tunnel to somewhere. */
    public static final Set<Integer> DEFAULT_ALLOWED_CONNECT_PORTS = Set.of(443);
    /**
     * One hour: browsers' TLS sessions through a proxy last seconds to minutes; an hour-long
     * CONNECT is a tunnel or a long-lived push channel worth a look.
     */
    public static final Duration DEFAULT_LONG_CONNECT = Duration.ofHours(1);
    /** 200 MB (10^6-byte MB) in one CONNECT: well above web pages, typical of tunnelled bulk transfer. */
    public static final long DEFAULT_LARGE_CONNECT_BYTES = 200_000_000L;
    /** Ten-minute shape windows: long enough for dozens of polls, short enough to alert quickly. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    /** Eight requests give seven gaps, the smallest sample on which a CV means anything. */
    public static final int DEFAULT_MIN_REQUESTS = 8;
    /**
     * Tunnel tools poll every 0.1 to a few seconds when idle; web pages that refresh (mail,
     * dashboards) poll every 15 s or slower, so a median gap above 10 s is not tool polling.
     */
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(10);
    /** A timer-driven poller has a CV near 0; people clicking have a CV near or above 1. */
    public static final double DEFAULT_MAX_INTERVAL_CV = 0.25;
    /** The longest 20 % of gaps are idle pauses of the tunnel, not its rhythm: left out of the CV. */
    public static final double DEFAULT_IDLE_GAP_FRACTION = 0.2;
    /** Four in five POSTs with opaque bodies: forms and JSON APIs mix in other types. */
    public static final double DEFAULT_MIN_OPAQUE_POST_SHARE = 0.8;
    /** Binary and form bodies, the carriers of HTTP tunnel tools' upstream data. */
    public static final Set<String> DEFAULT_OPAQUE_CONTENT_TYPES =
            Set.of("application/octet-stream", "application/x-www-form-urlencoded");
    /** Four POST and four GET {@code /index.html?} requests: htc issues a pair per poll. */
    public static final int DEFAULT_HTTPTUNNEL_MIN_REQUESTS = 4;
    /** Three {@code cmd=} requests: reGeorg needs connect, then read/forward, for any session. */
    public static final int DEFAULT_SOCKS_MIN_REQUESTS = 3;
    /** Series (method + path) tracked per window. */
    public static final int DEFAULT_MAX_TRACKED_SERIES = 32;
    /** Request times kept per series; later ones are counted only. */
    public static final int DEFAULT_MAX_TIMESTAMPS_PER_SERIES = 256;

    /** Confidence of NONSTANDARD_CONNECT: the port is in the log, only the purpose is inferred. */
    public static final double CONNECT_CONFIDENCE = 0.9;
    /** Confidence of a denied non-standard CONNECT: an attempt, no tunnel was opened. */
    public static final double DENIED_CONNECT_CONFIDENCE = 0.6;
    /** Confidence of a long or large CONNECT on an allowed port: big downloads look the same. */
    public static final double LONG_CONNECT_CONFIDENCE = 0.4;
    /** Severity of a long or large CONNECT on an allowed port. */
    public static final Severity LONG_CONNECT_SEVERITY = Severity.LOW;
    /** Confidence of steady polling alone. */
    public static final double POLLING_CONFIDENCE = 0.5;
    /** Confidence of an opaque POST stream alone. */
    public static final double POST_STREAM_CONFIDENCE = 0.6;
    /** Confidence of a named tool's request pattern (httptunnel, reGeorg). */
    public static final double TOOL_CONFIDENCE = 0.9;
    /** Added to the best shape's confidence per additional shape that matched. */
    public static final double EXTRA_SHAPE_CONFIDENCE = 0.1;
    /** Longest attacker-controlled text quoted in evidence. */
    public static final int MAX_EVIDENCE_TEXT = 160;

    public TunnelConfig {
        if (allowedConnectPorts == null || allowedConnectPorts.stream().anyMatch(p -> p == null || p < 1 || p > 0xffff)) {
            throw new IllegalArgumentException("allowed CONNECT ports must be within 1..65535: " + allowedConnectPorts);
        }
        positive(longConnect, "longConnect");
        positive(window, "window");
        positive(maxPollInterval, "maxPollInterval");
        if (largeConnectBytes < 1) {
            throw new IllegalArgumentException("largeConnectBytes must be at least 1: " + largeConnectBytes);
        }
        if (minRequests < 3) {
            throw new IllegalArgumentException("minRequests must be at least 3 (two gaps): " + minRequests);
        }
        if (!(maxIntervalCv > 0)) {
            throw new IllegalArgumentException("maxIntervalCv must be positive: " + maxIntervalCv);
        }
        if (!(idleGapFraction >= 0 && idleGapFraction < 1)) {
            throw new IllegalArgumentException("idleGapFraction must be within [0, 1): " + idleGapFraction);
        }
        if (!(minOpaquePostShare > 0 && minOpaquePostShare <= 1)) {
            throw new IllegalArgumentException("minOpaquePostShare must be within (0, 1]: " + minOpaquePostShare);
        }
        if (opaqueContentTypes == null || opaqueContentTypes.stream().anyMatch(t -> t == null || t.indexOf('/') < 0)) {
            throw new IllegalArgumentException("opaque content types must be type/subtype: " + opaqueContentTypes);
        }
        if (httptunnelMinRequests < 1 || socksMinRequests < 1 || maxTrackedSeries < 1 || maxTimestampsPerSeries < minRequests) {
            throw new IllegalArgumentException("request minimums and caps must be positive, and the timestamp cap at least minRequests");
        }
        allowedConnectPorts = Set.copyOf(allowedConnectPorts);
        opaqueContentTypes = opaqueContentTypes.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** The documented defaults. */
    public static TunnelConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.allowedConnectPorts = allowedConnectPorts;
        b.longConnect = longConnect;
        b.largeConnectBytes = largeConnectBytes;
        b.window = window;
        b.minRequests = minRequests;
        b.maxPollInterval = maxPollInterval;
        b.maxIntervalCv = maxIntervalCv;
        b.idleGapFraction = idleGapFraction;
        b.minOpaquePostShare = minOpaquePostShare;
        b.opaqueContentTypes = opaqueContentTypes;
        b.httptunnelMinRequests = httptunnelMinRequests;
        b.socksMinRequests = socksMinRequests;
        b.maxTrackedSeries = maxTrackedSeries;
        b.maxTimestampsPerSeries = maxTimestampsPerSeries;
        return b;
    }

    /** Builder; {@link #build()} validates (see the record's compact constructor). */
    public static final class Builder {
        private Set<Integer> allowedConnectPorts = DEFAULT_ALLOWED_CONNECT_PORTS;
        private Duration longConnect = DEFAULT_LONG_CONNECT;
        private long largeConnectBytes = DEFAULT_LARGE_CONNECT_BYTES;
        private Duration window = DEFAULT_WINDOW;
        private int minRequests = DEFAULT_MIN_REQUESTS;
        private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
        private double maxIntervalCv = DEFAULT_MAX_INTERVAL_CV;
        private double idleGapFraction = DEFAULT_IDLE_GAP_FRACTION;
        private double minOpaquePostShare = DEFAULT_MIN_OPAQUE_POST_SHARE;
        private Set<String> opaqueContentTypes = DEFAULT_OPAQUE_CONTENT_TYPES;
        private int httptunnelMinRequests = DEFAULT_HTTPTUNNEL_MIN_REQUESTS;
        private int socksMinRequests = DEFAULT_SOCKS_MIN_REQUESTS;
        private int maxTrackedSeries = DEFAULT_MAX_TRACKED_SERIES;
        private int maxTimestampsPerSeries = DEFAULT_MAX_TIMESTAMPS_PER_SERIES;

        private Builder() {
        }

        public Builder allowedConnectPorts(Set<Integer> v) { allowedConnectPorts = v; return this; }
        public Builder longConnect(Duration v) { longConnect = v; return this; }
        public Builder largeConnectBytes(long v) { largeConnectBytes = v; return this; }
        public Builder window(Duration v) { window = v; return this; }
        public Builder minRequests(int v) { minRequests = v; return this; }
        public Builder maxPollInterval(Duration v) { maxPollInterval = v; return this; }
        public Builder maxIntervalCv(double v) { maxIntervalCv = v; return this; }
        public Builder idleGapFraction(double v) { idleGapFraction = v; return this; }
        public Builder minOpaquePostShare(double v) { minOpaquePostShare = v; return this; }
        public Builder opaqueContentTypes(Set<String> v) { opaqueContentTypes = v; return this; }
        public Builder httptunnelMinRequests(int v) { httptunnelMinRequests = v; return this; }
        public Builder socksMinRequests(int v) { socksMinRequests = v; return this; }
        public Builder maxTrackedSeries(int v) { maxTrackedSeries = v; return this; }
        public Builder maxTimestampsPerSeries(int v) { maxTimestampsPerSeries = v; return this; }

        /** @throws IllegalArgumentException for an invalid value */
        public TunnelConfig build() {
            return new TunnelConfig(allowedConnectPorts, longConnect, largeConnectBytes, window, minRequests,
                    maxPollInterval, maxIntervalCv, idleGapFraction, minOpaquePostShare, opaqueContentTypes,
                    httptunnelMinRequests, socksMinRequests, maxTrackedSeries, maxTimestampsPerSeries);
        }
    }
}
