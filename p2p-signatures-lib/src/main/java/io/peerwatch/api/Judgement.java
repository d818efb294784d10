package io.peerwatch.api;

import java.util.List;

/**
 * The verdict over one input (a flow file, a proxy log, a list of records): what was read, what
 * could not be used, and what was found. Immutable.
 *
 * @param records records read and judged
 * @param rejected lines or records that could not be used (malformed, out of range)
 * @param rejects the first rejected lines with source, line and reason (at most
 *     {@link #MAX_REJECTS})
 * @param findings every finding, ordered by event time, then type and host
 */
public record Judgement(long records, long rejected, List<String> rejects, List<Finding> findings) {

    /** How many rejected lines a judgement keeps in {@link #rejects()}. */
    public static final int MAX_REJECTS = 20;

    /**
     * Checks the counts and copies the lists.
     *
     * @param records records read and judged
     * @param rejected lines or records that could not be used (malformed, out of range)
     * @param rejects the first rejected lines with source, line and reason (at most {@link #MAX_REJECTS})
     * @param findings every finding, ordered by event time, then type and host
     */
    public Judgement {
        if (records < 0 || rejected < 0 || rejects == null || findings == null) {
            throw new IllegalArgumentException("invalid judgement");
        }
        rejects = List.copyOf(rejects);
        findings = List.copyOf(findings);
    }
}
