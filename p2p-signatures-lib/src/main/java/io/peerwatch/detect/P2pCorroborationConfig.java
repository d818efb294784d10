package io.peerwatch.detect;

import io.peerwatch.core.Severity;
import java.time.Duration;

/**
 * Thresholds of {@link P2pCorroborationDetector}: when a host's encrypted, random-looking
 * connections that fit a P2P protocol's handshake count as that protocol. Build with
 * {@link #builder()} / {@link #toBuilder()}.
 *
 * @param window event-time window per host (flows by their last packet)
 * @param minFanOutPeers distinct peers on high ports reached by suspect connections of one
 *     protocol that corroborate them without other evidence
 * @param highPortLimit ports from this number up are "high" (not a well-known service)
 * @param payloadConfidence confidence of connections corroborated by the host's payload evidence
 * @param fanOutConfidence confidence of connections corroborated by fan-out alone
 * @param suspicionConfidence confidence shown for an uncorroborated suspicion (never a label)
 * @param severity severity of the alert
 * @param maxTrackedPeers peers remembered per host, protocol and window
 */
public record P2pCorroborationConfig(
        Duration window,
        int minFanOutPeers,
        int highPortLimit,
        double payloadConfidence,
        double fanOutConfidence,
        double suspicionConfidence,
        Severity severity,
        int maxTrackedPeers) {

    /** Fifteen minutes: a client announces, looks up and connects to peers within that time. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    /** Eight distinct peers on high ports (swarms; a messaging or streaming client talks to a few servers on 443). */
    public static final int DEFAULT_MIN_FAN_OUT_PEERS = 8;
    /** IANA's system ports end at 1023. */
    public static final int DEFAULT_HIGH_PORT_LIMIT = 1024;
    /** Behaviour plus payload evidence of the same protocol on the host. */
    public static final double DEFAULT_PAYLOAD_CONFIDENCE = 0.8;
    /** Behaviour plus fan-out. */
    public static final double DEFAULT_FAN_OUT_CONFIDENCE = 0.6;
    /** An uncorroborated suspicion: low. */
    public static final double DEFAULT_SUSPICION_CONFIDENCE = 0.2;
    /** P2P inferred from behaviour: medium, as {@code ClassifiedFlowAlerts#P2P_BEHAVIOUR_SEVERITY}. */
    public static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;
    /** Peers remembered per host, protocol and window. */
    public static final int DEFAULT_MAX_TRACKED_PEERS = 256;

    private static final P2pCorroborationConfig DEFAULTS = builder().build();

    public P2pCorroborationConfig {
        P2pBehaviourConfig.positive("window", window);
        P2pBehaviourConfig.range("minFanOutPeers", minFanOutPeers, 2, Integer.MAX_VALUE);
        P2pBehaviourConfig.range("highPortLimit", highPortLimit, 1, 65535);
        InternalScanConfig.ratio("payloadConfidence", payloadConfidence);
        InternalScanConfig.ratio("fanOutConfidence", fanOutConfidence);
        InternalScanConfig.ratio("suspicionConfidence", suspicionConfidence);
        if (severity == null) {
            throw new IllegalArgumentException("severity must not be null");
        }
        P2pBehaviourConfig.range("maxTrackedPeers", maxTrackedPeers, 1, Integer.MAX_VALUE);
    }

    /** The documented defaults. */
    public static P2pCorroborationConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().window(window).minFanOutPeers(minFanOutPeers).highPortLimit(highPortLimit)
                .payloadConfidence(payloadConfidence).fanOutConfidence(fanOutConfidence)
                .suspicionConfidence(suspicionConfidence).severity(severity).maxTrackedPeers(maxTrackedPeers);
    }

    /** Builder; {@link #build()} checks every value. */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private int minFanOutPeers = DEFAULT_MIN_FAN_OUT_PEERS;
        private int highPortLimit = DEFAULT_HIGH_PORT_LIMIT;
        private double payloadConfidence = DEFAULT_PAYLOAD_CONFIDENCE;
        private double fanOutConfidence = DEFAULT_FAN_OUT_CONFIDENCE;
        private double suspicionConfidence = DEFAULT_SUSPICION_CONFIDENCE;
        private Severity severity = DEFAULT_SEVERITY;
        private int maxTrackedPeers = DEFAULT_MAX_TRACKED_PEERS;

        private Builder() {
        }

        public Builder window(Duration v) { window = v; return this; }
        public Builder minFanOutPeers(int v) { minFanOutPeers = v; return this; }
        public Builder highPortLimit(int v) { highPortLimit = v; return this; }
        public Builder payloadConfidence(double v) { payloadConfidence = v; return this; }
        public Builder fanOutConfidence(double v) { fanOutConfidence = v; return this; }
        public Builder suspicionConfidence(double v) { suspicionConfidence = v; return this; }
        public Builder severity(Severity v) { severity = v; return this; }
        public Builder maxTrackedPeers(int v) { maxTrackedPeers = v; return this; }

        /** The configuration; throws {@link IllegalArgumentException} naming the first invalid field. */
        public P2pCorroborationConfig build() {
            return new P2pCorroborationConfig(window, minFanOutPeers, highPortLimit, payloadConfidence, fanOutConfidence,
                    suspicionConfidence, severity, maxTrackedPeers);
        }
    }
}
