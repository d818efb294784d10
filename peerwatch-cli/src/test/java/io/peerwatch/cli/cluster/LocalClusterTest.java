package io.peerwatch.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.cli.PeerWatchCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The local cluster's bookkeeping, without starting processes. */
class LocalClusterTest {

    private static final String BROKER = "127.0.0.1:19092";

    @Test
    void stateSurvivesARoundTripAndADamagedFileSaysHowToRecover(@TempDir Path tmp) throws Exception {
        ClusterState s = new ClusterState(8081, 6123, 9092, 9093, 2, 4);
        Path file = tmp.resolve("cluster.properties");
        s.store(file);
        assertThat(ClusterState.load(file)).contains(s);
        assertThat(s.processes()).containsExactly("broker", "jm", "tm-1", "tm-2");
        assertThat(s.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(ClusterState.load(tmp.resolve("none"))).isEmpty();
        Files.writeString(file, "rest.port=x\n");
        assertThatThrownBy(() -> ClusterState.load(file)).hasMessageContaining("damaged").hasMessageContaining("--purge");
    }

    @Test
    void aClusterOfThreeBrokersKeepsEveryBrokersPortsAndAnOlderStateFileStillLoads(@TempDir Path tmp) throws Exception {
        ClusterState s = new ClusterState(8081, 6123, List.of(9092, 9094, 9096), List.of(9093, 9095, 9097), 2, 2);
        Path file = tmp.resolve("cluster.properties");
        s.store(file);
        assertThat(ClusterState.load(file)).contains(s);
        assertThat(s.processes()).containsExactly("broker", "broker-2", "broker-3", "jm", "tm-1", "tm-2");
        assertThat(s.bootstrap()).isEqualTo("127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096");
        // written before clusters had several brokers: one port each
        Files.writeString(file, "rest.port=8081\njobmanager.rpc.port=6123\nkafka.broker.port=9092\nkafka.controller.port=9093\n"
                + "taskmanagers=1\ntaskmanager.slots=1\n");
        assertThat(ClusterState.load(file)).contains(new ClusterState(8081, 6123, 9092, 9093, 1, 1));
        assertThatThrownBy(() -> new ClusterState(8081, 6123, List.of(9092, 9094), List.of(9093), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPidFileNamingAProcessThatIsNotTheClustersIsStaleAndNothingIsStopped(@TempDir Path tmp) throws Exception {
        LocalCluster c = LocalCluster.at(tmp);
        new ClusterState(8081, 6123, 9092, 9093, 1, 1).store(c.layout().stateFile());
        Files.createDirectories(c.layout().pidFile("jm").getParent());
        // This JVM lives, but it is not the cluster's JobManager: its command line has no marker.
        Files.writeString(c.layout().pidFile("jm"), ProcessHandle.current().pid() + "\n");
        Files.writeString(c.layout().pidFile("tm-1"), "not a pid\n");
        assertThat(c.processes()).containsEntry("jm", Optional.empty()).containsEntry("tm-1", Optional.empty())
                .containsEntry("broker", Optional.empty());
        assertThatThrownBy(c::requireRunning).hasMessageContaining("no local cluster runs in " + tmp)
                .hasMessageContaining("peerwatch cluster up --dir");

        StringWriter out = new StringWriter();
        assertThat(c.down(false, new PrintWriter(out, true))).isZero();
        assertThat(out.toString()).contains("No process of the local cluster");
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(c.layout().pidFile("jm")).doesNotExist();
        assertThat(c.status(new PrintWriter(new StringWriter()))).isFalse();
    }

    @Test
    void purgeRemovesOnlyAClusterFolder(@TempDir Path tmp) throws Exception {
        Path other = Files.createDirectories(tmp.resolve("documents"));
        Files.writeString(other.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> LocalCluster.at(other).down(true, new PrintWriter(new StringWriter())))
                .hasMessageContaining("does not look like a local cluster folder");
        assertThat(other.resolve("keep.txt")).exists();

        LocalCluster c = LocalCluster.at(tmp.resolve("cluster"));
        Files.createDirectories(c.layout().logs());
        new ClusterState(8081, 6123, 9092, 9093, 1, 1).store(c.layout().stateFile());
        c.down(true, new PrintWriter(new StringWriter()));
        assertThat(c.layout().root()).doesNotExist();
    }

    @Test
    void upRefusesATakenRestPortBeforeStartingAnything(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StringWriter err = new StringWriter();
            CommandLine cl = PeerWatchCli.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            int rc = cl.execute("cluster", "up", "--dir", tmp.resolve("c").toString(), "--rest-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(rc).isEqualTo(1);
            assertThat(err.toString()).contains("port " + taken.getLocalPort()).contains("in use");
        }
        assertThat(tmp.resolve("c").resolve("run")).doesNotExist();
    }

    @Test
    void theFlinkConfigurationBindsEverythingToLoopbackAndKeepsFilesInTheFolder(@TempDir Path tmp) {
        ClusterLayout layout = new ClusterLayout(tmp);
        var conf = FlinkProcesses.configuration(layout, new ClusterState(8081, 6123, 9092, 9093, 2, 3));
        assertThat(conf).containsEntry("jobmanager.rpc.address", "127.0.0.1").containsEntry("jobmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.host", "127.0.0.1").containsEntry("taskmanager.bind-host", "127.0.0.1")
                .containsEntry("rest.address", "127.0.0.1").containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("rest.port", "8081").containsEntry("jobmanager.rpc.port", "6123")
                .containsEntry("taskmanager.numberOfTaskSlots", "3");
        assertThat(List.of("io.tmp.dirs", "blob.storage.directory", "web.tmpdir", "web.upload.dir"))
                .allSatisfy(k -> assertThat(conf.get(k)).startsWith(tmp.toString()));
        assertThat(conf.get("execution.checkpointing.dir")).startsWith(tmp.toUri().toString());
        assertThat(conf).containsEntry("metrics.reporters", "prometheus")
                .containsEntry("metrics.reporter.prometheus.host", "127.0.0.1")
                .containsEntry("metrics.reporter.prometheus.factory.class",
                        "io.peerwatch.cluster.metrics.LoopbackPrometheusReporterFactory")
                .containsEntry("metrics.reporter.prometheus.address-dir", tmp.resolve("metrics").toString());
    }

    @Test
    void stopWithASavepointAndResumingFromOneNameWhatIsMissing(@TempDir Path tmp) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = PeerWatchCli.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("cluster", "stop", "not-a-job", "--dir", tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a job id: 'not-a-job'");
        assertThat(cl.execute("cluster", "stop", "0123456789abcdef0123456789abcdef", "--dir", tmp.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no local cluster runs in " + tmp);
        assertThat(cl.execute("run", "--bootstrap", BROKER, "--from-savepoint", tmp.resolve("sp").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--from-savepoint needs --cluster");
    }

    @Test
    void logTailsNameEveryProcessEvenBeforeItHasWrittenAnything(@TempDir Path tmp) throws Exception {
        ClusterLayout layout = new ClusterLayout(tmp);
        Files.createDirectories(layout.logs());
        Files.writeString(layout.log(ClusterState.BROKER), "first\nsecond\n");
        String tails = Logs.tails(layout, List.of(ClusterState.BROKER, ClusterState.JOB_MANAGER));
        assertThat(tails).contains("==> " + layout.log(ClusterState.BROKER) + " <==\nfirst\nsecond")
                .contains("==> " + layout.log(ClusterState.JOB_MANAGER) + " <== (nothing written yet)");
    }
}
