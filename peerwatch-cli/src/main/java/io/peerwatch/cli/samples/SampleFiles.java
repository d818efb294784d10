package io.peerwatch.cli.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes the sample inputs of {@code samples/} (described in {@code samples/LABELS.md}); run by
 * {@code scripts/make-samples.sh}. Every file is a function of this code alone (fixed times and
 * seeds), so a fresh generation equals the committed files byte for byte.
 */
public final class SampleFiles {

    /** Start of the sample capture's minute. */
    static final Instant CAPTURE_START = Instant.parse("2026-11-25T09:00:00Z");
    /** Start of the flow scenario's five minutes. */
    static final Instant FLOWS_START = Instant.parse("2026-11-25T10:00:00Z");
    /** Start of the proxy log's hour. */
    static final Instant PROXY_START = Instant.parse("2026-11-25T11:00:00Z");
    /** A hosts-file blacklist (the format of Dan Pollock's list) naming one host of the proxy log. */
    static final String BLACKLIST = """
            # Sample blacklist in hosts-file format: '0.0.0.0 NAME' or '127.0.0.1 NAME', '#' comments.
            0.0.0.0 ads.tracker.example
            """;
    private static final long SEED = 20031124L;

    private SampleFiles() {
    }

    /** {@code SampleFiles DIR}: writes every sample into DIR. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SampleFiles DIR");
            System.exit(2);
        }
        writeAll(Path.of(args[0]));
    }

    /** Writes every sample file into {@code dir} (created if missing). */
    public static void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        OfficeCapture.write(dir.resolve("office-p2p.pcap"), CAPTURE_START.toEpochMilli() * 1000, SEED);
        long flows = FLOWS_START.toEpochMilli();
        List<Conn> conns = FlowScenario.connections(flows, SEED);
        NetflowV9Export.write(dir.resolve("netflow-v9.pcap"), conns, flows, Ip.of("10.10.0.1"), Ip.of("10.10.0.5"));
        long end = flows + FlowScenario.MINUTES * 60_000L + 60_000;
        ZeekConnLog.write(dir.resolve("zeek-conn.log"), conns, flows, end);
        SquidLog.write(dir.resolve("squid-access.log"), PROXY_START.toEpochMilli(), SEED);
        Files.writeString(dir.resolve("blacklist.hosts"), BLACKLIST, StandardCharsets.US_ASCII);
    }
}
