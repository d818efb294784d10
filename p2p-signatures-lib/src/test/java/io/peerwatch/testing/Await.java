package io.peerwatch.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition a test can observe (a counter reaching a count, an offset, a line in a
 * process's output, a file's content), never for a stretch of time: the wait ends as soon as the
 * condition holds. The deadline is generous (a loaded two-core machine), and reaching it is a
 * failure that says what was awaited and what was seen, never a pass. Shared by every module's
 * tests (the library's test jar).
 */
public final class Await {

    /** How long a condition may take before the test fails: far above any healthy run. */
    public static final Duration DEADLINE = Duration.ofSeconds(120);
    /** Pause between two looks at the condition. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /** Waits until {@code condition} holds, at most {@link #DEADLINE}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /**
     * Waits until {@code condition} holds, at most {@link #DEADLINE}.
     *
     * @param state what the failure message shows of the state at the deadline
     * @throws AssertionError naming {@code what} and the state when the deadline passes
     */
    public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String s = state.get();
                throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for " + what
                        + (s.isEmpty() ? "" : "; state: " + s));
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
