package io.peerwatch.cluster.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackPrometheusReporterTest {

    /** A metric group with a fixed logical scope and variables, as Flink hands one to a reporter. */
    private record Group(String scope, Map<String, String> variables) implements MetricGroup, LogicalScopeProvider {

        @Override
        public String getLogicalScope(CharacterFilter filter) {
            return getLogicalScope(filter, '.');
        }

        @Override
        public String getLogicalScope(CharacterFilter filter, char delimiter) {
            return filter.filterCharacters(scope.replace('.', delimiter));
        }

        @Override
        public MetricGroup getWrappedMetricGroup() {
            return this;
        }

        @Override
        public Counter counter(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Meter> M meter(String name, M meter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MetricGroup addGroup(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String[] getScopeComponents() {
            return scope.split("\\.");
        }

        @Override
        public Map<String, String> getAllVariables() {
            return variables;
        }

        @Override
        public String getMetricIdentifier(String metricName) {
            return scope + "." + metricName;
        }

        @Override
        public String getMetricIdentifier(String metricName, CharacterFilter filter) {
            return filter.filterCharacters(getMetricIdentifier(metricName));
        }
    }

    private static MetricConfig config(String host, String port, Path dir) {
        MetricConfig c = new MetricConfig();
        c.setProperty(LoopbackPrometheusReporter.HOST, host);
        c.setProperty(LoopbackPrometheusReporter.PORT, port);
        if (dir != null) {
            c.setProperty(LoopbackPrometheusReporter.ADDRESS_DIR, dir.toString());
        }
        return c;
    }

    @Test
    void aNonLoopbackAddressIsRefused() {
        assertThatThrownBy(() -> new LoopbackPrometheusReporter().open(config("0.0.0.0", "0", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback address");
    }

    @Test
    void servesCountersAndGaugesWithTheirVariablesAsLabelsOnLoopbackAndSaysWhere(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int first = taken.getLocalPort();
            LoopbackPrometheusReporter r = new LoopbackPrometheusReporter();
            r.open(config("127.0.0.1", first + "-" + (first + 20), dir));
            try {
                URI url = URI.create(r.url());
                assertThat(url.getHost()).isEqualTo("127.0.0.1");
                assertThat(url.getPort()).as("the first free port of the range").isGreaterThan(first);
                Path file = dir.resolve(ProcessHandle.current().pid() + ".url");
                assertThat(Files.readString(file).strip()).isEqualTo(r.url());

                Group op = new Group("taskmanager.job.task.operator.input",
                        Map.of("<job_name>", "pw \"x\"", "<input>", "flow", "<subtask_index>", "0"));
                SimpleCounter records = new SimpleCounter();
                records.inc(1020);
                r.notifyOfAddedMetric(records, "recordsIn", op);
                Gauge<Long> size = () -> 4096L;
                r.notifyOfAddedMetric(size, "lastCheckpointFullSize", new Group("jobmanager.job", Map.of("<job_id>", "ab")));
                Gauge<String> text = () -> "not a number";
                r.notifyOfAddedMetric(text, "version", new Group("jobmanager", Map.of()));

                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(body).contains("# TYPE flink_taskmanager_job_task_operator_input_recordsIn counter\n")
                        .contains("flink_taskmanager_job_task_operator_input_recordsIn{input=\"flow\",job_name=\"pw \\\"x\\\"\","
                                + "subtask_index=\"0\"} 1020\n")
                        .contains("# TYPE flink_jobmanager_job_lastCheckpointFullSize gauge\n")
                        .contains("flink_jobmanager_job_lastCheckpointFullSize{job_id=\"ab\"} 4096\n")
                        .doesNotContain("version");

                r.notifyOfRemovedMetric(records, "recordsIn", op);
                assertThat(r.render()).doesNotContain("recordsIn").contains("lastCheckpointFullSize");
            } finally {
                r.close();
            }
            assertThat(dir.resolve(ProcessHandle.current().pid() + ".url")).doesNotExist();
        }
    }
}
