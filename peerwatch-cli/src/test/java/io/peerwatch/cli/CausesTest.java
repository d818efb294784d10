package io.peerwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.flowfile.FlowFileException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** What reaches the user of a failure deep inside Flink's wrappers. */
class CausesTest {

    /** Flink's layers around a task's failure, as executeAndCollect throws them. */
    private static RuntimeException flinkWrapped(Throwable cause) {
        return new RuntimeException("Failed to fetch next result",
                new java.io.IOException("Failed to fetch job execution result",
                        new java.util.concurrent.ExecutionException("Job execution failed.",
                                new RuntimeException("Recovery is suppressed by NoRestartBackoffTimeStrategy", cause))));
    }

    @Test
    void theReasonWithFileAndLineIsWhatTheUserSees() {
        FlowFileException e = new FlowFileException("flows.csv", 1, "not an nfdump CSV header (no column 'da')");
        assertThat(Causes.describe(flinkWrapped(e))).isEqualTo("flows.csv:1: not an nfdump CSV header (no column 'da')");
    }

    @Test
    void aFailureWithoutMessageNamesItsTypeAndPlace() {
        NoSuchElementException e = new NoSuchElementException();
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.ArrayDeque", "removeFirst", "ArrayDeque.java", 362),
            new StackTraceElement("io.peerwatch.job.files.FileRecordIterator", "next", "FileRecordIterator.java", 120)});
        assertThat(Causes.describe(flinkWrapped(e)))
                .isEqualTo("NoSuchElementException at io.peerwatch.job.files.FileRecordIterator.next(FileRecordIterator.java:120)");
    }

    @Test
    void anOuterMessageQuotingTheReasonKeepsItsContextAndEscapesAreCleaned() {
        Exception inner = new IllegalStateException("connection refused");
        assertThat(Causes.describe(new IllegalStateException("cannot submit: connection refused", inner)))
                .isEqualTo("cannot submit: connection refused");
        assertThat(Causes.describe(new java.io.IOException("bad\u001b[31mname.pcap: truncated")))
                .isEqualTo("bad?[31mname.pcap: truncated");
    }
}
