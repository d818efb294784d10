package io.peerwatch.cli;

/**
 * Exit statuses shared by the commands that read input files (analyze, classify, sensor pcap):
 * 0 all input read, 1 an error or a file refused before reading (not a capture, unreadable),
 * 2 a usage or configuration error (picocli's), 3 the run finished but input was lost.
 */
public final class ExitStatus {
    /** The run finished, but some input was lost: a corrupt record skipped, a file not read to its end. */
    public static final int INPUT_LOST = 3;

    private ExitStatus() {
    }
}
