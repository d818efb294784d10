package io.peerwatch.cli.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What the build left for the local cluster: the JobManager/TaskManager class path (module
 * {@code flink-cluster}: Flink's own jars from the Maven repository, nothing of PeerWatch), the
 * job jar the reactor built, and the Java 17 options every Flink JVM needs.
 */
public final class ClusterBuild {

    private static final String CLASSPATH_RESOURCE = "/io/peerwatch/cluster/flink-classpath.txt";

    /** The loopback Prometheus reporter's factory, in module {@code flink-cluster} (a run-time dependency). */
    static final String METRIC_REPORTER_FACTORY = "io.peerwatch.cluster.metrics.LoopbackPrometheusReporterFactory";
    private static final String BUILD_RESOURCE = "build.properties";

    private ClusterBuild() {
    }

    /**
     * The class path of the cluster's JVMs: Flink's jars and the jar (or classes folder) of module
     * {@code flink-cluster} with the metric reporter.
     *
     * @throws IllegalStateException when the build did not write it (module {@code flink-cluster} missing)
     */
    public static String flinkClasspath() {
        try (InputStream in = ClusterBuild.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Flink cluster class path " + CLASSPATH_RESOURCE
                        + " is not on the class path; build the project (mvn package) first");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            for (String jar : cp.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(jar))) {
                    throw new IllegalStateException("the Flink cluster class path names " + jar
                            + ", which does not exist; rebuild the project (mvn package)");
                }
            }
            return cp + java.io.File.pathSeparator + reporterLocation();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String reporterLocation() {
        try {
            Class<?> factory = Class.forName(METRIC_REPORTER_FACTORY, false, ClusterBuild.class.getClassLoader());
            return Path.of(factory.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException | java.net.URISyntaxException e) {
            throw new IllegalStateException("the metric reporter " + METRIC_REPORTER_FACTORY
                    + " is not on the class path; build the project (mvn package) first", e);
        }
    }

    /**
     * The job jar the reactor built ({@code flink-job/target/flink-job-<version>-job.jar}).
     *
     * @throws IllegalStateException when it has not been built
     */
    public static Path jobJar() {
        Path jar = Path.of(build().getProperty("job.jar")).normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the job jar " + jar + " does not exist; build it with mvn package");
        }
        return jar;
    }

    /** The {@code --add-opens}/{@code --add-exports} options Flink's own scripts pass on Java 17. */
    public static List<String> java17Options() {
        return Arrays.stream(build().getProperty("java17.opens").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = ClusterBuild.class.getResourceAsStream(BUILD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUILD_RESOURCE + " is missing from the command line's classes");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
