package io.peerwatch.cli.sensor;

import io.peerwatch.cli.KafkaCheck;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Option;

/**
 * The sensors' {@code --wait-for-broker}: before a sensor starts, Kafka must answer at its
 * bootstrap addresses ({@link KafkaCheck}). Without the option an unreachable broker ends the
 * command within seconds with one line naming the address and the cause (exit code 1); with it
 * the sensor retries, saying so at most once a minute, until the broker answers or it is stopped.
 */
final class BrokerWait {

    @Option(names = "--wait-for-broker",
            description = "If Kafka does not answer at start, retry until it does (a message at most once a minute) "
                    + "instead of exiting with an error.")
    boolean waitForBroker;

    /**
     * True when the broker answers; false when waiting was stopped (Ctrl-C).
     *
     * @throws KafkaCheck.UnreachableException without {@code --wait-for-broker}, when it does not answer
     */
    boolean ready(String bootstrap, Map<String, String> producerProperties, String command, PrintWriter err)
            throws KafkaCheck.UnreachableException, InterruptedException {
        if (!waitForBroker) {
            KafkaCheck.requireReachable(bootstrap, producerProperties);
            return true;
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            running.set(false);
            main.interrupt();
        }, "peerwatch-broker-wait-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return KafkaCheck.awaitReachable(bootstrap, producerProperties, command, err, running::get);
        } catch (InterruptedException stopped) {
            return false;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM is stopping
            }
        }
    }
}
