package io.peerwatch.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.cli.CliFrontend;
import org.apache.flink.configuration.PipelineOptionsInternal;

/**
 * {@code peerwatch run --cluster}: submits the job jar to the local cluster with Flink's own
 * {@code flink run} client ({@link CliFrontend}), detached. The jar's main
 * ({@code io.peerwatch.job.JobMain}) runs in the client, builds the job and submits it; the
 * cluster runs it.
 */
public final class JobSubmission {

    /** Process name of the {@code flink run} client (its log and output files are named after it). */
    static final String CLIENT = "flink-run";
    /** Heap of the client JVM: it only builds and uploads the job graph. */
    static final String CLIENT_HEAP = "512m";
    /** Longest a submission may take. */
    public static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);
    private static final String CLI_FRONTEND = "org.apache.flink.client.cli.CliFrontend";
    /** What {@code flink run --detached} prints once the cluster accepted the job. */
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private JobSubmission() {
    }

    /**
     * The Kafka bootstrap address of the cluster in {@code dir}.
     *
     * @throws IllegalStateException when no cluster runs there
     */
    public static String bootstrap(Path dir) {
        return LocalCluster.at(dir).requireRunning().bootstrap();
    }

    /**
     * Submits the job jar to the cluster in {@code dir}, detached, and prints the job id and how
     * to follow and cancel the job. The client is Flink's {@code flink run} ({@link CliFrontend})
     * in a JVM of its own with the cluster's class path and {@code FLINK_CONF_DIR} set to the
     * cluster's configuration, as {@code bin/flink run} starts it: the jar's main must find
     * everything it needs in the jar, as on any Flink installation, and cannot pick up this
     * command line's classes. It runs in the current directory, so relative paths in the job's
     * arguments mean what they mean here.
     *
     * @param parallelism the job's parallelism ({@code flink run -p})
     * @param jobArgs arguments of the jar's main
     * @return the job's id
     * @throws IllegalStateException when {@code flink run} fails (with the end of its output)
     */
    public static JobID submit(Path dir, int parallelism, List<String> jobArgs, PrintWriter out) {
        return submit(dir, parallelism, ClusterBuild.jobJar(), Optional.empty(), jobArgs, out);
    }

    /**
     * {@link #submit(Path, int, List, PrintWriter)} of a given job jar, optionally resuming from a
     * savepoint or retained checkpoint ({@code flink run --fromSavepoint}): the job's state
     * (windows, timers, source offsets, open sink transactions) is restored by operator uid.
     *
     * @param jar the job jar to run
     * @param savepoint path of the savepoint to resume from
     */
    public static JobID submit(Path dir, int parallelism, Path jar, Optional<String> savepoint, List<String> jobArgs,
            PrintWriter out) {
        LocalCluster cluster = LocalCluster.at(dir);
        ClusterState state = cluster.requireRunning();
        ClusterLayout layout = cluster.layout();
        JobID id = JobID.generate(); // fixed up front, so the job can be found whatever the client prints
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + CLIENT_HEAP));
        cmd.addAll(ClusterBuild.java17Options());
        cmd.add("-Djava.io.tmpdir=" + layout.flinkTmp());
        cmd.add("-Dlog.file=" + layout.log(CLIENT));
        cmd.add("-Dlog4j.configurationFile=" + layout.conf().resolve("log4j.properties").toUri());
        cmd.addAll(List.of("-classpath", ClusterBuild.flinkClasspath(), CLI_FRONTEND));
        cmd.addAll(List.of("run", "--detached", "--parallelism", Integer.toString(parallelism),
                "-D" + PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID.key() + "=" + id.toHexString()));
        savepoint.ifPresent(sp -> cmd.addAll(List.of("--fromSavepoint", sp)));
        cmd.add(jar.toString());
        cmd.addAll(jobArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(layout.out(CLIENT).toFile())
                .redirectErrorStream(true);
        pb.environment().put("FLINK_CONF_DIR", layout.conf().toString());
        int rc;
        try {
            Process p = pb.start();
            if (!p.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("flink run did not finish within " + SUBMIT_TIMEOUT.toSeconds() + " s:\n"
                        + Logs.tails(layout, List.of(CLIENT)));
            }
            rc = p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start flink run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during flink run", e);
        }
        if (rc != 0) {
            throw new IllegalStateException("flink run failed (exit " + rc + "):\n" + Logs.tails(layout, List.of(CLIENT)));
        }
        // The client names the job it submitted; should it ever not take the fixed id, believe the client.
        Matcher m = SUBMITTED.matcher(Logs.tail(layout.out(CLIENT), Logs.TAIL_LINES));
        if (m.find()) {
            id = JobID.fromHexString(m.group(1));
        }
        JobStatus status;
        try (FlinkRest rest = FlinkRest.connect(state.restPort())) {
            status = FlinkRest.await(rest.client().getJobStatus(id), "get the status of job " + id);
        }
        out.println("Submitted job " + id + " (" + status + ") to the local cluster in " + layout.root());
        out.println("  job jar: " + jar);
        savepoint.ifPresent(sp -> out.println("  resumed from: " + sp));
        out.println("  follow:  peerwatch cluster status --dir " + layout.root() + "   or  " + state.restUrl()
                + "/#/job/running/" + id + "/overview");
        out.println("  Kafka:   " + state.bootstrap());
        out.println("  cancel:  peerwatch cluster cancel " + id + " --dir " + layout.root());
        out.flush();
        return id;
    }
}
