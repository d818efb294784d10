package io.peerwatch.signatures;

import java.time.Duration;

/**
 * Named limits of the classification engine and flow table, with documented defaults (Zeek's
 * {@code const ... &redef}, jackson's {@code StreamReadConstraints}). Build with
 * {@link #builder()}; setters reject invalid values, so an invalid configuration cannot exist.
 *
 * @param maxPacketsPerFlow payload-carrying packets inspected per flow before an undecided
 *     flow is given up as unknown
 * @param maxMetadataPackets packets of a matched flow passed to {@link Signature#describe}
 * @param maxMetadataValues values kept per metadata key and flow
 * @param maxMetadataValueLength characters kept per metadata value
 * @param flowIdleTimeout a flow with no packet for this long is closed
 * @param flowActiveTimeout a flow older than this is closed and restarted
 * @param maxFlows hard bound on flows held at once; the least recently seen is evicted
 */
public record DetectionConfig(
        int maxPacketsPerFlow,
        int maxMetadataPackets,
        int maxMetadataValues,
        int maxMetadataValueLength,
        Duration flowIdleTimeout,
        Duration flowActiveTimeout,
        int maxFlows) {

    /**
     * Payload packets per flow before giving up. Most P2P handshakes decide in the first one
     * or two payload packets of each direction; encrypted-behaviour signatures need a few more.
     */
    public static final int DEFAULT_MAX_PACKETS_PER_FLOW = 16;
    /** Packets of a matched flow scanned for search strings, names and hashes. */
    public static final int DEFAULT_MAX_METADATA_PACKETS = 32;
    /** Values kept per metadata key and flow. */
    public static final int DEFAULT_MAX_METADATA_VALUES = 16;
    /** Characters kept per metadata value. */
    public static final int DEFAULT_MAX_METADATA_VALUE_LENGTH = 256;
    /** Idle timeout: ndpiReader's and most flow exporters' order of magnitude. */
    public static final Duration DEFAULT_FLOW_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /** Active timeout: long flows are cut and reported in pieces, as NetFlow exporters do. */
    public static final Duration DEFAULT_FLOW_ACTIVE_TIMEOUT = Duration.ofMinutes(30);
    /** Flows held at once before the least recently seen is evicted. */
    public static final int DEFAULT_MAX_FLOWS = 262_144;

    private static final DetectionConfig DEFAULTS = builder().build();

    public DetectionConfig {
        positive("maxPacketsPerFlow", maxPacketsPerFlow);
        if (maxMetadataPackets < 0) {
            throw new IllegalArgumentException("maxMetadataPackets must not be negative: " + maxMetadataPackets);
        }
        positive("maxMetadataValues", maxMetadataValues);
        positive("maxMetadataValueLength", maxMetadataValueLength);
        positive("flowIdleTimeout", flowIdleTimeout);
        positive("flowActiveTimeout", flowActiveTimeout);
        positive("maxFlows", maxFlows);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + v);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** The documented defaults. */
    public static DetectionConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .maxPacketsPerFlow(maxPacketsPerFlow)
                .maxMetadataPackets(maxMetadataPackets)
                .maxMetadataValues(maxMetadataValues)
                .maxMetadataValueLength(maxMetadataValueLength)
                .flowIdleTimeout(flowIdleTimeout)
                .flowActiveTimeout(flowActiveTimeout)
                .maxFlows(maxFlows);
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private int maxPacketsPerFlow = DEFAULT_MAX_PACKETS_PER_FLOW;
        private int maxMetadataPackets = DEFAULT_MAX_METADATA_PACKETS;
        private int maxMetadataValues = DEFAULT_MAX_METADATA_VALUES;
        private int maxMetadataValueLength = DEFAULT_MAX_METADATA_VALUE_LENGTH;
        private Duration flowIdleTimeout = DEFAULT_FLOW_IDLE_TIMEOUT;
        private Duration flowActiveTimeout = DEFAULT_FLOW_ACTIVE_TIMEOUT;
        private int maxFlows = DEFAULT_MAX_FLOWS;

        private Builder() {
        }

        public Builder maxPacketsPerFlow(int v) {
            maxPacketsPerFlow = v;
            return this;
        }

        public Builder maxMetadataPackets(int v) {
            maxMetadataPackets = v;
            return this;
        }

        public Builder maxMetadataValues(int v) {
            maxMetadataValues = v;
            return this;
        }

        public Builder maxMetadataValueLength(int v) {
            maxMetadataValueLength = v;
            return this;
        }

        public Builder flowIdleTimeout(Duration v) {
            flowIdleTimeout = v;
            return this;
        }

        public Builder flowActiveTimeout(Duration v) {
            flowActiveTimeout = v;
            return this;
        }

        public Builder maxFlows(int v) {
            maxFlows = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public DetectionConfig build() {
            return new DetectionConfig(maxPacketsPerFlow, maxMetadataPackets, maxMetadataValues,
                    maxMetadataValueLength, flowIdleTimeout, flowActiveTimeout, maxFlows);
        }
    }
}
