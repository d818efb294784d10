package io.peerwatch.sensor.pcap;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of a {@link LiveCapture}, with documented defaults. Build with {@link #builder(String)}.
 *
 * @param interfaceName the network interface to capture on (e.g. {@code eth1}, {@code any})
 * @param snapLength bytes kept of each frame
 * @param promiscuous capture frames not addressed to this host (a span port needs it)
 * @param bufferBytes libpcap's kernel buffer: absorbs bursts while the reader is busy
 * @param readTimeout how long without frames before the idle callback runs (then again after as long)
 * @param filter a BPF filter expression (tcpdump syntax), if any
 */
public record CaptureConfig(String interfaceName, int snapLength, boolean promiscuous, int bufferBytes,
        Duration readTimeout, Optional<String> filter) {

    /** Whole frames: payload signatures and the packet sensor's payload prefix need the payload. */
    public static final int DEFAULT_SNAP_LENGTH = 65_535;
    /** 32 MiB of kernel buffer, like tcpdump's 2 MiB times a busy span port's bursts. */
    public static final int DEFAULT_BUFFER_BYTES = 32 << 20;
    /** Idle callbacks (flow expiry, stop checks) at least every 100 ms. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(100);

    public CaptureConfig {
        if (interfaceName == null || interfaceName.isBlank() || filter == null) {
            throw new IllegalArgumentException("interface name is required");
        }
        if (snapLength < 64 || bufferBytes < 1 << 16) {
            throw new IllegalArgumentException("snap length must be at least 64 and buffer at least 64 KiB");
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()
                || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("read timeout must be positive: " + readTimeout);
        }
    }

    public static Builder builder(String interfaceName) {
        return new Builder(interfaceName);
    }

    /** Builder with the defaults above, promiscuous, no filter. */
    public static final class Builder {
        private final String interfaceName;
        private int snapLength = DEFAULT_SNAP_LENGTH;
        private boolean promiscuous = true;
        private int bufferBytes = DEFAULT_BUFFER_BYTES;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Optional<String> filter = Optional.empty();

        private Builder(String interfaceName) {
            this.interfaceName = interfaceName;
        }

        public Builder snapLength(int v) {
            snapLength = v;
            return this;
        }

        public Builder promiscuous(boolean v) {
            promiscuous = v;
            return this;
        }

        public Builder bufferBytes(int v) {
            bufferBytes = v;
            return this;
        }

        public Builder readTimeout(Duration v) {
            readTimeout = v;
            return this;
        }

        public Builder filter(String v) {
            filter = Optional.ofNullable(v).filter(s -> !s.isBlank());
            return this;
        }

        public CaptureConfig build() {
            return new CaptureConfig(interfaceName, snapLength, promiscuous, bufferBytes, readTimeout, filter);
        }
    }
}
