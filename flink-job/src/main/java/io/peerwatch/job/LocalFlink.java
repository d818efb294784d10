package io.peerwatch.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/** Flink configuration for embedded (MiniCluster) runs: every endpoint on 127.0.0.1. */
public final class LocalFlink {

    private static final String LOOPBACK = "127.0.0.1";

    private LocalFlink() {
    }

    /** A configuration whose RPC, blob, data and REST endpoints bind to 127.0.0.1 only. */
    public static Configuration loopbackConfiguration() {
        Configuration c = new Configuration();
        c.set(JobManagerOptions.ADDRESS, LOOPBACK);
        c.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        c.set(TaskManagerOptions.HOST, LOOPBACK);
        c.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        c.set(RestOptions.ADDRESS, LOOPBACK);
        c.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        return c;
    }
}
