package io.peerwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.peerwatch.config.Secrets;
import io.peerwatch.config.ValueType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Checks, before a command starts its work, that a Kafka cluster answers at the bootstrap
 * addresses, so a wrong {@code --bootstrap} fails within seconds with one line naming the
 * address and the cause, instead of after the Kafka clients' minute-long retries.
 *
 * <p>First a TCP connection to each address ({@link #CONNECT_TIMEOUT}): this names the cause
 * (refused, unknown host, no answer). Then a Kafka request through an admin client with short
 * timeouts ({@link #KAFKA_TIMEOUT}), which catches a port that is not Kafka's or security
 * settings that do not match (given in {@code clientProperties}).
 */
public final class KafkaCheck {

    /** How long a TCP connection to one bootstrap address may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * How long the cluster may take to answer a metadata request once a port answered: a cold
     * client's TLS handshake and SCRAM exchange took over 10 s on a loaded 2-core machine. A
     * refused login or certificate ends the check at once, whatever this says.
     */
    public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    /** Pause between checks while waiting for a broker ({@code --wait-for-broker}). */
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    /** While waiting, the same "not reachable" message is printed at most this often. */
    public static final Duration MESSAGE_INTERVAL = Duration.ofMinutes(1);

    /** No Kafka cluster answers at the bootstrap addresses; the message names them and why. */
    public static final class UnreachableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message) {
            super(message);
        }
    }

    private KafkaCheck() {
    }

    /**
     * Returns when a Kafka cluster answers at {@code bootstrap}.
     *
     * @param clientProperties Kafka client settings (security) used for the Kafka request
     * @throws UnreachableException naming the addresses and the cause
     */
    public static void requireReachable(String bootstrap, Map<String, String> clientProperties) throws UnreachableException {
        List<String> failures = new ArrayList<>();
        boolean anyPort = false;
        for (String address : bootstrap.split(",")) {
            String a = address.strip();
            if (a.isEmpty()) {
                continue;
            }
            String cause = connect(a);
            if (cause == null) {
                anyPort = true;
                break;
            }
            failures.add(a + " (" + cause + ")");
        }
        if (!anyPort) {
            throw new UnreachableException("cannot reach Kafka at " + String.join(", ", failures));
        }
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        int ms = (int) KAFKA_TIMEOUT.toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) CONNECT_TIMEOUT.toMillis());
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) CONNECT_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId().get(ms + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UnreachableException(refusal(bootstrap, e.getCause() == null ? e : e.getCause(), clientProperties));
        } catch (TimeoutException e) {
            throw new UnreachableException("no Kafka answer from " + bootstrap + " within " + ValueType.DURATION.format(KAFKA_TIMEOUT)
                    + " (is it a Kafka listener? do the security settings, kafka.properties.*, match it?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while checking Kafka at " + bootstrap);
        } catch (RuntimeException e) {
            // the client refused its own settings (a JAAS line without a user, a missing key store)
            throw new UnreachableException("cannot use Kafka at " + bootstrap + " with these client settings: "
                    + chain(e, clientProperties));
        }
    }

    /**
     * One line naming the broker and why it refused or failed: authentication (SASL user or
     * password), the TLS handshake (certificate not trusted, or no client certificate where the
     * broker requires one) or another answer. Secret values of the settings never appear in it.
     */
    static String refusal(String bootstrap, Throwable cause, Map<String, String> clientProperties) {
        String why = chain(cause, clientProperties);
        if (cause instanceof SaslAuthenticationException) {
            return "Kafka at " + bootstrap + " refused the SASL login (wrong user or password?): " + why;
        }
        if (cause instanceof SslAuthenticationException) {
            return "TLS handshake with Kafka at " + bootstrap + " failed (broker certificate not trusted, or no "
                    + "client certificate where the broker requires one?): " + why;
        }
        if (cause instanceof AuthenticationException) {
            return "Kafka at " + bootstrap + " refused authentication: " + why;
        }
        return "no Kafka answer from " + bootstrap + " within " + ValueType.DURATION.format(KAFKA_TIMEOUT) + ": " + why
                + " (is it a Kafka listener? do the security settings, kafka.properties.*, match it?)";
    }

    /** The distinct messages of {@code t} and its causes, outermost first, secrets hidden. */
    private static String chain(Throwable t, Map<String, String> clientProperties) {
        Set<String> parts = new LinkedHashSet<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && parts.stream().noneMatch(p -> p.contains(m.strip()))) {
                parts.add(m.strip().replaceAll("\\s+", " "));
            }
        }
        String text = parts.isEmpty() ? t.getClass().getSimpleName() : String.join(": ", parts);
        return Secrets.scrub(text, clientProperties);
    }

    /**
     * {@link #requireReachable}, retried every {@link #RETRY_INTERVAL} while {@code running} says
     * so, with the reason printed on {@code err} at first and then at most once per
     * {@link #MESSAGE_INTERVAL}.
     *
     * @return false if {@code running} turned false before a broker answered
     */
    public static boolean awaitReachable(String bootstrap, Map<String, String> clientProperties, String command,
            PrintWriter err, java.util.function.BooleanSupplier running) throws InterruptedException {
        long nextMessage = 0;
        while (running.getAsBoolean()) {
            try {
                requireReachable(bootstrap, clientProperties);
                if (nextMessage != 0) {
                    err.println(command + ": Kafka at " + bootstrap + " answers now");
                    err.flush();
                }
                return true;
            } catch (UnreachableException e) {
                long now = System.nanoTime();
                if (nextMessage == 0 || now - nextMessage >= 0) {
                    err.println(command + ": " + e.getMessage() + "; retrying every " + ValueType.DURATION.format(RETRY_INTERVAL)
                            + " (--wait-for-broker)");
                    err.flush();
                    nextMessage = now + MESSAGE_INTERVAL.toNanos();
                }
            }
            Thread.sleep(RETRY_INTERVAL.toMillis()); // a retry pace, not synchronisation
        }
        return false;
    }

    /** Null when a TCP connection to {@code hostPort} succeeds, else the cause in a few words. */
    static String connect(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            return "not HOST:PORT";
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return "port is not a number";
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            return null;
        } catch (UnknownHostException e) {
            return "unknown host " + host;
        } catch (SocketTimeoutException e) {
            return "no answer within " + ValueType.DURATION.format(CONNECT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return m.replaceFirst(" \\(Connection refused\\)$", "").toLowerCase(java.util.Locale.ROOT);
        }
    }
}
