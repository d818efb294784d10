package io.peerwatch.cli.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of one local cluster, kept in {@code cluster.properties} in its folder: the ports
 * every process listens on (all on 127.0.0.1) and the size of the cluster.
 *
 * @param restPort Flink REST endpoint and web UI
 * @param rpcPort JobManager RPC
 * @param brokerPort Kafka client listener (the bootstrap address)
 * @param controllerPort Kafka KRaft controller listener
 * @param taskManagers number of TaskManager JVMs
 * @param slots task slots per TaskManager
 */
public record ClusterState(int restPort, int rpcPort, int brokerPort, int controllerPort, int taskManagers, int slots) {

    /** The only address anything of the cluster binds to or advertises. */
    public static final String HOST = "127.0.0.1";
    /** Process name of the Kafka broker (its pid file, log and output are named after it). */
    public static final String BROKER = "broker";
    /** Process name of the JobManager. */
    public static final String JOB_MANAGER = "jm";

    public ClusterState {
        for (int p : new int[] {restPort, rpcPort, brokerPort, controllerPort}) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port out of range: " + p);
            }
        }
        if (taskManagers < 1 || slots < 1) {
            throw new IllegalArgumentException("taskManagers and slots must be at least 1");
        }
    }

    /** Process name of TaskManager {@code i} (1-based). */
    public static String taskManager(int i) {
        return "tm-" + i;
    }

    /** Every process of the cluster in start order: broker, JobManager, TaskManagers. */
    public List<String> processes() {
        List<String> all = new ArrayList<>(List.of(BROKER, JOB_MANAGER));
        for (int i = 1; i <= taskManagers; i++) {
            all.add(taskManager(i));
        }
        return all;
    }

    /** Kafka bootstrap address of the cluster's broker. */
    public String bootstrap() {
        return HOST + ":" + brokerPort;
    }

    /** URL of the Flink web UI and REST API. */
    public String restUrl() {
        return "http://" + HOST + ":" + restPort;
    }

    /** Reads the state file, if there is one. */
    public static Optional<ClusterState> load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return Optional.of(new ClusterState(num(p, "rest.port"), num(p, "jobmanager.rpc.port"),
                    num(p, "kafka.broker.port"), num(p, "kafka.controller.port"), num(p, "taskmanagers"),
                    num(p, "taskmanager.slots")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); remove the folder with "
                    + "'peerwatch cluster down --purge'", e);
        }
    }

    private static int num(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return Integer.parseInt(v.trim());
    }

    /** Writes the state file. */
    public void store(Path file) {
        Properties p = new Properties();
        p.setProperty("rest.port", Integer.toString(restPort));
        p.setProperty("jobmanager.rpc.port", Integer.toString(rpcPort));
        p.setProperty("kafka.broker.port", Integer.toString(brokerPort));
        p.setProperty("kafka.controller.port", Integer.toString(controllerPort));
        p.setProperty("kafka.bootstrap", bootstrap());
        p.setProperty("taskmanagers", Integer.toString(taskManagers));
        p.setProperty("taskmanager.slots", Integer.toString(slots));
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "PeerWatch local cluster (written by 'peerwatch cluster up')");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
