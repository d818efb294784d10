package io.peerwatch.core;

/** Alert severity, ordered from least to most severe. */
public enum Severity {
    LOW(21),
    MEDIUM(47),
    HIGH(73),
    CRITICAL(99);

    private final int ecsScore;

    Severity(int ecsScore) {
        this.ecsScore = ecsScore;
    }

    /**
     * The numeric {@code event.severity} for Elastic Common Schema, on the 0-100 scale used by
     * Elastic's detection rules (low 21, medium 47, high 73, critical 99).
     */
    public int ecsScore() {
        return ecsScore;
    }
}
