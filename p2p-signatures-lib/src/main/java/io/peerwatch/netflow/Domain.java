package io.peerwatch.netflow;

import io.peerwatch.core.IpAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Decoder state of one (exporter, version, observation domain): templates, sampler rates, system
 * init time and data sets waiting for a template. RFC 3954 §5.1 scopes v9 templates to (exporter,
 * source id); RFC 7011 §8 scopes IPFIX templates to the transport session and observation domain,
 * which over UDP we approximate by the exporter address.
 */
final class Domain {
    static final long UNKNOWN = Long.MIN_VALUE;

    record Key(IpAddress exporter, int version, long domain) {
    }

    final Key key;
    final Map<Integer, Template> templates = new HashMap<>();
    final Map<Integer, ArrayDeque<Pending>> pending = new HashMap<>();
    final Map<Long, Long> samplerRates = new HashMap<>();
    /** Sampling rate announced without a sampler id (options data), 0 when none. */
    long defaultRate;
    /** IPFIX systemInitTimeMilliseconds from options data, {@link #UNKNOWN} until seen. */
    long systemInitMs = UNKNOWN;
    /** Sequence number expected in the next message, -1 before the first. */
    long nextSequence = -1;
    long lastSeenMs;

    Domain(Key key, long nowMs) {
        this.key = key;
        this.lastSeenMs = nowMs;
    }

    boolean idle() {
        return templates.isEmpty() && pending.isEmpty();
    }
}
