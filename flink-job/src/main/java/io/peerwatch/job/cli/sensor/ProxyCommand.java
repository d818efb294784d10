package io.peerwatch.job.cli.sensor;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code peerwatch sensor proxy}: placeholder until the tailer lands. */
@Command(name = "proxy", mixinStandardHelpOptions = true, description = "Follows a proxy log into Kafka.")
final class ProxyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
