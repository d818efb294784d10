package io.peerwatch.packet;

import java.time.Duration;

/**
 * Limits of {@link FragmentReassembler}, each a configuration key ({@code packets.fragments.*}),
 * so that fragments of an attacker's choosing cannot exhaust memory or time. Build with
 * {@link #builder()}; setters reject invalid values.
 *
 * @param maxFragmentsPerDatagram fragments one datagram may arrive in; one more drops the datagram
 * @param maxDatagramBytes largest reassembled datagram (IP payload bytes); a fragment reaching past
 *     it drops the datagram
 * @param maxDatagrams datagrams being reassembled at once; when full, the oldest is dropped
 * @param maxHeldBytes fragment bytes held over all datagrams; when over, the oldest datagrams are
 *     dropped
 * @param timeout a datagram not complete this long (capture time) after its first fragment is
 *     dropped
 */
public record FragmentConfig(
        int maxFragmentsPerDatagram,
        int maxDatagramBytes,
        int maxDatagrams,
        int maxHeldBytes,
        Duration timeout) implements java.io.Serializable {

    /** Fragments per datagram: a 64 KiB datagram over a 1280-byte IPv6 minimum MTU takes 52. */
    public static final int DEFAULT_MAX_FRAGMENTS_PER_DATAGRAM = 64;
    /** The largest IPv4 datagram and IPv6 payload without jumbograms. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 65_535;
    /** Datagrams in reassembly at once. */
    public static final int DEFAULT_MAX_DATAGRAMS = 4096;
    /** Bytes held over all datagrams in reassembly (16 MiB). */
    public static final int DEFAULT_MAX_HELD_BYTES = 16 << 20;
    /** Linux's {@code ipfrag_time} and RFC 791's suggested lower bound: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final FragmentConfig DEFAULTS = builder().build();

    public FragmentConfig {
        atLeast("maxFragmentsPerDatagram", maxFragmentsPerDatagram, 2);
        atLeast("maxDatagramBytes", maxDatagramBytes, 8);
        atLeast("maxDatagrams", maxDatagrams, 1);
        atLeast("maxHeldBytes", maxHeldBytes, 8);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    private static void atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + v);
        }
    }

    /** The documented defaults. */
    public static FragmentConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().maxFragmentsPerDatagram(maxFragmentsPerDatagram).maxDatagramBytes(maxDatagramBytes)
                .maxDatagrams(maxDatagrams).maxHeldBytes(maxHeldBytes).timeout(timeout);
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private int maxFragmentsPerDatagram = DEFAULT_MAX_FRAGMENTS_PER_DATAGRAM;
        private int maxDatagramBytes = DEFAULT_MAX_DATAGRAM_BYTES;
        private int maxDatagrams = DEFAULT_MAX_DATAGRAMS;
        private int maxHeldBytes = DEFAULT_MAX_HELD_BYTES;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        public Builder maxFragmentsPerDatagram(int v) {
            maxFragmentsPerDatagram = v;
            return this;
        }

        public Builder maxDatagramBytes(int v) {
            maxDatagramBytes = v;
            return this;
        }

        public Builder maxDatagrams(int v) {
            maxDatagrams = v;
            return this;
        }

        public Builder maxHeldBytes(int v) {
            maxHeldBytes = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public FragmentConfig build() {
            return new FragmentConfig(maxFragmentsPerDatagram, maxDatagramBytes, maxDatagrams, maxHeldBytes, timeout);
        }
    }
}
