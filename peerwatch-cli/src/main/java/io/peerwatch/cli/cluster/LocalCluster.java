package io.peerwatch.cli.cluster;

import io.peerwatch.kafka.LocalKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;

/**
 * A Flink session cluster and a Kafka broker on this machine, as separate JVMs that outlive the
 * command that started them: a JobManager, N TaskManagers and a KRaft broker, all from the build's
 * own jars (no Flink distribution), all on 127.0.0.1, with every file under one folder
 * ({@link ClusterLayout}).
 *
 * <pre>{@code
 * LocalCluster c = LocalCluster.at(Path.of(".peerwatch-cluster"));
 * c.up(LocalCluster.Settings.defaults(), out);   // or reports that it is already up
 * String bootstrap = c.requireRunning().bootstrap();
 * c.down(false, out);                             // stops what up started; keeps the logs
 * }</pre>
 *
 * <p>Only processes this class started are ever stopped: it finds them by the pids it recorded,
 * checked against a marker on their command line ({@link Daemons}). Two commands working on the
 * same folder at once wait for each other (a file lock).
 */
public final class LocalCluster {

    /** How long {@code up} waits for the broker to answer and every TaskManager to register. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(5);
    /** TaskManagers started by default. */
    public static final int DEFAULT_TASK_MANAGERS = 2;
    /** Task slots per TaskManager by default. */
    public static final int DEFAULT_SLOTS = 2;
    /** Kafka brokers started by default. */
    public static final int DEFAULT_BROKERS = 1;
    /**
     * Heap of each broker JVM when there are several: three brokers with the single broker's
     * heap ({@link LocalKafka#DEFAULT_BROKER_HEAP}) would take more memory than the work needs.
     */
    public static final String CLUSTER_BROKER_HEAP = "384m";
    /** Interval between two readiness checks while starting. */
    private static final Duration POLL = Duration.ofMillis(250);
    /**
     * Time one broker reachability check may take. The Kafka admin client alone needs seconds to
     * start on a loaded 2-core machine (10 s was too little at a load average of 50); a reachable
     * broker answers at once, and only a running broker process is asked.
     */
    private static final Duration BROKER_CHECK = Duration.ofSeconds(30);
    /** The shortest broker check during start-up, when little of the start timeout is left. */
    private static final Duration MIN_CHECK = Duration.ofMillis(200);

    private final ClusterLayout layout;

    private LocalCluster(ClusterLayout layout) {
        this.layout = layout;
    }

    /** The cluster kept in {@code dir} (which need not exist yet). */
    public static LocalCluster at(Path dir) {
        return new LocalCluster(new ClusterLayout(dir));
    }

    public ClusterLayout layout() {
        return layout;
    }

    /**
     * How to start a cluster.
     *
     * @param taskManagers TaskManager JVMs
     * @param slots task slots per TaskManager
     * @param brokers Kafka broker JVMs (one KRaft cluster; with several, every topic created
     *     without a replication factor, and Kafka's internal topics, get one replica per broker)
     * @param restPort REST/web UI port, 0 for a free one
     * @param timeout how long to wait for everything to be ready
     */
    public record Settings(int taskManagers, int slots, int brokers, int restPort, Duration timeout) {
        public Settings {
            if (taskManagers < 1 || slots < 1 || brokers < 1) {
                throw new IllegalArgumentException("--taskmanagers, --slots and --brokers must be at least 1");
            }
            if (restPort < 0 || restPort > 65535) {
                throw new IllegalArgumentException("--rest-port must be 0 (any free port) or a port number");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the start timeout must be positive");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_TASK_MANAGERS, DEFAULT_SLOTS, DEFAULT_BROKERS, 0, DEFAULT_START_TIMEOUT);
        }
    }

    /** The recorded settings, if {@code up} ever ran in this folder. */
    public Optional<ClusterState> state() {
        return ClusterState.load(layout.stateFile());
    }

    /** Each process with a pid file, and its handle while it still runs. */
    public Map<String, Optional<ProcessHandle>> processes() {
        Map<String, Optional<ProcessHandle>> m = new LinkedHashMap<>();
        state().ifPresent(s -> s.processes().forEach(p -> m.put(p, Optional.empty())));
        for (String p : pidFileProcesses()) {
            m.put(p, Optional.empty());
        }
        m.replaceAll((p, none) -> Daemons.find(layout, p));
        return m;
    }

    private List<String> pidFileProcesses() {
        Path run = layout.pidFile("x").getParent();
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(run)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pid"))
                    .map(n -> n.substring(0, n.length() - ".pid".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The state of a cluster whose broker and JobManager run (what a job submission needs).
     *
     * @throws IllegalStateException naming the folder and how to start a cluster there
     */
    public ClusterState requireRunning() {
        Optional<ClusterState> s = state();
        Map<String, Optional<ProcessHandle>> ps = processes();
        if (s.isEmpty() || !s.get().brokerProcesses().stream().allMatch(b -> running(ps, b)) || !running(ps, ClusterState.JOB_MANAGER)) {
            throw new IllegalStateException("no local cluster runs in " + layout.root()
                    + "; start one with 'peerwatch cluster up --dir " + layout.root() + "'");
        }
        return s.get();
    }

    /**
     * Starts the cluster and waits until the broker answers and every TaskManager registered
     * with all its slots.
     *
     * @return false when it was already up (nothing started)
     * @throws IllegalStateException when it is partly running, or does not come up in time (with
     *     the tails of the processes' logs); whatever this call started is stopped again
     */
    public boolean up(Settings settings, PrintWriter out) {
        try {
            Files.createDirectories(layout.root());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + layout.root(), e);
        }
        try (FileChannel lock = lock()) {
            Map<String, Optional<ProcessHandle>> ps = processes();
            Optional<ClusterState> old = state();
            List<String> running = ps.entrySet().stream().filter(e -> e.getValue().isPresent()).map(Map.Entry::getKey).toList();
            if (old.isPresent() && !running.isEmpty() && running.containsAll(old.get().processes())) {
                out.println("The local cluster in " + layout.root() + " is already up.");
                printSummary(old.get(), out);
                return false;
            }
            if (!running.isEmpty()) {
                throw new IllegalStateException("the local cluster in " + layout.root() + " is partly running ("
                        + String.join(", ", running) + "); stop it with 'peerwatch cluster down --dir " + layout.root()
                        + "' and start it again");
            }
            ps.keySet().forEach(p -> Daemons.forget(layout, p)); // stale pid files
            ClusterState s = choosePorts(settings, old);
            start(s, settings.timeout(), out);
            printSummary(s, out);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start(ClusterState s, Duration timeout, PrintWriter out) {
        s.store(layout.stateFile());
        FlinkProcesses flink = new FlinkProcesses(layout, ClusterBuild.flinkClasspath());
        flink.writeConfiguration(s);
        CompletableFuture<FlinkProcesses.ResourceParams> jmParams = CompletableFuture.supplyAsync(flink::jobManagerParams);
        CompletableFuture<FlinkProcesses.ResourceParams> tmParams = CompletableFuture.supplyAsync(flink::taskManagerParams);
        Map<String, ProcessHandle> started = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            out.println("Starting a local cluster in " + layout.root() + " ...");
            out.flush();
            for (int i = 1; i <= s.brokers(); i++) {
                started.put(ClusterState.broker(i), Daemons.start(layout, ClusterState.broker(i), brokerCommand(s, i)));
            }
            started.put(ClusterState.JOB_MANAGER, Daemons.start(layout, ClusterState.JOB_MANAGER,
                    flink.jobManagerCommand(jmParams.join())));
            FlinkProcesses.ResourceParams tm = tmParams.join();
            for (int i = 1; i <= s.taskManagers(); i++) {
                String name = ClusterState.taskManager(i);
                started.put(name, Daemons.start(layout, name, flink.taskManagerCommand(name, tm)));
            }
            awaitReady(s, started, deadline, timeout);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            String logs = Logs.tails(layout, s.processes());
            started.forEach((name, h) -> {
                if (h.isAlive()) {
                    Daemons.stop(h, Daemons.STOP_GRACE);
                }
                Daemons.forget(layout, name);
            });
            throw new IllegalStateException(cause.getMessage() + (logs.isEmpty() ? "" : "\n" + logs), cause);
        }
    }

    /** The command line of broker {@code i} (1-based). */
    private List<String> brokerCommand(ClusterState s, int i) {
        String name = ClusterState.broker(i);
        if (s.brokers() == 1) {
            return LocalKafka.detachedCommand(layout.kafka(), layout.log(name), s.brokerPort(), s.controllerPort());
        }
        List<LocalKafka.Node> quorum = new ArrayList<>();
        for (int n = 1; n <= s.brokers(); n++) {
            quorum.add(new LocalKafka.Node(n, s.brokerPorts().get(n - 1), s.controllerPorts().get(n - 1)));
        }
        return LocalKafka.detachedCommand(layout.kafka(i), layout.log(name), quorum.get(i - 1), quorum,
                LocalKafka.clusterId(layout.root().toString()), CLUSTER_BROKER_HEAP);
    }

    /**
     * Kills a process of this cluster with SIGKILL ({@code kill -9}: no shutdown hook, no clean
     * close of anything) and waits until the kernel reports it gone.
     *
     * @return the killed process
     * @throws IllegalStateException when the process does not run
     */
    public ProcessHandle kill(String process) {
        ProcessHandle h = Daemons.find(layout, process)
                .orElseThrow(() -> new IllegalStateException(process + " of the cluster in " + layout.root() + " does not run"));
        h.destroyForcibly();
        h.onExit().join();
        return h;
    }

    /**
     * Stops a process of this cluster as {@link #down} does (SIGTERM, SIGKILL after
     * {@link Daemons#STOP_GRACE}).
     *
     * @return true when it stopped on SIGTERM
     * @throws IllegalStateException when the process does not run
     */
    public boolean stop(String process) {
        ProcessHandle h = Daemons.find(layout, process)
                .orElseThrow(() -> new IllegalStateException(process + " of the cluster in " + layout.root() + " does not run"));
        return Daemons.stop(h, Daemons.STOP_GRACE);
    }

    /**
     * Starts one broker or TaskManager of this cluster again after it stopped or was killed, with
     * the command line {@code up} gave it (a broker keeps its data and ports). Returns once it is
     * started; whoever calls it waits for it to rejoin.
     *
     * @throws IllegalStateException when it still runs or is not a broker or TaskManager of the cluster
     */
    public ProcessHandle restart(String process) {
        ClusterState s = requireRunning(false);
        if (Daemons.find(layout, process).isPresent()) {
            throw new IllegalStateException(process + " still runs");
        }
        List<String> cmd;
        int b = s.brokerProcesses().indexOf(process);
        if (b >= 0) {
            cmd = brokerCommand(s, b + 1);
        } else if (s.processes().contains(process) && !process.equals(ClusterState.JOB_MANAGER)) {
            FlinkProcesses flink = new FlinkProcesses(layout, ClusterBuild.flinkClasspath());
            cmd = flink.taskManagerCommand(process, flink.taskManagerParams());
        } else {
            throw new IllegalStateException(process + " is not a broker or TaskManager of the cluster in " + layout.root());
        }
        return Daemons.start(layout, process, cmd);
    }

    private ClusterState requireRunning(boolean brokersToo) {
        return brokersToo ? requireRunning() : state().orElseThrow(() -> new IllegalStateException(
                "no local cluster in " + layout.root()));
    }

    private void awaitReady(ClusterState s, Map<String, ProcessHandle> started, long deadline, Duration timeout) {
        boolean broker = false;
        Optional<ClusterOverviewWithVersion> last = Optional.empty();
        try (FlinkRest rest = FlinkRest.connect(s.restPort())) {
            while (true) {
                for (Map.Entry<String, ProcessHandle> e : started.entrySet()) {
                    if (!e.getValue().isAlive()) {
                        throw new IllegalStateException(e.getKey() + " (pid " + e.getValue().pid() + ") exited during start-up");
                    }
                }
                // one check may not outlast the start timeout: readiness seen after it is not "in time"
                long left = Math.max(MIN_CHECK.toNanos(), Math.min(BROKER_CHECK.toNanos(), deadline - System.nanoTime()));
                broker = broker || LocalKafka.brokerCount(s.bootstrap(), Duration.ofNanos(left)) == s.brokers();
                last = rest.overview();
                boolean flink = last.map(o -> o.getNumTaskManagersConnected() == s.taskManagers()
                        && o.getNumSlotsTotal() == s.taskManagers() * s.slots()).orElse(false);
                if (broker && flink && System.nanoTime() <= deadline) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the local cluster did not come up within " + timeout.toSeconds() + " s ("
                            + (broker ? "Kafka reachable" : "not every broker reachable on " + s.bootstrap()) + "; "
                            + last.map(o -> o.getNumTaskManagersConnected() + " of " + s.taskManagers()
                                    + " TaskManagers registered").orElse("Flink REST endpoint " + s.restUrl() + " not answering")
                            + ")");
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis()); // poll interval between readiness checks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }

    private ClusterState choosePorts(Settings settings, Optional<ClusterState> old) {
        List<Integer> taken = new ArrayList<>();
        int rest;
        if (settings.restPort() != 0) {
            if (!isFree(settings.restPort())) {
                throw new IllegalStateException("port " + settings.restPort() + " on " + ClusterState.HOST + " is in use");
            }
            rest = settings.restPort();
        } else {
            rest = port(old.map(ClusterState::restPort), taken);
        }
        taken.add(rest);
        int rpc = port(old.map(ClusterState::rpcPort), taken);
        taken.add(rpc);
        // Brokers keep their data across restarts; keep their ports too when they are free (and as many).
        Optional<ClusterState> same = old.filter(o -> o.brokers() == settings.brokers());
        List<Integer> brokers = new ArrayList<>();
        List<Integer> controllers = new ArrayList<>();
        for (int i = 0; i < settings.brokers(); i++) {
            final int n = i;
            int broker = port(same.map(o -> o.brokerPorts().get(n)), taken);
            taken.add(broker);
            int controller = port(same.map(o -> o.controllerPorts().get(n)), taken);
            taken.add(controller);
            brokers.add(broker);
            controllers.add(controller);
        }
        return new ClusterState(rest, rpc, brokers, controllers, settings.taskManagers(), settings.slots());
    }

    /** The previous port when it is free again, else a free one. */
    private static int port(Optional<Integer> previous, List<Integer> taken) {
        if (previous.isPresent() && !taken.contains(previous.get()) && isFree(previous.get())) {
            return previous.get();
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = freePort();
            if (!taken.contains(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port on " + ClusterState.HOST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(ClusterState.HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ClusterState.HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + ClusterState.HOST, e);
        }
    }

    /**
     * Stops every process this folder's cluster started (TaskManagers, JobManager, broker, in
     * that order): SIGTERM, then SIGKILL after {@link Daemons#STOP_GRACE}. Logs stay unless
     * {@code purge}, which removes the whole folder.
     *
     * @return how many processes were stopped
     */
    public int down(boolean purge, PrintWriter out) {
        if (!Files.isDirectory(layout.root())) {
            out.println("No local cluster in " + layout.root() + ".");
            return 0;
        }
        if (purge && !Files.exists(layout.stateFile()) && !Files.isDirectory(layout.pidFile("x").getParent())) {
            throw new IllegalStateException(layout.root() + " does not look like a local cluster folder (no "
                    + layout.stateFile().getFileName() + "); not removing it");
        }
        int stopped = 0;
        try (FileChannel lock = lock()) {
            List<Map.Entry<String, Optional<ProcessHandle>>> ps = new ArrayList<>(processes().entrySet());
            ps.sort(Comparator.comparingInt(e -> stopOrder(e.getKey())));
            boolean brokersSignalled = false;
            for (Map.Entry<String, Optional<ProcessHandle>> e : ps) {
                if (!brokersSignalled && e.getKey().startsWith(ClusterState.BROKER)) {
                    // Brokers get SIGTERM together (after everything else stopped): a KRaft node stopped
                    // after the others has no controller quorum left for its controlled shutdown and
                    // would wait out the grace period.
                    ps.stream().filter(b -> b.getKey().startsWith(ClusterState.BROKER))
                            .forEach(b -> b.getValue().ifPresent(ProcessHandle::destroy));
                    brokersSignalled = true;
                }
                if (e.getValue().isPresent()) {
                    ProcessHandle h = e.getValue().get();
                    boolean graceful = Daemons.stop(h, Daemons.STOP_GRACE);
                    out.println((graceful ? "Stopped " : "Killed (no exit " + Daemons.STOP_GRACE.toSeconds() + " s after SIGTERM) ")
                            + e.getKey() + " (pid " + h.pid() + ")");
                    out.flush();
                    stopped++;
                }
                Daemons.forget(layout, e.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (stopped == 0) {
            out.println("No process of the local cluster in " + layout.root() + " was running.");
        }
        if (purge) {
            deleteTree(layout.root());
            out.println("Removed " + layout.root());
        } else {
            out.println("Logs are in " + layout.logs());
        }
        return stopped;
    }

    /** TaskManagers first, then the JobManager, the brokers last (jobs may still write to them). */
    private static int stopOrder(String process) {
        if (process.startsWith(ClusterState.BROKER)) {
            return 2;
        }
        return process.equals(ClusterState.JOB_MANAGER) ? 1 : 0;
    }

    /**
     * Prints which processes run, what Flink's REST endpoint reports (TaskManagers, slots, jobs)
     * and whether the broker answers.
     *
     * @return true when every process runs, Flink has all TaskManagers and the broker answers
     */
    public boolean status(PrintWriter out) {
        Optional<ClusterState> st = state();
        if (st.isEmpty()) {
            out.println("No local cluster in " + layout.root() + " (start one with 'peerwatch cluster up --dir "
                    + layout.root() + "').");
            return false;
        }
        ClusterState s = st.get();
        Map<String, Optional<ProcessHandle>> ps = processes();
        out.println("Local cluster in " + layout.root());
        boolean all = true;
        for (Map.Entry<String, Optional<ProcessHandle>> e : ps.entrySet()) {
            all &= e.getValue().isPresent();
            out.printf("  %-7s %s%n", e.getKey(), e.getValue().map(h -> "running, pid " + h.pid()).orElse("not running"));
        }
        // Ask only processes that run: a check of a closed port would wait for its timeout.
        int alive = s.brokerProcesses().stream().anyMatch(b -> running(ps, b)) ? LocalKafka.brokerCount(s.bootstrap(), BROKER_CHECK) : 0;
        boolean broker = alive == s.brokers();
        out.println("  Kafka " + (s.brokers() == 1 ? "broker " : s.brokers() + " brokers ") + s.bootstrap()
                + (broker ? ": reachable" : alive == 0 ? ": NOT reachable" : ": only " + alive + " reachable"));
        boolean flink = false;
        if (!running(ps, ClusterState.JOB_MANAGER)) {
            out.println("  Flink REST " + s.restUrl() + ": JobManager not running");
        } else {
            try (FlinkRest rest = FlinkRest.connect(s.restPort())) {
                Optional<ClusterOverviewWithVersion> o = rest.overview();
                if (o.isEmpty()) {
                    out.println("  Flink REST " + s.restUrl() + ": NOT answering");
                } else {
                    ClusterOverviewWithVersion v = o.get();
                    flink = v.getNumTaskManagersConnected() == s.taskManagers();
                    out.printf("  Flink %s at %s: %d of %d TaskManagers registered, %d slots (%d free), %d job(s) running%n",
                            v.getVersion(), s.restUrl(), v.getNumTaskManagersConnected(), s.taskManagers(),
                            v.getNumSlotsTotal(), v.getNumSlotsAvailable(), v.getNumJobsRunningOrPending());
                    rest.jobs().forEach(j -> out.printf("    job %s  %-10s %s%n", j.getJobId(), j.getJobState(), j.getJobName()));
                }
            }
        }
        out.println("  Logs: " + layout.logs());
        return all && broker && flink;
    }

    private static boolean running(Map<String, Optional<ProcessHandle>> ps, String process) {
        return ps.getOrDefault(process, Optional.empty()).isPresent();
    }

    /** Prints where everything is. */
    private void printSummary(ClusterState s, PrintWriter out) {
        out.println("  Flink web UI and REST   " + s.restUrl() + "  (JobManager + " + s.taskManagers() + " TaskManagers x "
                + s.slots() + " slots)");
        out.println("  Kafka bootstrap         " + s.bootstrap() + (s.brokers() == 1 ? "" : "  (" + s.brokers() + " brokers)"));
        out.println("  Logs                    " + layout.logs());
        out.println("Submit the job with:  peerwatch run --cluster=" + layout.root());
        out.println("Stop it with:         peerwatch cluster down --dir " + layout.root());
        out.flush();
    }

    /** Locks the folder against other cluster commands; closing the channel releases the lock. */
    private FileChannel lock() throws IOException {
        FileChannel ch = FileChannel.open(layout.root().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            ch.lock();
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
