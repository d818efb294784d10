package io.peerwatch.policy;

import io.peerwatch.core.Severity;

/**
 * Which alerts feed a policy, and what they contribute.
 *
 * @param sinceMs alerts whose event time is before this instant (epoch ms) are left out
 * @param minSeverity alerts below this severity are left out
 * @param hosts whether the alerts' hosts become rules (their traffic is blocked); destinations
 *     always do
 */
public record AlertSelection(long sinceMs, Severity minSeverity, boolean hosts) {

    /**
     * Default minimum severity: a policy blocks traffic, so LOW findings (weak, uncorroborated)
     * do not feed it unless asked.
     */
    public static final Severity DEFAULT_MIN_SEVERITY = Severity.MEDIUM;

    public AlertSelection {
        if (minSeverity == null) {
            throw new IllegalArgumentException("minSeverity must not be null");
        }
    }

    /** Alerts since {@code sinceMs} at {@link #DEFAULT_MIN_SEVERITY} or above, hosts included. */
    public static AlertSelection since(long sinceMs) {
        return new AlertSelection(sinceMs, DEFAULT_MIN_SEVERITY, true);
    }
}
