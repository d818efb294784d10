package io.peerwatch.detect;

import io.peerwatch.core.Severity;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Thresholds of {@link P2pBehaviourDetector} (Zeek-style named settings with defaults). Build with
 * {@link #builder()} / {@link #toBuilder()}; setters reject invalid values.
 *
 * @param window detection window length the job should use
 * @param highPortLimit ports below this are service ports and give no peer-to-peer evidence
 * @param excludedPorts ports whose traffic is ignored by every heuristic
 * @param minTcpUdpPeers peers reached over both TCP and UDP for heuristic (i) to fire
 * @param tcpUdpWeight score added by heuristic (i)
 * @param minEndpointPeers peer addresses at one endpoint of the host for heuristic (ii)
 * @param endpointPortSlack heuristic (ii) allows at most {@code addresses × (1 + slack)} peer ports
 * @param endpointWeight score added by heuristic (ii)
 * @param minHighPortPeers distinct peers on high ports for heuristic (iii)
 * @param highPortWeight score added by heuristic (iii)
 * @param minLongFlow shortest connection counted as long for heuristic (iv)
 * @param minLongFlowBytes bytes each way a long connection needs for heuristic (iv)
 * @param maxByteRatio larger/smaller byte count of a symmetric connection, at most
 * @param minLongSymmetricFlows long symmetric connections for heuristic (iv)
 * @param longSymmetricWeight score added by heuristic (iv)
 * @param minScore score at which the host is reported
 * @param confidencePerPoint confidence reported per score point
 * @param maxConfidence confidence ceiling: behaviour without payload is never certain
 * @param severity severity reported
 * @param maxTrackedPeers peers remembered per host and window
 * @param maxTrackedEndpoints host endpoints (protocol, port) remembered per window
 * @param maxEndpointPeers peer addresses (and ports) remembered per endpoint
 * @param maxTrackedConnections connections remembered per host and window for heuristic (iv)
 */
public record P2pBehaviourConfig(
        Duration window,
        int highPortLimit,
        Set<Integer> excludedPorts,
        int minTcpUdpPeers,
        double tcpUdpWeight,
        int minEndpointPeers,
        double endpointPortSlack,
        double endpointWeight,
        int minHighPortPeers,
        double highPortWeight,
        Duration minLongFlow,
        long minLongFlowBytes,
        double maxByteRatio,
        int minLongSymmetricFlows,
        double longSymmetricWeight,
        double minScore,
        double confidencePerPoint,
        double maxConfidence,
        Severity severity,
        int maxTrackedPeers,
        int maxTrackedEndpoints,
        int maxEndpointPeers,
        int maxTrackedConnections) {

    /** Five-minute windows: P2P clients gather peers over minutes (Zeek's scan interval too). */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** IANA system ports (below 1024) are services; P2P clients use arbitrary high ports. */
    public static final int DEFAULT_HIGH_PORT_LIMIT = 1024;
    /**
     * Ports where ordinary applications mix TCP and UDP, talk to one server from many ports or
     * keep long symmetric sessions: in the spirit of the paper's exclusion list (DNS, NTP,
     * NetBIOS/SMB, ISAKMP, RTSP, RealAudio, IRC, games) plus today's equivalents — VPNs (OpenVPN,
     * L2TP, IPsec NAT-T), VoIP and conferencing (SIP, STUN/TURN, Teams, Zoom, Google Meet), RDP,
     * VNC, mDNS/LLMNR/SSDP, RADIUS, proxies (3128, 1080, 8080), alternative web ports (8000, 8443,
     * 8888), databases and message brokers, NFS, Xbox Live and Steam/Source games.
     */
    public static final Set<Integer> DEFAULT_EXCLUDED_PORTS = ports(
            new int[] {53, 123, 135, 137, 138, 139, 445, 500, 554, 1080, 1194, 1433, 1521, 1701, 1812, 1813, 1900,
                3074, 3128, 3306, 3389, 4500, 5060, 5061, 5349, 5353, 5355, 5432, 5672, 5900, 6379, 7070, 8000,
                8080, 8443, 8801, 8802, 8888, 9092, 11211, 2049, 27017},
            new int[][] {{3478, 3481}, {6660, 6669}, {19302, 19309}, {27000, 27050}, {27960, 27969}});
    /** The paper flags an address pair as soon as it uses both transports (outside the exclusions). */
    public static final int DEFAULT_MIN_TCP_UDP_PEERS = 1;
    /** Heuristic (i) is one of the paper's two primary heuristics: enough alone. */
    public static final double DEFAULT_TCP_UDP_WEIGHT = 1.0;
    /** An endpoint needs five distinct peer addresses before the address/port balance means anything. */
    public static final int DEFAULT_MIN_ENDPOINT_PEERS = 5;
    /** Peer ports may exceed peer addresses by 20 % (reconnects) and still look peer-to-peer. */
    public static final double DEFAULT_ENDPOINT_PORT_SLACK = 0.2;
    /** Heuristic (ii) is the paper's other primary heuristic: enough alone. */
    public static final double DEFAULT_ENDPOINT_WEIGHT = 1.0;
    /** Ten distinct peers on high ports in one window; a browser has almost none (it uses 80/443). */
    public static final int DEFAULT_MIN_HIGH_PORT_PEERS = 10;
    /** Heuristic (iii) supports, it does not decide alone. */
    public static final double DEFAULT_HIGH_PORT_WEIGHT = 0.5;
    /** A connection of a minute or more counts as long. */
    public static final Duration DEFAULT_MIN_LONG_FLOW = Duration.ofMinutes(1);
    /** Each direction of a long symmetric connection carries at least 64 KiB. */
    public static final long DEFAULT_MIN_LONG_FLOW_BYTES = 64 * 1024;
    /** Bytes one way are at most three times the bytes the other way. */
    public static final double DEFAULT_MAX_BYTE_RATIO = 3.0;
    /** Two long symmetric connections: one could be a call or an SSH session. */
    public static final int DEFAULT_MIN_LONG_SYMMETRIC_FLOWS = 2;
    /** Heuristic (iv) supports, it does not decide alone. */
    public static final double DEFAULT_LONG_SYMMETRIC_WEIGHT = 0.5;
    /** One primary heuristic, or both supporting ones. */
    public static final double DEFAULT_MIN_SCORE = 1.0;
    /** 0.4 confidence per point: one primary heuristic gives 0.4, two 0.8. */
    public static final double DEFAULT_CONFIDENCE_PER_POINT = 0.4;
    /** Behaviour without payload stays below certainty. */
    public static final double DEFAULT_MAX_CONFIDENCE = 0.9;
    /** Behaviour alone is a medium-severity finding: it needs a look, not an immediate block. */
    public static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;
    /** Peers remembered per host and window. */
    public static final int DEFAULT_MAX_TRACKED_PEERS = 2048;
    /** Host endpoints remembered per window (one-peer endpoints make room for new ones). */
    public static final int DEFAULT_MAX_TRACKED_ENDPOINTS = 16;
    /** Peer addresses and ports remembered per endpoint. */
    public static final int DEFAULT_MAX_ENDPOINT_PEERS = 256;
    /** Connections remembered per host and window. */
    public static final int DEFAULT_MAX_TRACKED_CONNECTIONS = 1024;

    private static final P2pBehaviourConfig DEFAULTS = builder().build();

    public P2pBehaviourConfig {
        positive("window", window);
        positive("minLongFlow", minLongFlow);
        range("highPortLimit", highPortLimit, 1, 0xffff);
        if (excludedPorts == null || excludedPorts.stream().anyMatch(p -> p == null || p < 0 || p > 0xffff)) {
            throw new IllegalArgumentException("excluded ports must be 0..65535: " + excludedPorts);
        }
        excludedPorts = Set.copyOf(excludedPorts);
        range("minTcpUdpPeers", minTcpUdpPeers, 1, Integer.MAX_VALUE);
        range("minEndpointPeers", minEndpointPeers, 2, Integer.MAX_VALUE);
        range("minHighPortPeers", minHighPortPeers, 1, Integer.MAX_VALUE);
        range("minLongSymmetricFlows", minLongSymmetricFlows, 1, Integer.MAX_VALUE);
        range("maxTrackedPeers", maxTrackedPeers, 1, Integer.MAX_VALUE);
        range("maxTrackedEndpoints", maxTrackedEndpoints, 1, Integer.MAX_VALUE);
        range("maxEndpointPeers", maxEndpointPeers, 1, Integer.MAX_VALUE);
        range("maxTrackedConnections", maxTrackedConnections, 1, Integer.MAX_VALUE);
        if (minLongFlowBytes < 0) {
            throw new IllegalArgumentException("minLongFlowBytes must not be negative: " + minLongFlowBytes);
        }
        nonNegative("endpointPortSlack", endpointPortSlack);
        nonNegative("tcpUdpWeight", tcpUdpWeight);
        nonNegative("endpointWeight", endpointWeight);
        nonNegative("highPortWeight", highPortWeight);
        nonNegative("longSymmetricWeight", longSymmetricWeight);
        if (!(maxByteRatio >= 1.0) || Double.isInfinite(maxByteRatio)) {
            throw new IllegalArgumentException("maxByteRatio must be a finite value >= 1: " + maxByteRatio);
        }
        if (!(minScore > 0) || Double.isInfinite(minScore)) {
            throw new IllegalArgumentException("minScore must be a finite value > 0: " + minScore);
        }
        unit("confidencePerPoint", confidencePerPoint);
        unit("maxConfidence", maxConfidence);
        if (severity == null) {
            throw new IllegalArgumentException("severity must not be null");
        }
    }

    static Set<Integer> ports(int[] single, int[][] ranges) {
        Set<Integer> s = new TreeSet<>();
        for (int p : single) {
            s.add(p);
        }
        for (int[] r : ranges) {
            IntStream.rangeClosed(r[0], r[1]).forEach(s::add);
        }
        return Set.copyOf(s);
    }

    static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    static void range(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + v);
        }
    }

    static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite value >= 0: " + v);
        }
    }

    static void unit(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within (0, 1]: " + v);
        }
    }

    /** The documented defaults. */
    public static P2pBehaviourConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.window = window;
        b.highPortLimit = highPortLimit;
        b.excludedPorts = excludedPorts;
        b.minTcpUdpPeers = minTcpUdpPeers;
        b.tcpUdpWeight = tcpUdpWeight;
        b.minEndpointPeers = minEndpointPeers;
        b.endpointPortSlack = endpointPortSlack;
        b.endpointWeight = endpointWeight;
        b.minHighPortPeers = minHighPortPeers;
        b.highPortWeight = highPortWeight;
        b.minLongFlow = minLongFlow;
        b.minLongFlowBytes = minLongFlowBytes;
        b.maxByteRatio = maxByteRatio;
        b.minLongSymmetricFlows = minLongSymmetricFlows;
        b.longSymmetricWeight = longSymmetricWeight;
        b.minScore = minScore;
        b.confidencePerPoint = confidencePerPoint;
        b.maxConfidence = maxConfidence;
        b.severity = severity;
        b.maxTrackedPeers = maxTrackedPeers;
        b.maxTrackedEndpoints = maxTrackedEndpoints;
        b.maxEndpointPeers = maxEndpointPeers;
        b.maxTrackedConnections = maxTrackedConnections;
        return b;
    }

    /** Builder; every setter checks its value at once (the record constructor checks again). */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private int highPortLimit = DEFAULT_HIGH_PORT_LIMIT;
        private Set<Integer> excludedPorts = DEFAULT_EXCLUDED_PORTS;
        private int minTcpUdpPeers = DEFAULT_MIN_TCP_UDP_PEERS;
        private double tcpUdpWeight = DEFAULT_TCP_UDP_WEIGHT;
        private int minEndpointPeers = DEFAULT_MIN_ENDPOINT_PEERS;
        private double endpointPortSlack = DEFAULT_ENDPOINT_PORT_SLACK;
        private double endpointWeight = DEFAULT_ENDPOINT_WEIGHT;
        private int minHighPortPeers = DEFAULT_MIN_HIGH_PORT_PEERS;
        private double highPortWeight = DEFAULT_HIGH_PORT_WEIGHT;
        private Duration minLongFlow = DEFAULT_MIN_LONG_FLOW;
        private long minLongFlowBytes = DEFAULT_MIN_LONG_FLOW_BYTES;
        private double maxByteRatio = DEFAULT_MAX_BYTE_RATIO;
        private int minLongSymmetricFlows = DEFAULT_MIN_LONG_SYMMETRIC_FLOWS;
        private double longSymmetricWeight = DEFAULT_LONG_SYMMETRIC_WEIGHT;
        private double minScore = DEFAULT_MIN_SCORE;
        private double confidencePerPoint = DEFAULT_CONFIDENCE_PER_POINT;
        private double maxConfidence = DEFAULT_MAX_CONFIDENCE;
        private Severity severity = DEFAULT_SEVERITY;
        private int maxTrackedPeers = DEFAULT_MAX_TRACKED_PEERS;
        private int maxTrackedEndpoints = DEFAULT_MAX_TRACKED_ENDPOINTS;
        private int maxEndpointPeers = DEFAULT_MAX_ENDPOINT_PEERS;
        private int maxTrackedConnections = DEFAULT_MAX_TRACKED_CONNECTIONS;

        private Builder() {
        }

        public Builder window(Duration d) {
            positive("window", d);
            window = d;
            return this;
        }

        public Builder highPortLimit(int port) {
            range("highPortLimit", port, 1, 0xffff);
            highPortLimit = port;
            return this;
        }

        public Builder excludedPorts(Set<Integer> ports) {
            if (ports == null || ports.stream().anyMatch(p -> p == null || p < 0 || p > 0xffff)) {
                throw new IllegalArgumentException("excluded ports must be 0..65535: " + ports);
            }
            excludedPorts = Set.copyOf(ports);
            return this;
        }

        public Builder minTcpUdpPeers(int n) {
            range("minTcpUdpPeers", n, 1, Integer.MAX_VALUE);
            minTcpUdpPeers = n;
            return this;
        }

        public Builder tcpUdpWeight(double w) {
            nonNegative("tcpUdpWeight", w);
            tcpUdpWeight = w;
            return this;
        }

        public Builder minEndpointPeers(int n) {
            range("minEndpointPeers", n, 2, Integer.MAX_VALUE);
            minEndpointPeers = n;
            return this;
        }

        public Builder endpointPortSlack(double s) {
            nonNegative("endpointPortSlack", s);
            endpointPortSlack = s;
            return this;
        }

        public Builder endpointWeight(double w) {
            nonNegative("endpointWeight", w);
            endpointWeight = w;
            return this;
        }

        public Builder minHighPortPeers(int n) {
            range("minHighPortPeers", n, 1, Integer.MAX_VALUE);
            minHighPortPeers = n;
            return this;
        }

        public Builder highPortWeight(double w) {
            nonNegative("highPortWeight", w);
            highPortWeight = w;
            return this;
        }

        public Builder minLongFlow(Duration d) {
            positive("minLongFlow", d);
            minLongFlow = d;
            return this;
        }

        public Builder minLongFlowBytes(long n) {
            range("minLongFlowBytes", n, 0, Long.MAX_VALUE);
            minLongFlowBytes = n;
            return this;
        }

        public Builder maxByteRatio(double r) {
            if (!(r >= 1.0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("maxByteRatio must be a finite value >= 1: " + r);
            }
            maxByteRatio = r;
            return this;
        }

        public Builder minLongSymmetricFlows(int n) {
            range("minLongSymmetricFlows", n, 1, Integer.MAX_VALUE);
            minLongSymmetricFlows = n;
            return this;
        }

        public Builder longSymmetricWeight(double w) {
            nonNegative("longSymmetricWeight", w);
            longSymmetricWeight = w;
            return this;
        }

        public Builder minScore(double s) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("minScore must be a finite value > 0: " + s);
            }
            minScore = s;
            return this;
        }

        public Builder confidencePerPoint(double c) {
            unit("confidencePerPoint", c);
            confidencePerPoint = c;
            return this;
        }

        public Builder maxConfidence(double c) {
            unit("maxConfidence", c);
            maxConfidence = c;
            return this;
        }

        public Builder severity(Severity s) {
            if (s == null) {
                throw new IllegalArgumentException("severity must not be null");
            }
            severity = s;
            return this;
        }

        public Builder maxTrackedPeers(int n) {
            range("maxTrackedPeers", n, 1, Integer.MAX_VALUE);
            maxTrackedPeers = n;
            return this;
        }

        public Builder maxTrackedEndpoints(int n) {
            range("maxTrackedEndpoints", n, 1, Integer.MAX_VALUE);
            maxTrackedEndpoints = n;
            return this;
        }

        public Builder maxEndpointPeers(int n) {
            range("maxEndpointPeers", n, 1, Integer.MAX_VALUE);
            maxEndpointPeers = n;
            return this;
        }

        public Builder maxTrackedConnections(int n) {
            range("maxTrackedConnections", n, 1, Integer.MAX_VALUE);
            maxTrackedConnections = n;
            return this;
        }

        public P2pBehaviourConfig build() {
            return new P2pBehaviourConfig(window, highPortLimit, excludedPorts, minTcpUdpPeers, tcpUdpWeight,
                    minEndpointPeers, endpointPortSlack, endpointWeight, minHighPortPeers, highPortWeight, minLongFlow,
                    minLongFlowBytes, maxByteRatio, minLongSymmetricFlows, longSymmetricWeight, minScore,
                    confidencePerPoint, maxConfidence, severity, maxTrackedPeers, maxTrackedEndpoints,
                    maxEndpointPeers, maxTrackedConnections);
        }
    }
}
