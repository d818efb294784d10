package io.peerwatch.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Flink side of the local cluster, done the way Flink's own {@code bin/} scripts do it but
 * from the build's Maven jars: writes {@code conf/config.yaml} (every endpoint on 127.0.0.1, every
 * file under the cluster folder) and {@code conf/log4j.properties}, asks Flink's
 * {@code BashJavaUtils} for the memory options of each process type, and builds the JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManager ({@code TaskManagerRunner})
 * command lines.
 */
final class FlinkProcesses {

    /** Whole JobManager process (heap, metaspace, off-heap, JVM overhead). */
    static final String JOB_MANAGER_MEMORY = "1024m";
    /** Whole TaskManager process; with {@link #MANAGED_MEMORY_FRACTION} about 650 MB task heap. */
    static final String TASK_MANAGER_MEMORY = "1600m";
    /**
     * Share of TaskManager memory that Flink manages off-heap (RocksDB, batch sorting). The job
     * keeps its state on the heap, so most of Flink's default 0.4 would sit unused.
     */
    static final String MANAGED_MEMORY_FRACTION = "0.1";
    /** Longest a {@code BashJavaUtils} run may take. */
    private static final Duration UTILS_TIMEOUT = Duration.ofSeconds(60);
    private static final String UTILS_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private static final String JM_CLASS = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_CLASS = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String UTILS_CLASS = "org.apache.flink.runtime.util.bash.BashJavaUtils";

    /** The name of the metric reporter in the Flink configuration. */
    static final String METRIC_REPORTER = "prometheus";

    private final ClusterLayout layout;
    private final String classpath;

    FlinkProcesses(ClusterLayout layout, String classpath) {
        this.layout = layout;
        this.classpath = classpath;
    }

    /** The settings written to {@code conf/config.yaml}. */
    static Map<String, String> configuration(ClusterLayout layout, ClusterState s) {
        Map<String, String> c = new LinkedHashMap<>();
        String host = ClusterState.HOST;
        c.put("jobmanager.rpc.address", host);
        c.put("jobmanager.rpc.port", Integer.toString(s.rpcPort()));
        c.put("jobmanager.bind-host", host);
        c.put("jobmanager.memory.process.size", JOB_MANAGER_MEMORY);
        c.put("taskmanager.host", host);
        c.put("taskmanager.bind-host", host);
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(s.slots()));
        c.put("taskmanager.memory.process.size", TASK_MANAGER_MEMORY);
        c.put("taskmanager.memory.managed.fraction", MANAGED_MEMORY_FRACTION);
        // Spread a job's slots over all TaskManagers instead of filling the first one.
        c.put("taskmanager.load-balance.mode", "SLOTS");
        c.put("parallelism.default", Integer.toString(s.taskManagers()));
        c.put("rest.address", host);
        c.put("rest.bind-address", host);
        c.put("rest.port", Integer.toString(s.restPort()));
        c.put("io.tmp.dirs", layout.flinkTmp().toString());
        c.put("blob.storage.directory", layout.flink().resolve("blob").toString());
        c.put("web.tmpdir", layout.flink().resolve("web").toString());
        c.put("web.upload.dir", layout.flink().resolve("web").resolve("upload").toString());
        c.put("execution.checkpointing.dir", layout.flink().resolve("checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", layout.flink().resolve("savepoints").toUri().toString());
        // Metrics in the Prometheus text format, from a reporter that binds loopback only; each
        // process takes any free port and writes its URL to metrics/<pid>.url.
        c.put("metrics.reporters", METRIC_REPORTER);
        String r = "metrics.reporter." + METRIC_REPORTER + ".";
        c.put(r + "factory.class", ClusterBuild.METRIC_REPORTER_FACTORY);
        c.put(r + "host", host);
        c.put(r + "port", "0");
        c.put(r + "address-dir", layout.metrics().toString());
        return c;
    }

    /** Writes {@code conf/config.yaml} and {@code conf/log4j.properties}, and creates Flink's directories. */
    void writeConfiguration(ClusterState s) {
        StringBuilder yaml = new StringBuilder("# Written by 'peerwatch cluster up' on every start; edits are overwritten.\n");
        configuration(layout, s).forEach((k, v) -> yaml.append(k).append(": ").append(yamlString(v)).append('\n'));
        try {
            Files.createDirectories(layout.conf());
            Files.createDirectories(layout.flinkTmp());
            Files.createDirectories(layout.flink().resolve("web").resolve("upload"));
            Files.writeString(layout.conf().resolve("config.yaml"), yaml);
            Files.writeString(layout.conf().resolve("log4j.properties"), String.join("\n",
                    "# Written by 'peerwatch cluster up'. Each process logs to the file named by -Dlog.file.",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = MainAppender",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    "logger.netty.name = org.apache.flink.shaded.netty4",
                    "logger.netty.level = WARN",
                    "appender.main.name = MainAppender",
                    "appender.main.type = File",
                    "appender.main.append = true",
                    "appender.main.fileName = ${sys:log.file}",
                    "appender.main.layout.type = PatternLayout",
                    "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Flink configuration in " + layout.conf(), e);
        }
    }

    private static String yamlString(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    /** The JobManager's command line (run in the cluster folder). */
    List<String> jobManagerCommand(ResourceParams params) {
        return command(ClusterState.JOB_MANAGER, params, JM_CLASS);
    }

    /** The command line of TaskManager {@code process} (run in the cluster folder). */
    List<String> taskManagerCommand(String process, ResourceParams params) {
        return command(process, params, TM_CLASS);
    }

    private List<String> command(String process, ResourceParams params, String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(params.jvmOptions());
        cmd.addAll(ClusterBuild.java17Options());
        cmd.add("-Djava.io.tmpdir=" + layout.flinkTmp());
        cmd.add("-Dlog.file=" + layout.log(process));
        cmd.add("-Dlog4j.configurationFile=" + layout.conf().resolve("log4j.properties").toUri());
        cmd.add("-classpath");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(layout.conf().toString());
        cmd.addAll(params.dynamicProperties());
        return cmd;
    }

    /** Memory options of one process type, as Flink's scripts get them from {@code BashJavaUtils}. */
    record ResourceParams(List<String> jvmOptions, List<String> dynamicProperties) {
    }

    /** {@code BashJavaUtils GET_JM_RESOURCE_PARAMS} for the written configuration. */
    ResourceParams jobManagerParams() {
        return resourceParams("GET_JM_RESOURCE_PARAMS");
    }

    /** {@code BashJavaUtils GET_TM_RESOURCE_PARAMS} for the written configuration. */
    ResourceParams taskManagerParams() {
        return resourceParams("GET_TM_RESOURCE_PARAMS");
    }

    private ResourceParams resourceParams(String command) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m"));
        cmd.addAll(ClusterBuild.java17Options());
        cmd.addAll(List.of("-Djava.io.tmpdir=" + layout.flinkTmp(),
                "-Dlog.file=" + layout.log("bash-java-utils"),
                "-Dlog4j.configurationFile=" + layout.conf().resolve("log4j.properties").toUri(),
                "-classpath", classpath, UTILS_CLASS, command, "--configDir", layout.conf().toString()));
        try {
            Process p = new ProcessBuilder(cmd).directory(layout.root().toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(UTILS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + UTILS_TIMEOUT.toSeconds() + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            List<String> results = text.lines().filter(l -> l.startsWith(UTILS_PREFIX))
                    .map(l -> l.substring(UTILS_PREFIX.length()).trim()).toList();
            if (p.exitValue() != 0 || results.size() < 2) {
                throw new IllegalStateException("Flink's " + command + " failed (exit " + p.exitValue() + "):\n"
                        + Logs.lastLines(text, Logs.TAIL_LINES));
            }
            return new ResourceParams(words(results.get(0)), words(results.get(1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Flink's " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running Flink's " + command, e);
        }
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
