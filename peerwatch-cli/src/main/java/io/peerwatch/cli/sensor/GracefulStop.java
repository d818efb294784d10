package io.peerwatch.cli.sensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a capture loop gracefully on Ctrl-C or SIGTERM: the shutdown hook tells the loop to stop
 * ({@link #running()} turns false), then waits until the command has written its results
 * ({@link #close()}), at most {@link #MAX_WAIT_SECONDS} s, so flows and totals are not lost.
 *
 * <pre>{@code
 * try (GracefulStop stop = GracefulStop.install()) {
 *     capture.run(handler, idle, stop::running);
 *     printResults();
 * }
 * }</pre>
 */
public final class GracefulStop implements AutoCloseable {
    /** Longest the JVM waits at shutdown for the results to be written. */
    public static final int MAX_WAIT_SECONDS = 30;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean running = true;

    private GracefulStop() {
        this.hook = new Thread(() -> {
            running = false;
            try {
                finished.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "peerwatch-graceful-stop");
    }

    public static GracefulStop install() {
        GracefulStop s = new GracefulStop();
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** False once a stop was requested. */
    public boolean running() {
        return running;
    }

    /** The command has written its results: a pending shutdown may proceed. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns
        }
    }
}
