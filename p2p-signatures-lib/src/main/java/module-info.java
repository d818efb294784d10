/**
 * The PeerWatch detection library: P2P, tunnel and bandwidth-abuse detection from packets, flow
 * records and proxy logs, on the JDK alone.
 *
 * <p>The API is {@link io.peerwatch.api} (one entry point per use, immutable verdicts),
 * {@link io.peerwatch.config} (the settings every entry point is built from) and
 * {@link io.peerwatch.core} (the value types the entry points take and return). Every other
 * package is an implementation detail, exported only to PeerWatch's own modules (the job, the
 * sensor, the CLI, the Flink SQL functions, the Avro schemas and the benchmarks), which may
 * change it in any release.
 */
module io.peerwatch.lib {
    exports io.peerwatch.api;
    exports io.peerwatch.config;
    exports io.peerwatch.core;

    // Implementation packages, for PeerWatch's own modules only (their Automatic-Module-Name):
    // each to the modules whose classes use it (jdeps -verbose:package over their classes).
    exports io.peerwatch.blacklist to io.peerwatch.sql, io.peerwatch.bench;
    exports io.peerwatch.classify to io.peerwatch.sensor, io.peerwatch.cli, io.peerwatch.bench;
    exports io.peerwatch.detect to io.peerwatch.job;
    exports io.peerwatch.detect.proxy to io.peerwatch.job, io.peerwatch.sql;
    exports io.peerwatch.dns to io.peerwatch.job;
    exports io.peerwatch.filetype to io.peerwatch.job;
    exports io.peerwatch.flow to io.peerwatch.sensor, io.peerwatch.job, io.peerwatch.cli, io.peerwatch.bench;
    exports io.peerwatch.flowfile to io.peerwatch.job, io.peerwatch.cli, io.peerwatch.bench;
    exports io.peerwatch.netflow to io.peerwatch.sensor, io.peerwatch.job, io.peerwatch.cli, io.peerwatch.bench;
    exports io.peerwatch.notice to io.peerwatch.schemas, io.peerwatch.job, io.peerwatch.sql, io.peerwatch.cli,
            io.peerwatch.bench;
    exports io.peerwatch.packet to io.peerwatch.schemas, io.peerwatch.sensor, io.peerwatch.job, io.peerwatch.cli,
            io.peerwatch.bench;
    exports io.peerwatch.pcap to io.peerwatch.sensor, io.peerwatch.job, io.peerwatch.cli, io.peerwatch.bench;
    exports io.peerwatch.policy to io.peerwatch.job, io.peerwatch.cli;
    exports io.peerwatch.ports to io.peerwatch.job, io.peerwatch.sql, io.peerwatch.cli;
    exports io.peerwatch.proxy to io.peerwatch.schemas, io.peerwatch.sensor, io.peerwatch.job, io.peerwatch.sql,
            io.peerwatch.cli, io.peerwatch.bench;
    exports io.peerwatch.signatures to io.peerwatch.schemas, io.peerwatch.sensor, io.peerwatch.job, io.peerwatch.sql,
            io.peerwatch.cli, io.peerwatch.bench;
    exports io.peerwatch.signatures.proto to io.peerwatch.sql;
    exports io.peerwatch.volume to io.peerwatch.job, io.peerwatch.cli, io.peerwatch.bench;
    exports io.peerwatch.watch to io.peerwatch.job;

    // compressed nfcapd blocks (the JDK has no LZO, LZ4 or ZSTD): the job module provides them
    uses io.peerwatch.flowfile.NfcapdBlocks;
}
