package io.peerwatch.detect;

import io.peerwatch.core.Severity;
import java.time.Duration;

/**
 * Thresholds of {@link InternalScanDetector}, after Zeek's {@code policy/misc/scan.zeek}
 * ({@code Scan::addr_scan_threshold = 25}, {@code Scan::port_scan_threshold = 15}, 5-minute
 * intervals). Build with {@link #builder()} / {@link #toBuilder()}; setters reject invalid values.
 *
 * @param window detection window length the job should use
 * @param minSweepPeers distinct internal peers probed on one port (address scan / sweep)
 * @param minVerticalPorts distinct ports probed on one internal peer (port scan / vertical scan)
 * @param minFailedRatio share of failed attempts required besides the counts (0 = counts alone)
 * @param singlePacketFailure whether an attempt of one packet counts as failed when its outcome is
 *     unknown (UDP and ICMP probes, flows without TCP flags)
 * @param baseConfidence confidence when the counts are reached
 * @param failedRatioWeight confidence added times the failed ratio
 * @param severity severity of a sweep or a vertical scan
 * @param bothSeverity severity when a host sweeps and scans vertically in one window
 * @param maxTrackedPorts probed (protocol, port) pairs remembered per host and window
 * @param maxPeersPerPort peers remembered per probed port
 * @param maxTrackedPeers probed peers remembered per host and window
 * @param maxPortsPerPeer ports remembered per probed peer
 */
public record InternalScanConfig(
        Duration window,
        int minSweepPeers,
        int minVerticalPorts,
        double minFailedRatio,
        boolean singlePacketFailure,
        double baseConfidence,
        double failedRatioWeight,
        Severity severity,
        Severity bothSeverity,
        int maxTrackedPorts,
        int maxPeersPerPort,
        int maxTrackedPeers,
        int maxPortsPerPeer) {

    /** Five-minute windows, as Zeek's scan intervals. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** 25 internal hosts on one port in a window: Zeek's address-scan threshold. */
    public static final int DEFAULT_MIN_SWEEP_PEERS = 25;
    /** 15 ports on one internal host in a window: Zeek's port-scan threshold. */
    public static final int DEFAULT_MIN_VERTICAL_PORTS = 15;
    /**
     * At least 20 % of the host's attempts failed. Zeek counts only failed attempts; requiring a
     * share keeps out management servers that legitimately reach many hosts (their attempts succeed).
     */
    public static final double DEFAULT_MIN_FAILED_RATIO = 0.2;
    /** Probes of one packet with no known outcome count as failed (a UDP or ICMP probe rarely gets more). */
    public static final boolean DEFAULT_SINGLE_PACKET_FAILURE = true;
    /** Confidence from the counts alone. */
    public static final double DEFAULT_BASE_CONFIDENCE = 0.5;
    /** Up to 0.4 more when every attempt failed. */
    public static final double DEFAULT_FAILED_RATIO_WEIGHT = 0.4;
    /** A sweep or a vertical scan alone is of medium severity. */
    public static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;
    /** A host that sweeps and scans vertically in one window is of high severity. */
    public static final Severity DEFAULT_BOTH_SEVERITY = Severity.HIGH;
    /** Probed ports remembered per host and window (one-peer ports make room for new ones). */
    public static final int DEFAULT_MAX_TRACKED_PORTS = 32;
    /** Peers remembered per probed port (five times the sweep threshold). */
    public static final int DEFAULT_MAX_PEERS_PER_PORT = 128;
    /** Probed peers remembered per host and window (one-port peers make room for new ones). */
    public static final int DEFAULT_MAX_TRACKED_PEERS = 64;
    /** Ports remembered per probed peer (eight times the vertical-scan threshold). */
    public static final int DEFAULT_MAX_PORTS_PER_PEER = 128;

    private static final InternalScanConfig DEFAULTS = builder().build();

    public InternalScanConfig {
        P2pBehaviourConfig.positive("window", window);
        P2pBehaviourConfig.range("minSweepPeers", minSweepPeers, 2, Integer.MAX_VALUE);
        P2pBehaviourConfig.range("minVerticalPorts", minVerticalPorts, 2, Integer.MAX_VALUE);
        ratio("minFailedRatio", minFailedRatio);
        ratio("baseConfidence", baseConfidence);
        ratio("failedRatioWeight", failedRatioWeight);
        if (baseConfidence + failedRatioWeight > 1.0 + 1e-9 || baseConfidence == 0) {
            throw new IllegalArgumentException("baseConfidence must be > 0 and baseConfidence + failedRatioWeight <= 1");
        }
        if (severity == null || bothSeverity == null) {
            throw new IllegalArgumentException("severities must not be null");
        }
        P2pBehaviourConfig.range("maxTrackedPorts", maxTrackedPorts, 1, Integer.MAX_VALUE);
        P2pBehaviourConfig.range("maxPeersPerPort", maxPeersPerPort, 1, Integer.MAX_VALUE);
        P2pBehaviourConfig.range("maxTrackedPeers", maxTrackedPeers, 1, Integer.MAX_VALUE);
        P2pBehaviourConfig.range("maxPortsPerPeer", maxPortsPerPeer, 1, Integer.MAX_VALUE);
    }

    static void ratio(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1: " + v);
        }
    }

    /** The documented defaults. */
    public static InternalScanConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.window = window;
        b.minSweepPeers = minSweepPeers;
        b.minVerticalPorts = minVerticalPorts;
        b.minFailedRatio = minFailedRatio;
        b.singlePacketFailure = singlePacketFailure;
        b.baseConfidence = baseConfidence;
        b.failedRatioWeight = failedRatioWeight;
        b.severity = severity;
        b.bothSeverity = bothSeverity;
        b.maxTrackedPorts = maxTrackedPorts;
        b.maxPeersPerPort = maxPeersPerPort;
        b.maxTrackedPeers = maxTrackedPeers;
        b.maxPortsPerPeer = maxPortsPerPeer;
        return b;
    }

    /** Builder; every setter checks its value at once. */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private int minSweepPeers = DEFAULT_MIN_SWEEP_PEERS;
        private int minVerticalPorts = DEFAULT_MIN_VERTICAL_PORTS;
        private double minFailedRatio = DEFAULT_MIN_FAILED_RATIO;
        private boolean singlePacketFailure = DEFAULT_SINGLE_PACKET_FAILURE;
        private double baseConfidence = DEFAULT_BASE_CONFIDENCE;
        private double failedRatioWeight = DEFAULT_FAILED_RATIO_WEIGHT;
        private Severity severity = DEFAULT_SEVERITY;
        private Severity bothSeverity = DEFAULT_BOTH_SEVERITY;
        private int maxTrackedPorts = DEFAULT_MAX_TRACKED_PORTS;
        private int maxPeersPerPort = DEFAULT_MAX_PEERS_PER_PORT;
        private int maxTrackedPeers = DEFAULT_MAX_TRACKED_PEERS;
        private int maxPortsPerPeer = DEFAULT_MAX_PORTS_PER_PEER;

        private Builder() {
        }

        public Builder window(Duration d) {
            P2pBehaviourConfig.positive("window", d);
            window = d;
            return this;
        }

        public Builder minSweepPeers(int n) {
            P2pBehaviourConfig.range("minSweepPeers", n, 2, Integer.MAX_VALUE);
            minSweepPeers = n;
            return this;
        }

        public Builder minVerticalPorts(int n) {
            P2pBehaviourConfig.range("minVerticalPorts", n, 2, Integer.MAX_VALUE);
            minVerticalPorts = n;
            return this;
        }

        public Builder minFailedRatio(double r) {
            ratio("minFailedRatio", r);
            minFailedRatio = r;
            return this;
        }

        public Builder singlePacketFailure(boolean b) {
            singlePacketFailure = b;
            return this;
        }

        /** Sets both confidence parts; their sum must not exceed 1. */
        public Builder confidence(double base, double failedWeight) {
            ratio("baseConfidence", base);
            ratio("failedRatioWeight", failedWeight);
            if (base == 0 || base + failedWeight > 1.0 + 1e-9) {
                throw new IllegalArgumentException("baseConfidence must be > 0 and base + failedWeight <= 1");
            }
            baseConfidence = base;
            failedRatioWeight = failedWeight;
            return this;
        }

        /** Confidence from the counts alone; {@link #build()} checks that it and the weight sum to at most 1. */
        public Builder baseConfidence(double base) {
            ratio("baseConfidence", base);
            baseConfidence = base;
            return this;
        }

        /** Confidence added times the failed ratio; {@link #build()} checks the sum with the base. */
        public Builder failedRatioWeight(double weight) {
            ratio("failedRatioWeight", weight);
            failedRatioWeight = weight;
            return this;
        }

        /** Severity of a sweep or a vertical scan alone. */
        public Builder severity(Severity single) {
            return severity(single, bothSeverity);
        }

        /** Severity when a host sweeps and scans vertically in one window. */
        public Builder bothSeverity(Severity both) {
            return severity(severity, both);
        }

        public Builder severity(Severity single, Severity both) {
            if (single == null || both == null) {
                throw new IllegalArgumentException("severities must not be null");
            }
            severity = single;
            bothSeverity = both;
            return this;
        }

        public Builder maxTrackedPorts(int n) {
            P2pBehaviourConfig.range("maxTrackedPorts", n, 1, Integer.MAX_VALUE);
            maxTrackedPorts = n;
            return this;
        }

        public Builder maxPeersPerPort(int n) {
            P2pBehaviourConfig.range("maxPeersPerPort", n, 1, Integer.MAX_VALUE);
            maxPeersPerPort = n;
            return this;
        }

        public Builder maxTrackedPeers(int n) {
            P2pBehaviourConfig.range("maxTrackedPeers", n, 1, Integer.MAX_VALUE);
            maxTrackedPeers = n;
            return this;
        }

        public Builder maxPortsPerPeer(int n) {
            P2pBehaviourConfig.range("maxPortsPerPeer", n, 1, Integer.MAX_VALUE);
            maxPortsPerPeer = n;
            return this;
        }

        public InternalScanConfig build() {
            return new InternalScanConfig(window, minSweepPeers, minVerticalPorts, minFailedRatio,
                    singlePacketFailure, baseConfidence, failedRatioWeight, severity, bothSeverity, maxTrackedPorts,
                    maxPeersPerPort, maxTrackedPeers, maxPortsPerPeer);
        }
    }
}
