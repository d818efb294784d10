package io.peerwatch.job.cli.sensor;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code peerwatch sensor pcap}: placeholder until the capture lands. */
@Command(name = "pcap", mixinStandardHelpOptions = true, description = "Captures packets into Kafka.")
final class PcapCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
