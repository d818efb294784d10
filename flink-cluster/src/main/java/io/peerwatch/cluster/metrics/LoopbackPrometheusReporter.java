package io.peerwatch.cluster.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink metric reporter that serves every metric of its process in the Prometheus text format
 * (version 0.0.4) at {@code http://HOST:PORT/metrics}, from the JDK's HTTP server bound to a
 * loopback address only. Flink's own Prometheus reporter has a port option and no host option and
 * binds every interface, which PeerWatch does not allow; the names and labels here follow that
 * reporter's scheme, so dashboards written for it apply: {@code flink_<logical scope>_<name>}
 * with the scope's variables as labels (e.g. {@code job_name}, {@code operator_name}, {@code tm_id}
 * and user groups such as PeerWatch's {@code input} and {@code alert_type}).
 *
 * <p>Options (under {@code metrics.reporter.<name>.}):
 * <ul>
 * <li>{@value #HOST}: the address to bind, default {@value #DEFAULT_HOST}; anything that is not a
 * loopback address is refused;</li>
 * <li>{@value #PORT}: a port, a range {@code 9250-9259} (the first free one; one per process of a
 * cluster on one machine), or {@code 0} for any free port; default {@value #DEFAULT_PORT};</li>
 * <li>{@value #ADDRESS_DIR}: optional folder where the reporter writes its URL, in a file named
 * after the process id ({@code <pid>.url}), so that scrapers and tests find an ephemeral port.</li>
 * </ul>
 */
public final class LoopbackPrometheusReporter implements MetricReporter {

    /** Option: the loopback address to bind. */
    public static final String HOST = "host";
    /** Option: a port, a range {@code a-b} or 0. */
    public static final String PORT = "port";
    /** Option: folder for the {@code <pid>.url} file. */
    public static final String ADDRESS_DIR = "address-dir";
    /** Default bind address. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default port range (Flink's Prometheus reporter uses 9249). */
    public static final String DEFAULT_PORT = "9249";

    private static final CharacterFilter NAME = LoopbackPrometheusReporter::sanitize;

    /** A metric and its Prometheus name and labels, fixed when Flink registers it. */
    private record Entry(Metric metric, String name, Map<String, String> labels) {
    }

    private final Map<Metric, Entry> metrics = new ConcurrentHashMap<>();
    private HttpServer server;
    private Path addressFile;

    @Override
    public void open(MetricConfig config) {
        String host = config.getString(HOST, DEFAULT_HOST);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("metric reporter host " + host + " is not an address", e);
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("metric reporter host " + host
                    + " is not a loopback address; this reporter serves on loopback only");
        }
        server = bind(address, config.getString(PORT, DEFAULT_PORT));
        server.createContext("/metrics", this::serve);
        server.createContext("/", this::serve);
        server.start();
        String dir = config.getString(ADDRESS_DIR, "");
        if (!dir.isEmpty()) {
            addressFile = Path.of(dir).resolve(ProcessHandle.current().pid() + ".url");
            writeAddress(addressFile, url());
        }
    }

    /** Where this reporter serves, {@code http://HOST:PORT/metrics}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/metrics";
    }

    private static HttpServer bind(InetAddress address, String ports) {
        int dash = ports.indexOf('-');
        int first = Integer.parseInt((dash < 0 ? ports : ports.substring(0, dash)).strip());
        int last = dash < 0 ? first : Integer.parseInt(ports.substring(dash + 1).strip());
        IOException failure = null;
        for (int p = first; p <= last; p++) {
            try {
                return HttpServer.create(new InetSocketAddress(address, p), 0);
            } catch (IOException e) {
                failure = e;
            }
        }
        throw new UncheckedIOException("no free port for the metric reporter in " + ports + " on "
                + address.getHostAddress(), failure);
    }

    private static void writeAddress(Path file, String url) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, url + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metric reporter's address to " + file, e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (addressFile != null) {
            try {
                Files.deleteIfExists(addressFile);
            } catch (IOException e) {
                // the file names a closed port; a scraper gets connection refused, nothing worse
            }
        }
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String scope = LogicalScopeProvider.castFrom(group).getLogicalScope(NAME, '_');
        Map<String, String> labels = new TreeMap<>();
        group.getAllVariables().forEach((k, v) -> labels.put(sanitize(k.replace("<", "").replace(">", "")), v));
        metrics.put(metric, new Entry(metric, "flink_" + scope + "_" + sanitize(metricName), labels));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.remove(metric);
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = render().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Every metric now, grouped by name (one TYPE line per name), in the text format. */
    String render() {
        Map<String, List<String>> samples = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        for (Entry e : metrics.values()) {
            Metric m = e.metric();
            if (m instanceof Counter c) {
                add(samples, types, e.name(), "counter", e.labels(), c.getCount());
            } else if (m instanceof Gauge<?> g) {
                Object v;
                try {
                    v = g.getValue();
                } catch (RuntimeException ex) {
                    continue; // a gauge whose source is gone (a task being cancelled): no sample
                }
                if (v instanceof Number n) {
                    add(samples, types, e.name(), "gauge", e.labels(), n.doubleValue());
                } else if (v instanceof Boolean b) {
                    add(samples, types, e.name(), "gauge", e.labels(), b ? 1 : 0);
                }
            } else if (m instanceof Meter mt) {
                add(samples, types, e.name(), "gauge", e.labels(), mt.getRate());
            } else if (m instanceof Histogram h) {
                HistogramStatistics s = h.getStatistics();
                for (double q : new double[] {0.5, 0.95, 0.99}) {
                    Map<String, String> l = new TreeMap<>(e.labels());
                    l.put("quantile", Double.toString(q));
                    add(samples, types, e.name(), "summary", l, s.getQuantile(q));
                }
                add(samples, types, e.name() + "_count", "summary", e.labels(), h.getCount());
            }
        }
        StringBuilder out = new StringBuilder();
        samples.forEach((name, lines) -> {
            out.append("# TYPE ").append(name).append(' ').append(types.get(name)).append('\n');
            lines.forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }

    private static void add(Map<String, List<String>> samples, Map<String, String> types, String name, String type,
            Map<String, String> labels, double value) {
        String family = type.equals("summary") && name.endsWith("_count") ? name.substring(0, name.length() - 6) : name;
        types.putIfAbsent(family, type);
        StringBuilder l = new StringBuilder(name);
        if (!labels.isEmpty()) {
            l.append('{');
            String sep = "";
            for (Map.Entry<String, String> kv : labels.entrySet()) {
                l.append(sep).append(kv.getKey()).append("=\"").append(escape(kv.getValue())).append('"');
                sep = ",";
            }
            l.append('}');
        }
        l.append(' ').append(format(value));
        samples.computeIfAbsent(family, k -> new ArrayList<>()).add(l.toString());
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Prometheus names: letters, digits and underscores, not starting with a digit. */
    static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
        }
        if (b.length() > 0 && Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        return b.toString();
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
