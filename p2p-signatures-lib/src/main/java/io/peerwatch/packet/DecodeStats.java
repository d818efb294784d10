package io.peerwatch.packet;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of one {@link PacketDecoder}: frames decoded and frames given up, per reason.
 *
 * @param decoded frames decoded to an IP packet
 * @param failures frames not decoded, per reason (reasons with no frames are absent)
 */
public record DecodeStats(long decoded, Map<DecodeFailure, Long> failures) {

    public DecodeStats {
        if (decoded < 0 || failures == null) {
            throw new IllegalArgumentException("bad decode stats");
        }
        Map<DecodeFailure, Long> copy = new EnumMap<>(DecodeFailure.class);
        copy.putAll(failures);
        failures = Collections.unmodifiableMap(copy);
    }

    /** Frames not decoded for {@code reason}. */
    public long failed(DecodeFailure reason) {
        return failures.getOrDefault(reason, 0L);
    }

    /** Frames not decoded, all reasons. */
    public long failedTotal() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** This plus {@code other}, for totals over several decoders. */
    public DecodeStats plus(DecodeStats other) {
        Map<DecodeFailure, Long> sum = new EnumMap<>(DecodeFailure.class);
        sum.putAll(failures);
        other.failures.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new DecodeStats(decoded + other.decoded, sum);
    }
}
