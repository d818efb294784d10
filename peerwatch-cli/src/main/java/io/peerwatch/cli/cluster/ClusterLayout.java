package io.peerwatch.cli.cluster;

import java.nio.file.Path;

/**
 * Where a local cluster keeps its files, all under one folder:
 *
 * <pre>
 * cluster.properties       ports and size ({@link ClusterState})
 * run/&lt;process&gt;.pid       pid of each process it started (broker, jm, tm-1, tm-2, ...)
 * log/&lt;process&gt;.log       each process's log; log/&lt;process&gt;.out its stdout and stderr
 * conf/                    Flink configuration (config.yaml, log4j.properties), rewritten by up
 * kafka/                   the broker's data (KRaft log, topics); kafka-2/, kafka-3/ ... of further brokers
 * flink/                   Flink's temporary files, blobs, uploaded jars, checkpoints, savepoints
 * metrics/&lt;pid&gt;.url       the Prometheus metrics URL of each Flink process (while it runs)
 * </pre>
 *
 * @param root the folder (absolute)
 */
public record ClusterLayout(Path root) {

    /** Folder used when none is given: {@value}, in the current directory. */
    public static final String DEFAULT_DIR = ".peerwatch-cluster";

    public ClusterLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path stateFile() {
        return root.resolve("cluster.properties");
    }

    public Path pidFile(String process) {
        return root.resolve("run").resolve(process + ".pid");
    }

    public Path logs() {
        return root.resolve("log");
    }

    public Path log(String process) {
        return logs().resolve(process + ".log");
    }

    public Path out(String process) {
        return logs().resolve(process + ".out");
    }

    public Path conf() {
        return root.resolve("conf");
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    /** Data of broker {@code i} (1-based): {@link #kafka()} for the first. */
    public Path kafka(int i) {
        return i == 1 ? kafka() : root.resolve("kafka-" + i);
    }

    /** Where each Flink process's metric reporter writes its URL ({@code <pid>.url}). */
    public Path metrics() {
        return root.resolve("metrics");
    }

    public Path flink() {
        return root.resolve("flink");
    }

    /** Temporary directory of the Flink JVMs (java.io.tmpdir and io.tmp.dirs). */
    public Path flinkTmp() {
        return flink().resolve("tmp");
    }
}
