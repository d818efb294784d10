package io.peerwatch.detect;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;

/**
 * The alert conventions the per-host window detectors ({@link PortActivityDetector},
 * {@link P2pBehaviourDetector}, {@link InternalScanDetector}) share: the event time is the end
 * of the last flow counted (the window start when none was), the suppression identifier is the
 * host, and the suppression interval is the notice policy's for the alert type.
 */
final class HostWindowAlert {

    private HostWindowAlert() {
    }

    /**
     * A builder with type, host, window, event time, identifier and suppression set; the caller
     * adds what its verdict says (severity, confidence, evidence, bytes, peers ...).
     *
     * @param lastSeenMs end of the last flow counted, {@link Long#MIN_VALUE} when none
     */
    static Alert.Builder builder(AlertType type, IpAddress host, long windowStartMs, long windowEndMs,
            long lastSeenMs, NoticePolicy policy) {
        return Alert.builder(type, host, windowStartMs, windowEndMs)
                .eventTime(lastSeenMs == Long.MIN_VALUE ? windowStartMs : lastSeenMs)
                .identifier(host.toString())
                .suppressFor(policy.suppressFor(type).toMillis());
    }
}
