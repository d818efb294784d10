package io.peerwatch.cli.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;

/**
 * Flink's own REST client ({@link RestClusterClient}, what {@code flink list} and
 * {@code flink cancel} use) pointed at the local cluster, without its retries, so that a cluster
 * that is down is reported at once.
 */
public final class FlinkRest implements AutoCloseable {

    /** How long one REST call may take. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final RestClusterClient<StandaloneClusterId> client;

    private FlinkRest(RestClusterClient<StandaloneClusterId> client) {
        this.client = client;
    }

    /** A client of the REST endpoint on 127.0.0.1:{@code port}. */
    public static FlinkRest connect(int port) {
        Configuration c = new Configuration();
        c.set(RestOptions.ADDRESS, ClusterState.HOST);
        c.set(RestOptions.PORT, port);
        c.set(RestOptions.RETRY_MAX_ATTEMPTS, 0);
        c.set(RestOptions.CONNECTION_TIMEOUT, Duration.ofSeconds(3));
        try {
            return new FlinkRest(new RestClusterClient<>(c, StandaloneClusterId.getInstance()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a Flink REST client: " + e.getMessage(), e);
        }
    }

    /** TaskManagers, slots and job counts, or empty when the endpoint does not answer. */
    public Optional<ClusterOverviewWithVersion> overview() {
        try {
            return Optional.of(client.getClusterOverview().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /** Every job the cluster knows, newest first. */
    public List<JobStatusMessage> jobs() {
        Collection<JobStatusMessage> all = await(client.listJobs(), "list jobs");
        return all.stream().sorted(Comparator.comparingLong(JobStatusMessage::getStartTime).reversed()).toList();
    }

    /** Cancels a job (returns once the cluster accepted the request). */
    public void cancel(JobID job) {
        await(client.cancel(job), "cancel job " + job);
    }

    /** The underlying client, for typed requests ({@code sendRequest}) such as checkpoint statistics. */
    public RestClusterClient<StandaloneClusterId> client() {
        return client;
    }

    /** Waits for a REST call. */
    public static <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) {
        try {
            return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + rootMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": no answer within " + CALL_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.toString() : r.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }
}
