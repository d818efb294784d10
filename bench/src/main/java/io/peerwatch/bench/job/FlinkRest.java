package io.peerwatch.bench.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Flink's own REST API of the job's embedded MiniCluster, for diagnostics only (restarts,
 * checkpoints, the failure that restarted the job): found as a TCP port on 127.0.0.1 on which
 * the job process (or a process below it) listens and that answers {@code /jobs/overview}. Only
 * Flink's documented REST API is used, nothing of PeerWatch.
 */
final class FlinkRest {

    /** What the REST API says about the (only) job. */
    record Status(String state, long restarts, long checkpointsCompleted, long checkpointsFailed, long checkpointP50Ms,
            long checkpointMaxMs, long stateSizeMax, String lastFailure) {

        static final Status UNKNOWN = new Status("unknown", -1, -1, -1, -1, -1, -1, "");

        String fields() {
            return "flink_state=" + state + " restarts=" + restarts + " checkpoints_completed=" + checkpointsCompleted
                    + " checkpoints_failed=" + checkpointsFailed + " checkpoint_p50_ms=" + checkpointP50Ms
                    + " checkpoint_max_ms=" + checkpointMaxMs + " state_size_max_bytes=" + stateSizeMax;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String base;

    private FlinkRest(String base) {
        this.base = base;
    }

    /** The REST endpoint of the MiniCluster in process {@code pid} or its descendants, if it answers yet. */
    static Optional<FlinkRest> find(long pid) {
        Set<Long> inodes = new HashSet<>();
        for (long p : tree(pid)) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(p), "fd"))) {
                for (Path fd : fds) {
                    try {
                        String t = Files.readSymbolicLink(fd).toString();
                        if (t.startsWith("socket:[")) {
                            inodes.add(Long.parseLong(t.substring(8, t.length() - 1)));
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // fd closed meanwhile
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }
        for (int port : listeningPorts(inodes)) {
            FlinkRest r = new FlinkRest("http://127.0.0.1:" + port);
            try {
                JsonNode n = r.get("/jobs/overview");
                if (n.has("jobs")) {
                    return Optional.of(r);
                }
            } catch (IOException | InterruptedException | RuntimeException notRest) {
                // another listener (RPC, blob server)
            }
        }
        return Optional.empty();
    }

    /** The job's status now; {@link Status#UNKNOWN} when there is no job yet or the API does not answer. */
    Status status() {
        try {
            JsonNode jobs = get("/jobs/overview").path("jobs");
            if (jobs.isEmpty()) {
                return Status.UNKNOWN;
            }
            JsonNode job = jobs.get(0);
            String jid = job.path("jid").asText();
            long restarts = -1;
            JsonNode m = get("/jobs/" + jid + "/metrics?get=numRestarts");
            if (m.isArray() && !m.isEmpty()) {
                restarts = m.get(0).path("value").asLong(-1);
            }
            JsonNode c = get("/jobs/" + jid + "/checkpoints");
            JsonNode ex = get("/jobs/" + jid + "/exceptions");
            String failure = "";
            JsonNode entries = ex.path("exceptionHistory").path("entries");
            if (entries.isArray() && !entries.isEmpty()) {
                failure = rootCause(entries.get(0).path("stacktrace").asText(""));
            }
            if (restarts < 0 && entries.isArray()) {
                restarts = entries.size(); // the metric is fetched lazily; every failure restarted the job
            }
            return new Status(job.path("state").asText(), restarts, c.path("counts").path("completed").asLong(-1),
                    c.path("counts").path("failed").asLong(-1),
                    c.path("summary").path("end_to_end_duration").path("p50").asLong(-1),
                    c.path("summary").path("end_to_end_duration").path("max").asLong(-1),
                    c.path("summary").path("state_size").path("max").asLong(-1), failure);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return Status.UNKNOWN;
        }
    }

    /** First line and last "Caused by" of a Java stack trace. */
    static String rootCause(String trace) {
        String first = trace.lines().findFirst().orElse("");
        String cause = trace.lines().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse("");
        return cause.isEmpty() ? first : first + " / " + cause;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(3))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + ": HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    /** {@code pid} and its descendants. */
    static List<Long> tree(long pid) {
        List<Long> out = new ArrayList<>();
        out.add(pid);
        for (int i = 0; i < out.size(); i++) {
            Path tasks = Path.of("/proc", Long.toString(out.get(i)), "task");
            try (DirectoryStream<Path> ts = Files.newDirectoryStream(tasks)) {
                for (Path t : ts) {
                    try {
                        for (String c : Files.readString(t.resolve("children")).trim().split("\\s+")) {
                            if (!c.isEmpty()) {
                                out.add(Long.parseLong(c));
                            }
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // thread ended
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }
        return out;
    }

    private static List<Integer> listeningPorts(Set<Long> inodes) {
        List<Integer> ports = new ArrayList<>();
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(f))) {
                    String[] c = line.trim().split("\\s+");
                    if (c.length < 10 || !"0A".equals(c[3])) {
                        continue; // header or not LISTEN
                    }
                    if (inodes.contains(Long.parseLong(c[9]))) {
                        String local = c[1];
                        ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // no IPv6 table
            }
        }
        return ports;
    }
}
