package io.peerwatch.cli.sensor;

import io.peerwatch.cli.DurationConverter;
import io.peerwatch.schemas.Topics;
import io.peerwatch.sensor.netflow.CollectorConfig;
import io.peerwatch.sensor.netflow.NetflowCollector;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerwatch sensor netflow}: the NetFlow (v1, v5, v7, v9) and IPFIX collector. */
@Command(name = "netflow", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Receives NetFlow v1, v5, v7, v9 and IPFIX export datagrams on a UDP port and writes every flow to Kafka: the "
                    + "flows of a datagram as one FlowRecordBatch record (a FlowRecord when it holds one flow; Avro "
                    + "single-object encoding). Several exporters at once; templates are kept per exporter and "
                    + "observation domain; sampling rates are applied.",
            "",
            "A bad datagram (truncated, wrong length, unknown version, template never received) is counted per "
                    + "exporter and reason and written to the dead-letter topic with its bytes; the collector keeps "
                    + "going. Every stats interval it prints one line of rates and totals per exporter, and one "
                    + "line per error reason seen. Ctrl-C (or SIGTERM) stops it after writing what it received.",
            "",
            "Examples:",
            "  peerwatch sensor netflow --listen 0.0.0.0:2055 --bootstrap kafka1:9092",
            "  peerwatch sensor netflow --listen 127.0.0.1:4739 --bootstrap 127.0.0.1:9092 \\",
            "      --receive-buffer 8m --stats-interval 30s"})
final class NetflowCommand extends KafkaSensorCommand {

    @Option(names = "--listen", converter = Endpoint.class, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:2055",
            description = "UDP address to receive export datagrams on (default: ${DEFAULT-VALUE}; 0.0.0.0:2055 for all interfaces).")
    InetSocketAddress listen;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic of the flow records (default: ${DEFAULT-VALUE}).")
    String topic = Topics.FLOWS;

    @Option(names = "--deadletter-topic", paramLabel = "TOPIC", description = "Topic of bad datagrams (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic = Topics.DEADLETTER;

    @Option(names = "--receive-buffer", converter = ByteSize.class, paramLabel = "BYTES",
            description = "Socket receive buffer (SO_RCVBUF; default: 4m, as nfcapd's zero-loss setting). Linux caps it at net.core.rmem_max.")
    int receiveBuffer = CollectorConfig.DEFAULT_RECEIVE_BUFFER_BYTES;

    @Option(names = "--stats-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often to print the stats line (default: 10s).")
    Duration statsInterval = CollectorConfig.DEFAULT_STATS_INTERVAL;

    @Option(names = "--workers", paramLabel = "N",
            description = "Decode/produce threads, datagrams sharded by exporter (default: ${DEFAULT-VALUE}).")
    int workers = CollectorConfig.DEFAULT_WORKERS;

    @Option(names = "--flows-per-record", paramLabel = "N",
            description = "Most flows in one Kafka record (a FlowRecordBatch; default: ${DEFAULT-VALUE}, a whole "
                    + "datagram). 1 writes one FlowRecord per flow, for readers that do not know batches.")
    int flowsPerRecord = CollectorConfig.DEFAULT_MAX_FLOWS_PER_RECORD;

    @Option(names = "--handoff-delay", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long datagrams gather before they go to an idle worker, the socket buffer filling "
                    + "meanwhile (default: 1ms, at most 5ms). 0 hands them over at once: lowest latency, more CPU.")
    Duration handoffDelay = CollectorConfig.DEFAULT_HANDOFF_DELAY;

    @Override
    public Integer call() throws Exception {
        KafkaTarget kafka = kafka();
        CollectorConfig cfg;
        try {
            cfg = CollectorConfig.builder(listen, kafka.bootstrap()).flowsTopic(topic).deadLetterTopic(deadLetterTopic)
                    .receiveBufferBytes(receiveBuffer).statsInterval(statsInterval).workers(workers)
                    .maxFlowsPerRecord(flowsPerRecord).handoffDelay(handoffDelay)
                    .producerOverrides(kafka.producer()).build();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!brokerReady(kafka, err)) {
            return 1;
        }
        NetflowCollector c = NetflowCollector.start(cfg, line -> {
            err.println(line);
            err.flush();
        });
        Thread hook = new Thread(c::close, "peerwatch-sensor-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        err.printf("peerwatch sensor netflow: listening on %s (receive buffer %,d bytes), writing to %s on %s; "
                + "Ctrl-C to stop%n", endpoint(c.localAddress()), c.receiveBufferBytes(), topic, kafka.bootstrap());
        err.flush();
        c.awaitClosed();
        return c.failure().isPresent() ? 1 : 0;
    }

    private static String endpoint(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
