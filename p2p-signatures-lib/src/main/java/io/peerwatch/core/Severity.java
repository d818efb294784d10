package io.peerwatch.core;

/** Alert severity, ordered from least to most severe. */
public enum Severity {
    /** The least severe; ECS score 21. */
    LOW(21),
    /** ECS score 47. */
    MEDIUM(47),
    /** ECS score 73. */
    HIGH(73),
    /** The most severe; ECS score 99. */
    CRITICAL(99);

    private final int ecsScore;

    Severity(int ecsScore) {
        this.ecsScore = ecsScore;
    }

    /**
     * The numeric {@code event.severity} for Elastic Common Schema, on the 0-100 scale used by
     * Elastic's detection rules (low 21, medium 47, high 73, critical 99).
     *
     * @return 21, 47, 73 or 99
     */
    public int ecsScore() {
        return ecsScore;
    }
}
