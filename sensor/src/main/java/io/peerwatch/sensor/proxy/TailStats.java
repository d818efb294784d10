package io.peerwatch.sensor.proxy;

/**
 * Counters of a {@link ProxyTailer} since it started (a snapshot).
 *
 * @param lines lines read (good, bad, comments and blank lines)
 * @param records proxy records Kafka acknowledged
 * @param badLines lines that did not parse (each sent to the dead-letter topic)
 * @param rotations rename rotations followed (and rotated files read after a restart)
 * @param truncations truncations followed (copytruncate)
 * @param committedLine number of the last line whose position is saved, in the current file
 * @param committedOffset byte offset saved for the current file
 * @param sendFailures batches Kafka did not acknowledge (re-sent from the saved position)
 */
public record TailStats(long lines, long records, long badLines, long rotations, long truncations, long committedLine,
        long committedOffset, long sendFailures) {
}
