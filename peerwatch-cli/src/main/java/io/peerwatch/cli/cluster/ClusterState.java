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
 * @param brokerPorts Kafka client listener of each broker (together the bootstrap address)
 * @param controllerPorts Kafka KRaft controller listener of each broker (same order)
 * @param taskManagers number of TaskManager JVMs
 * @param slots task slots per TaskManager
 */
public record ClusterState(int restPort, int rpcPort, List<Integer> brokerPorts, List<Integer> controllerPorts,
        int taskManagers, int slots) {

    /** The only address anything of the cluster binds to or advertises. */
    public static final String HOST = "127.0.0.1";
    /** Process name of the Kafka broker (its pid file, log and output are named after it). */
    public static final String BROKER = "broker";
    /** Process name of the JobManager. */
    public static final String JOB_MANAGER = "jm";

    public ClusterState {
        brokerPorts = List.copyOf(brokerPorts);
        controllerPorts = List.copyOf(controllerPorts);
        if (brokerPorts.isEmpty() || brokerPorts.size() != controllerPorts.size()) {
            throw new IllegalArgumentException("one broker port and one controller port per broker, at least one broker");
        }
        List<Integer> all = new ArrayList<>(List.of(restPort, rpcPort));
        all.addAll(brokerPorts);
        all.addAll(controllerPorts);
        for (int p : all) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port out of range: " + p);
            }
        }
        if (taskManagers < 1 || slots < 1) {
            throw new IllegalArgumentException("taskManagers and slots must be at least 1");
        }
    }

    /** A cluster with one broker. */
    public ClusterState(int restPort, int rpcPort, int brokerPort, int controllerPort, int taskManagers, int slots) {
        this(restPort, rpcPort, List.of(brokerPort), List.of(controllerPort), taskManagers, slots);
    }

    /** Number of Kafka brokers. */
    public int brokers() {
        return brokerPorts.size();
    }

    /** Client port of the first broker. */
    public int brokerPort() {
        return brokerPorts.get(0);
    }

    /** Controller port of the first broker. */
    public int controllerPort() {
        return controllerPorts.get(0);
    }

    /** Process name of broker {@code i} (1-based): {@value #BROKER} for the first, {@code broker-<i>} for the others. */
    public static String broker(int i) {
        return i == 1 ? BROKER : BROKER + "-" + i;
    }

    /** Every broker's process name, in node id order. */
    public List<String> brokerProcesses() {
        List<String> b = new ArrayList<>();
        for (int i = 1; i <= brokers(); i++) {
            b.add(broker(i));
        }
        return b;
    }

    /** Process name of TaskManager {@code i} (1-based). */
    public static String taskManager(int i) {
        return "tm-" + i;
    }

    /** Every process of the cluster in start order: brokers, JobManager, TaskManagers. */
    public List<String> processes() {
        List<String> all = new ArrayList<>(brokerProcesses());
        all.add(JOB_MANAGER);
        for (int i = 1; i <= taskManagers; i++) {
            all.add(taskManager(i));
        }
        return all;
    }

    /** Kafka bootstrap address of the cluster's brokers ({@code 127.0.0.1:<port>}, comma-separated). */
    public String bootstrap() {
        return String.join(",", brokerPorts.stream().map(p -> HOST + ":" + p).toList());
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
            // kafka.broker.ports: several brokers; a folder of a one-broker cluster may only have kafka.broker.port
            List<Integer> brokers = p.containsKey("kafka.broker.ports") ? nums(p, "kafka.broker.ports") : List.of(num(p, "kafka.broker.port"));
            List<Integer> controllers = p.containsKey("kafka.controller.ports") ? nums(p, "kafka.controller.ports")
                    : List.of(num(p, "kafka.controller.port"));
            return Optional.of(new ClusterState(num(p, "rest.port"), num(p, "jobmanager.rpc.port"),
                    brokers, controllers, num(p, "taskmanagers"), num(p, "taskmanager.slots")));
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

    private static List<Integer> nums(Properties p, String key) {
        return java.util.Arrays.stream(p.getProperty(key).split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    /** Writes the state file. */
    public void store(Path file) {
        Properties p = new Properties();
        p.setProperty("rest.port", Integer.toString(restPort));
        p.setProperty("jobmanager.rpc.port", Integer.toString(rpcPort));
        p.setProperty("kafka.broker.port", Integer.toString(brokerPort()));
        p.setProperty("kafka.controller.port", Integer.toString(controllerPort()));
        p.setProperty("kafka.broker.ports", String.join(",", brokerPorts.stream().map(String::valueOf).toList()));
        p.setProperty("kafka.controller.ports", String.join(",", controllerPorts.stream().map(String::valueOf).toList()));
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
