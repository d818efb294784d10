package io.peerwatch.cli.cluster;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peerwatch cluster up|status|down|cancel}: a local multi-process Flink cluster and Kafka broker. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class,
            ClusterCommand.Cancel.class, ClusterCommand.Stop.class},
        description = {
            "A real Flink session cluster and Kafka broker on this machine, as separate processes that keep running "
                    + "after the command returns: a JobManager, TaskManagers (2 by default) and a KRaft broker, started "
                    + "from the build's own jars, everything on 127.0.0.1, logs and data under one folder (--dir, "
                    + "default " + ClusterLayout.DEFAULT_DIR + " in the current directory).",
            "",
            "  cluster up               start it (or say that it is up)",
            "  run --cluster            submit the job jar to it",
            "  cluster status           processes, TaskManagers, slots, jobs, broker",
            "  cluster cancel JOB_ID    cancel a job (its state is lost)",
            "  cluster stop JOB_ID      stop a job with a savepoint; resume with run --cluster --from-savepoint",
            "  cluster down [--purge]   stop what 'up' started (--purge: remove the folder)"})
public final class ClusterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (up, status, down, cancel)");
    }

    /** The {@code --dir} option every subcommand takes. */
    static final class DirOption {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = ClusterLayout.DEFAULT_DIR,
                description = "Folder of the cluster: state, pid files, logs (log/), Kafka data, Flink files "
                        + "(default: ${DEFAULT-VALUE} in the current directory).")
        Path dir;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Starts the broker, the JobManager and the TaskManagers and waits until every TaskManager has "
                    + "registered and the broker answers. Ports are free ports chosen at the first start, kept in "
                    + "DIR/cluster.properties and reused while free. Says so and changes nothing when the cluster is "
                    + "already up."})
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin
        DirOption dir;

        @Option(names = "--taskmanagers", paramLabel = "N", description = "TaskManager processes (default: ${DEFAULT-VALUE}).")
        int taskManagers = LocalCluster.DEFAULT_TASK_MANAGERS;

        @Option(names = "--slots", paramLabel = "N", description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
        int slots = LocalCluster.DEFAULT_SLOTS;

        @Option(names = "--brokers", paramLabel = "N", description = {"Kafka brokers, one KRaft cluster (default: "
                + "${DEFAULT-VALUE}). With several, topics created without a replication factor and Kafka's internal "
                + "topics get one replica per broker; from 3 on, writes need 2 in-sync replicas (one broker may be down)."})
        int brokers = LocalCluster.DEFAULT_BROKERS;

        @Option(names = "--rest-port", paramLabel = "PORT",
                description = "Port of the Flink web UI and REST API (default: a free port).")
        int restPort;

        @Option(names = "--timeout", converter = io.peerwatch.cli.DurationConverter.class, paramLabel = "DURATION",
                description = "How long to wait for the cluster to be ready (default: 120s).")
        Duration timeout = LocalCluster.DEFAULT_START_TIMEOUT;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            LocalCluster.at(dir.dir).up(new LocalCluster.Settings(taskManagers, slots, brokers, restPort, timeout),
                    spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Shows which processes run (by their recorded pid), what Flink reports (TaskManagers, slots, "
                    + "jobs) and whether the broker answers. Exit code 0 when everything is up, 3 otherwise."})
    static final class Status implements Callable<Integer> {
        /** Exit code when the cluster is not (completely) up, as for an LSB service's status. */
        static final int NOT_RUNNING = 3;

        @CommandLine.Mixin
        DirOption dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            boolean up = LocalCluster.at(dir.dir).status(out);
            out.flush();
            return up ? 0 : NOT_RUNNING;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = {"Stops the processes 'up' started, by their recorded pid: TaskManagers, JobManager, broker; "
                    + "each gets SIGTERM and, if still there after 30 s, SIGKILL. Logs and data stay unless --purge."})
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin
        DirOption dir;

        @Option(names = "--purge", description = "Also remove the folder (logs, Kafka data, checkpoints).")
        boolean purge;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            LocalCluster.at(dir.dir).down(purge, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stops a job on the local cluster with a savepoint (Flink's 'flink stop'): its state, input "
                    + "offsets and open alert transactions go into DIR/flink/savepoints, and the path is printed. "
                    + "Resume it, also with a rebuilt jar, with 'peerwatch run --cluster --from-savepoint PATH'."})
    static final class Stop implements Callable<Integer> {
        /** Longest wait for the savepoint. */
        static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);

        @CommandLine.Mixin
        DirOption dir;

        @Parameters(paramLabel = "JOB_ID", description = "Id of the job (see 'peerwatch cluster status').")
        String jobId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JobID id;
            try {
                id = JobID.fromHexString(jobId);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "not a job id: '" + jobId + "'");
            }
            ClusterState s = LocalCluster.at(dir.dir).requireRunning();
            String path;
            try (FlinkRest rest = FlinkRest.connect(s.restPort())) {
                path = rest.client().stopWithSavepoint(id, false, null, org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
                        .get(SAVEPOINT_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
            spec.commandLine().getOut().println("Stopped job " + id + " with savepoint " + path);
            spec.commandLine().getOut().println("Resume with:  peerwatch run --cluster=" + dir.dir + " --from-savepoint " + path);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a job on the local cluster.")
    static final class Cancel implements Callable<Integer> {
        @CommandLine.Mixin
        DirOption dir;

        @Parameters(paramLabel = "JOB_ID", description = "Id of the job (see 'peerwatch cluster status').")
        String jobId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JobID id;
            try {
                id = JobID.fromHexString(jobId);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "not a job id: '" + jobId + "'");
            }
            ClusterState s = LocalCluster.at(dir.dir).requireRunning();
            try (FlinkRest rest = FlinkRest.connect(s.restPort())) {
                rest.cancel(id);
            }
            spec.commandLine().getOut().println("Cancelled job " + id + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
