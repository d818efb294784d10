package io.peerwatch.cli.sensor;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code peerwatch sensor}: ingest NetFlow/IPFIX, proxy logs or packets into Kafka. */
@Command(name = "sensor", mixinStandardHelpOptions = true,
        subcommands = {NetflowCommand.class, ProxyCommand.class, PcapCommand.class},
        description = {
            "Ingests into Kafka what the streaming job analyses: NetFlow/IPFIX export datagrams, proxy log lines "
                    + "or captured packets, as Avro records (single-object encoding). Bad input goes to the "
                    + "dead-letter topic with the reason; the sensor keeps running.",
            "",
            "Examples:",
            "  peerwatch sensor netflow --listen 0.0.0.0:2055 --bootstrap kafka1:9092",
            "  peerwatch sensor proxy --follow /var/log/squid/access.log \\",
            "      --bootstrap kafka1:9092",
            "  peerwatch sensor pcap --interface eth1 --bootstrap kafka1:9092",
            "  peerwatch sensor netflow --config secured.yaml   (Kafka settings and security from the file,",
            "      see docs/CONFIGURATION.md, Secured Kafka)"})
public final class SensorCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sensor (netflow, proxy, pcap)");
    }
}
