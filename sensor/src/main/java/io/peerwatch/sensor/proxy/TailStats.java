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
 * @param readOffset byte offset read so far in the current file, an unfinished last line included
 *     (ahead of {@code committedOffset} while such a line waits for its newline)
 */
public record TailStats(long lines, long records, long badLines, long rotations, long truncations, long committedLine,
        long committedOffset, long sendFailures, long readOffset) {
}
