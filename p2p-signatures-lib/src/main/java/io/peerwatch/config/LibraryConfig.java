package io.peerwatch.config;

import static io.peerwatch.config.ValueType.BITRATE;
import static io.peerwatch.config.ValueType.BOOLEAN;
import static io.peerwatch.config.ValueType.BYTES;
import static io.peerwatch.config.ValueType.DOUBLE;
import static io.peerwatch.config.ValueType.DURATION;
import static io.peerwatch.config.ValueType.INT;
import static io.peerwatch.config.ValueType.PATH;
import static io.peerwatch.config.ValueType.PATHS;
import static io.peerwatch.config.ValueType.PORTS;
import static io.peerwatch.config.ValueType.STRING;
import static io.peerwatch.config.ValueType.STRINGS;
import static io.peerwatch.config.ValueType.STRING_SET;

import io.peerwatch.blacklist.BlacklistHolder;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.RecordLimits;
import io.peerwatch.core.Severity;
import io.peerwatch.detect.DnsTunnelConfig;
import io.peerwatch.detect.IcmpTunnelConfig;
import io.peerwatch.detect.InternalScanConfig;
import io.peerwatch.detect.P2pCorroborationConfig;
import io.peerwatch.detect.P2pBehaviourConfig;
import io.peerwatch.detect.PortActivityDetector;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.filetype.FileSizeRules;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.packet.FragmentConfig;
import io.peerwatch.ports.PortTable;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.volume.BaselineConfig;
import io.peerwatch.volume.LinkConfig;
import io.peerwatch.volume.Tariff;
import io.peerwatch.volume.VolumeConfig;
import io.peerwatch.watch.WatchList;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every setting of the library's configuration records, reachable by a documented key
 * ({@link #KEYS}), and the records built from a {@link Settings}: signature thresholds
 * ({@link SignatureConfig}), engine and flow-table limits ({@link DetectionConfig}), each flow
 * detector's window and thresholds, the HTTP-tunnel shapes, volume quotas and the tariff,
 * per-type suppression intervals, internal networks, the site's files (port table,
 * blacklists, watch-words, file rules) and the NetFlow decoder's limits.
 *
 * <pre>{@code
 * LibraryConfig lib = LibraryConfig.of(Settings.builder(LibraryConfig.KEYS)
 *         .set("detectors.port-activity.min-flows", "10", Origin.flag("code"), null)
 *         .build());
 * PortActivityDetector d = new PortActivityDetector(lib.portTable(), lib.internalNetworks(),
 *         lib.portActivity(), lib.noticePolicy());
 * }</pre>
 *
 * <p>Defaults come from the records' {@code defaults()} (their {@code DEFAULT_*} constants), so
 * the table never repeats a number.
 */
public final class LibraryConfig {

    // --- sections: one per record ---

    private static final Section<DetectionConfig.Builder, DetectionConfig> DETECTION =
            new Section<DetectionConfig.Builder, DetectionConfig>("detection", DetectionConfig.defaults(), DetectionConfig.Builder::build)
                    .key("max-packets-per-flow", INT, DetectionConfig::maxPacketsPerFlow, DetectionConfig.Builder::maxPacketsPerFlow,
                            "Payload packets inspected per flow before an undecided flow is given up as unknown")
                    .key("max-metadata-packets", INT, DetectionConfig::maxMetadataPackets, DetectionConfig.Builder::maxMetadataPackets,
                            "Packets of a matched flow scanned for evidence (names, hashes, search strings)")
                    .key("max-metadata-values", INT, DetectionConfig::maxMetadataValues, DetectionConfig.Builder::maxMetadataValues,
                            "Evidence values kept per key and flow")
                    .key("max-metadata-value-length", INT, DetectionConfig::maxMetadataValueLength,
                            DetectionConfig.Builder::maxMetadataValueLength, "Characters kept per evidence value")
                    .key("flow-idle-timeout", DURATION, DetectionConfig::flowIdleTimeout, DetectionConfig.Builder::flowIdleTimeout,
                            "A packet flow with no packet for this long ends")
                    .key("flow-active-timeout", DURATION, DetectionConfig::flowActiveTimeout,
                            DetectionConfig.Builder::flowActiveTimeout, "A packet flow older than this ends and a new one starts")
                    .key("max-flows", INT, DetectionConfig::maxFlows, DetectionConfig.Builder::maxFlows,
                            "Packet flows held at once; the least recently seen is ended when full");

    private static final Section<SignatureConfig.Builder, SignatureConfig> SIGNATURES =
            new Section<SignatureConfig.Builder, SignatureConfig>("signatures", SignatureConfig.defaults(), SignatureConfig.Builder::build)
                    .key("bittorrent-peer-wire.max-stray-bytes", "peerWireMaxStrayBytes", INT, SignatureConfig::peerWireMaxStrayBytes,
                            SignatureConfig.Builder::peerWireMaxStrayBytes, "Bytes tolerated before the BitTorrent handshake's protocol string")
                    .key("bittorrent-utp.max-seq-advance", "utpMaxSeqAdvance", INT, SignatureConfig::utpMaxSeqAdvance,
                            SignatureConfig.Builder::utpMaxSeqAdvance, "Largest uTP seq/ack distance between two packets of one connection")
                    .key("bittorrent-utp.max-timestamp-advance", "utpMaxTimestampAdvance", DURATION,
                            SignatureConfig::utpMaxTimestampAdvance, SignatureConfig.Builder::utpMaxTimestampAdvance,
                            "Largest uTP timestamp advance between two packets of one direction")
                    .key("bittorrent-utp.max-inconsistent", "utpMaxInconsistent", INT, SignatureConfig::utpMaxInconsistent,
                            SignatureConfig.Builder::utpMaxInconsistent, "Valid-looking but inconsistent uTP packets tolerated before giving up")
                    .key("bittorrent-mse.randomness-sigmas", "mseRandomnessSigmas", DOUBLE, SignatureConfig::mseRandomnessSigmas,
                            SignatureConfig.Builder::mseRandomnessSigmas,
                            "Standard deviations below random's distinct-byte count an MSE key may fall and still count as random")
                    .key("bittorrent-mse.min-sample", "mseMinSample", INT, SignatureConfig::mseMinSample,
                            SignatureConfig.Builder::mseMinSample, "Shortest MSE answer (bytes) judged for randomness")
                    .key("gnutella-tls.max-server-bytes", "gnutellaTlsMaxServerBytes", INT, SignatureConfig::gnutellaTlsMaxServerBytes,
                            SignatureConfig.Builder::gnutellaTlsMaxServerBytes, "Server bytes searched for the gtk-gnutella certificate subject")
                    .key("filetopia.min-payload", "filetopiaMinPayload", INT, SignatureConfig::filetopiaMinPayload,
                            SignatureConfig.Builder::filetopiaMinPayload, "Shortest Filetopia-port payload judged for randomness")
                    .key("filetopia.sample", "filetopiaSample", INT, SignatureConfig::filetopiaSample,
                            SignatureConfig.Builder::filetopiaSample, "Bytes sampled for the distinct-byte count on Filetopia ports")
                    .key("filetopia.min-distinct-ratio", "filetopiaMinDistinctRatio", DOUBLE, SignatureConfig::filetopiaMinDistinctRatio,
                            SignatureConfig.Builder::filetopiaMinDistinctRatio, "Distinct byte values per sampled byte a Filetopia payload needs")
                    .key("wireguard.one-way-transport", "wireGuardOneWayTransport", INT, SignatureConfig::wireGuardOneWayTransport,
                            SignatureConfig.Builder::wireGuardOneWayTransport,
                            "Same-index WireGuard transport packets that suffice when one direction is captured")
                    .key("dns-tunnel.long-label", "dnsLongLabel", INT, SignatureConfig::dnsLongLabel, SignatureConfig.Builder::dnsLongLabel,
                            "DNS labels at least this long are checked for entropy")
                    .key("dns-tunnel.min-label-entropy", "dnsMinLabelEntropy", DOUBLE, SignatureConfig::dnsMinLabelEntropy,
                            SignatureConfig.Builder::dnsMinLabelEntropy, "Bits of entropy per byte of a long label that mark encoded data")
                    .key("dns-tunnel.long-name", "dnsLongName", INT, SignatureConfig::dnsLongName, SignatureConfig.Builder::dnsLongName,
                            "Query names at least this long are suspicious")
                    .key("dns-tunnel.long-txt-name", "dnsLongTxtName", INT, SignatureConfig::dnsLongTxtName,
                            SignatureConfig.Builder::dnsLongTxtName, "TXT queries with names at least this long are suspicious")
                    .key("dns-tunnel.data-label", "dnsDataLabel", INT, SignatureConfig::dnsDataLabel, SignatureConfig.Builder::dnsDataLabel,
                            "Labels this long are tunnel data, left out of the reported base domain")
                    .key("dns-tunnel.suspicious-queries", "dnsSuspiciousQueries", INT, SignatureConfig::dnsSuspiciousQueries,
                            SignatureConfig.Builder::dnsSuspiciousQueries, "Suspicious queries under one base domain that make a DNS tunnel")
                    .key("dns-tunnel.strong-reasons", "dnsStrongReasons", INT, SignatureConfig::dnsStrongReasons,
                            SignatureConfig.Builder::dnsStrongReasons, "Strong reasons (type, encoding, entropy) in one query that make a DNS tunnel")
                    .key("dns-tunnel.ordinary-queries", "dnsOrdinaryQueries", INT, SignatureConfig::dnsOrdinaryQueries,
                            SignatureConfig.Builder::dnsOrdinaryQueries,
                            "Ordinary queries before any suspicious one that rule a flow out of the per-flow DNS-tunnel hint")
                    .key("icmp-tunnel.min-payload", "icmpMinPayload", INT, SignatureConfig::icmpMinPayload,
                            SignatureConfig.Builder::icmpMinPayload, "ICMP echo payloads shorter than this never count as tunnel data")
                    .key("icmp-tunnel.irregular-echoes", "icmpIrregularEchoes", INT, SignatureConfig::icmpIrregularEchoes,
                            SignatureConfig.Builder::icmpIrregularEchoes, "Varied, unpatterned echo payloads that make an ICMP tunnel")
                    .key("icmp-tunnel.regular-echoes", "icmpRegularEchoes", INT, SignatureConfig::icmpRegularEchoes,
                            SignatureConfig.Builder::icmpRegularEchoes, "Patterned echoes that clear an ICMP flow when none was irregular")
                    .key("obfuscated-proxy.min-payload", "obfuscatedMinPayload", INT, SignatureConfig::obfuscatedMinPayload,
                            SignatureConfig.Builder::obfuscatedMinPayload, "Shortest first payload judged as an obfuscated-proxy opening")
                    .key("obfuscated-proxy.min-follow-up", "obfuscatedMinFollowUp", INT, SignatureConfig::obfuscatedMinFollowUp,
                            SignatureConfig.Builder::obfuscatedMinFollowUp, "Shortest server answer judged for randomness")
                    .key("obfuscated-proxy.sample", "obfuscatedSample", INT, SignatureConfig::obfuscatedSample,
                            SignatureConfig.Builder::obfuscatedSample, "Bytes of a payload examined for randomness")
                    .key("obfuscated-proxy.min-distinct-ratio", "obfuscatedMinDistinctRatio", DOUBLE,
                            SignatureConfig::obfuscatedMinDistinctRatio, SignatureConfig.Builder::obfuscatedMinDistinctRatio,
                            "Share of random data's distinct byte values a payload must reach")
                    .key("tls-tunnel.min-upload-bytes", "tlsTunnelMinUploadBytes", BYTES, SignatureConfig::tlsTunnelMinUploadBytes,
                            SignatureConfig.Builder::tlsTunnelMinUploadBytes,
                            "Bytes a client must send over a flow, and more than the server, before a ClientHello without ALPN names it a tunnel");

    private static final Section<PortActivityDetector.Config.Builder, PortActivityDetector.Config> PORT_ACTIVITY =
            new Section<PortActivityDetector.Config.Builder, PortActivityDetector.Config>("detectors.port-activity",
                    PortActivityDetector.Config.defaults(), PortActivityDetector.Config.Builder::build)
                    .key("window", DURATION, PortActivityDetector.Config::window, PortActivityDetector.Config.Builder::window,
                            "P2P_PORT_ACTIVITY: event-time window per host")
                    .key("min-flows", INT, PortActivityDetector.Config::minFlows, PortActivityDetector.Config.Builder::minFlows,
                            "P2P_PORT_ACTIVITY: flows on P2P-table ports per host and window before it fires; a Zeek conn.log connection counts once (its two direction records are one connection), a NetFlow connection with a reply is exported as two records and counts twice")
                    .key("confidence", DOUBLE, PortActivityDetector.Config::confidence, PortActivityDetector.Config.Builder::confidence,
                            "P2P_PORT_ACTIVITY: confidence reported (port evidence alone is circumstantial)")
                    .key("severity", ValueType.enumOf(Severity.class), PortActivityDetector.Config::severity,
                            PortActivityDetector.Config.Builder::severity, "P2P_PORT_ACTIVITY: severity reported")
                    .key("max-tracked-peers", INT, PortActivityDetector.Config::maxTrackedPeers,
                            PortActivityDetector.Config.Builder::maxTrackedPeers, "P2P_PORT_ACTIVITY: distinct peers remembered per host and window");

    private static final Section<P2pBehaviourConfig.Builder, P2pBehaviourConfig> P2P_BEHAVIOUR =
            new Section<P2pBehaviourConfig.Builder, P2pBehaviourConfig>("detectors.p2p-behaviour", P2pBehaviourConfig.defaults(),
                    P2pBehaviourConfig.Builder::build)
                    .key("window", DURATION, P2pBehaviourConfig::window, P2pBehaviourConfig.Builder::window,
                            "P2P_BEHAVIOUR: event-time window per host")
                    .key("high-port-limit", INT, P2pBehaviourConfig::highPortLimit, P2pBehaviourConfig.Builder::highPortLimit,
                            "Ports below this are service ports and give no peer-to-peer evidence")
                    .key("excluded-ports", PORTS, P2pBehaviourConfig::excludedPorts, P2pBehaviourConfig.Builder::excludedPorts,
                            "Ports whose traffic every behaviour heuristic ignores (DNS, VPNs, VoIP, games, ...)")
                    .key("min-tcp-udp-peers", INT, P2pBehaviourConfig::minTcpUdpPeers, P2pBehaviourConfig.Builder::minTcpUdpPeers,
                            "Heuristic (i): peers reached over both TCP and UDP")
                    .key("tcp-udp-weight", DOUBLE, P2pBehaviourConfig::tcpUdpWeight, P2pBehaviourConfig.Builder::tcpUdpWeight,
                            "Heuristic (i): score it adds")
                    .key("min-endpoint-peers", INT, P2pBehaviourConfig::minEndpointPeers, P2pBehaviourConfig.Builder::minEndpointPeers,
                            "Heuristic (ii): peer addresses at one endpoint of the host")
                    .key("endpoint-port-slack", DOUBLE, P2pBehaviourConfig::endpointPortSlack,
                            P2pBehaviourConfig.Builder::endpointPortSlack, "Heuristic (ii): peer ports may exceed peer addresses by this share")
                    .key("endpoint-weight", DOUBLE, P2pBehaviourConfig::endpointWeight, P2pBehaviourConfig.Builder::endpointWeight,
                            "Heuristic (ii): score it adds")
                    .key("min-high-port-peers", INT, P2pBehaviourConfig::minHighPortPeers, P2pBehaviourConfig.Builder::minHighPortPeers,
                            "Heuristic (iii): distinct peers on high ports")
                    .key("high-port-weight", DOUBLE, P2pBehaviourConfig::highPortWeight, P2pBehaviourConfig.Builder::highPortWeight,
                            "Heuristic (iii): score it adds")
                    .key("min-long-flow", DURATION, P2pBehaviourConfig::minLongFlow, P2pBehaviourConfig.Builder::minLongFlow,
                            "Heuristic (iv): shortest connection counted as long")
                    .key("min-long-flow-bytes", BYTES, P2pBehaviourConfig::minLongFlowBytes, P2pBehaviourConfig.Builder::minLongFlowBytes,
                            "Heuristic (iv): bytes each way a long connection needs")
                    .key("max-byte-ratio", DOUBLE, P2pBehaviourConfig::maxByteRatio, P2pBehaviourConfig.Builder::maxByteRatio,
                            "Heuristic (iv): larger/smaller byte count of a symmetric connection, at most")
                    .key("min-long-symmetric-flows", INT, P2pBehaviourConfig::minLongSymmetricFlows,
                            P2pBehaviourConfig.Builder::minLongSymmetricFlows, "Heuristic (iv): long symmetric connections")
                    .key("long-symmetric-weight", DOUBLE, P2pBehaviourConfig::longSymmetricWeight,
                            P2pBehaviourConfig.Builder::longSymmetricWeight, "Heuristic (iv): score it adds")
                    .key("min-score", DOUBLE, P2pBehaviourConfig::minScore, P2pBehaviourConfig.Builder::minScore,
                            "Score at which a host is reported")
                    .key("confidence-per-point", DOUBLE, P2pBehaviourConfig::confidencePerPoint,
                            P2pBehaviourConfig.Builder::confidencePerPoint, "Confidence reported per score point")
                    .key("max-confidence", DOUBLE, P2pBehaviourConfig::maxConfidence, P2pBehaviourConfig.Builder::maxConfidence,
                            "Confidence ceiling: behaviour without payload is never certain")
                    .key("severity", ValueType.enumOf(Severity.class), P2pBehaviourConfig::severity, P2pBehaviourConfig.Builder::severity,
                            "P2P_BEHAVIOUR: severity reported")
                    .key("max-tracked-peers", INT, P2pBehaviourConfig::maxTrackedPeers, P2pBehaviourConfig.Builder::maxTrackedPeers,
                            "Peers remembered per host and window")
                    .key("max-tracked-endpoints", INT, P2pBehaviourConfig::maxTrackedEndpoints,
                            P2pBehaviourConfig.Builder::maxTrackedEndpoints, "Host endpoints (protocol, port) remembered per window")
                    .key("max-endpoint-peers", INT, P2pBehaviourConfig::maxEndpointPeers, P2pBehaviourConfig.Builder::maxEndpointPeers,
                            "Peer addresses and ports remembered per endpoint")
                    .key("max-tracked-connections", INT, P2pBehaviourConfig::maxTrackedConnections,
                            P2pBehaviourConfig.Builder::maxTrackedConnections, "Connections remembered per host and window");

    private static final Section<InternalScanConfig.Builder, InternalScanConfig> INTERNAL_SCAN =
            new Section<InternalScanConfig.Builder, InternalScanConfig>("detectors.internal-scan", InternalScanConfig.defaults(),
                    InternalScanConfig.Builder::build)
                    .key("window", DURATION, InternalScanConfig::window, InternalScanConfig.Builder::window,
                            "INTERNAL_SCAN: event-time window per host")
                    .key("min-sweep-peers", INT, InternalScanConfig::minSweepPeers, InternalScanConfig.Builder::minSweepPeers,
                            "Distinct internal peers probed on one port (a sweep)")
                    .key("min-vertical-ports", INT, InternalScanConfig::minVerticalPorts, InternalScanConfig.Builder::minVerticalPorts,
                            "Distinct ports probed on one internal peer (a vertical scan)")
                    .key("min-failed-ratio", DOUBLE, InternalScanConfig::minFailedRatio, InternalScanConfig.Builder::minFailedRatio,
                            "Share of failed attempts required besides the counts (0: counts alone)")
                    .key("single-packet-failure", BOOLEAN, InternalScanConfig::singlePacketFailure,
                            InternalScanConfig.Builder::singlePacketFailure, "Whether a one-packet attempt with unknown outcome counts as failed")
                    .key("base-confidence", DOUBLE, InternalScanConfig::baseConfidence, InternalScanConfig.Builder::baseConfidence,
                            "Confidence when the counts are reached")
                    .key("failed-ratio-weight", DOUBLE, InternalScanConfig::failedRatioWeight,
                            InternalScanConfig.Builder::failedRatioWeight, "Confidence added times the failed ratio")
                    .key("severity", ValueType.enumOf(Severity.class), InternalScanConfig::severity, InternalScanConfig.Builder::severity,
                            "Severity of a sweep or a vertical scan")
                    .key("both-severity", ValueType.enumOf(Severity.class), InternalScanConfig::bothSeverity,
                            InternalScanConfig.Builder::bothSeverity, "Severity when a host sweeps and scans vertically in one window")
                    .key("max-tracked-ports", INT, InternalScanConfig::maxTrackedPorts, InternalScanConfig.Builder::maxTrackedPorts,
                            "Probed (protocol, port) pairs remembered per host and window")
                    .key("max-peers-per-port", INT, InternalScanConfig::maxPeersPerPort, InternalScanConfig.Builder::maxPeersPerPort,
                            "Peers remembered per probed port")
                    .key("max-tracked-peers", INT, InternalScanConfig::maxTrackedPeers, InternalScanConfig.Builder::maxTrackedPeers,
                            "Probed peers remembered per host and window")
                    .key("max-ports-per-peer", INT, InternalScanConfig::maxPortsPerPeer, InternalScanConfig.Builder::maxPortsPerPeer,
                            "Ports remembered per probed peer");

    private static final Section<DnsTunnelConfig.Builder, DnsTunnelConfig> DNS_TUNNEL =
            new Section<DnsTunnelConfig.Builder, DnsTunnelConfig>("detectors.dns-tunnel", DnsTunnelConfig.defaults(),
                    DnsTunnelConfig.Builder::build)
                    .key("window", DURATION, DnsTunnelConfig::window, DnsTunnelConfig.Builder::window,
                            "DNS_TUNNEL: event-time window per (host, registered domain)")
                    .key("min-distinct-names", INT, DnsTunnelConfig::minDistinctNames, DnsTunnelConfig.Builder::minDistinctNames,
                            "Distinct question names under the domain, at least")
                    .key("min-label-bytes", INT, DnsTunnelConfig::minLabelBytes, DnsTunnelConfig.Builder::minLabelBytes,
                            "Bytes in the chosen labels (name less registered domain) of the distinct names, at least")
                    .key("min-encoded-prefix", INT, DnsTunnelConfig::minEncodedPrefix, DnsTunnelConfig.Builder::minEncodedPrefix,
                            "Chosen labels this long are judged for encoding")
                    .key("min-prefix-entropy", DOUBLE, DnsTunnelConfig::minPrefixEntropy, DnsTunnelConfig.Builder::minPrefixEntropy,
                            "Bits of entropy per character that mark chosen labels as encoded data")
                    .key("min-encoded-share", DOUBLE, DnsTunnelConfig::minEncodedShare, DnsTunnelConfig.Builder::minEncodedShare,
                            "Share of the distinct names that must look encoded")
                    .key("min-unusual-type-share", DOUBLE, DnsTunnelConfig::minUnusualTypeShare,
                            DnsTunnelConfig.Builder::minUnusualTypeShare,
                            "Share of TXT/NULL/CNAME/MX/SRV/KEY/private-type queries that is a reason (with large answers an alternative to encoding)")
                    .key("min-mean-answer-bytes", INT, DnsTunnelConfig::minMeanAnswerBytes, DnsTunnelConfig.Builder::minMeanAnswerBytes,
                            "Mean response size that is a reason")
                    .key("min-query-rate", DOUBLE, DnsTunnelConfig::minQueryRate, DnsTunnelConfig.Builder::minQueryRate,
                            "Queries per second to the domain that is a reason")
                    .key("min-nxdomain-share", DOUBLE, DnsTunnelConfig::minNxdomainShare, DnsTunnelConfig.Builder::minNxdomainShare,
                            "Share of NXDOMAIN answers that is a reason")
                    .key("base-confidence", DOUBLE, DnsTunnelConfig::baseConfidence, DnsTunnelConfig.Builder::baseConfidence,
                            "Confidence when the required conditions hold")
                    .key("confidence-per-reason", DOUBLE, DnsTunnelConfig::confidencePerReason,
                            DnsTunnelConfig.Builder::confidencePerReason, "Confidence added per supporting reason")
                    .key("severity", ValueType.enumOf(Severity.class), DnsTunnelConfig::severity, DnsTunnelConfig.Builder::severity,
                            "Severity of a DNS tunnel")
                    .key("allowed-domains", STRING_SET, DnsTunnelConfig::allowedDomains, DnsTunnelConfig.Builder::allowedDomains,
                            "Registered domains never judged (e.g. a reputation service that queries by hash)")
                    .key("max-tracked-names", INT, DnsTunnelConfig::maxTrackedNames, DnsTunnelConfig.Builder::maxTrackedNames,
                            "Distinct names remembered per (host, domain) and window");

    private static final Section<IcmpTunnelConfig.Builder, IcmpTunnelConfig> ICMP_TUNNEL =
            new Section<IcmpTunnelConfig.Builder, IcmpTunnelConfig>("detectors.icmp-tunnel", IcmpTunnelConfig.defaults(),
                    IcmpTunnelConfig.Builder::build)
                    .key("window", DURATION, IcmpTunnelConfig::window, IcmpTunnelConfig.Builder::window,
                            "ICMP_TUNNEL: event-time window per host pair")
                    .key("min-payload", INT, IcmpTunnelConfig::minPayload, IcmpTunnelConfig.Builder::minPayload,
                            "Echo payloads shorter than this are not judged")
                    .key("min-unpatterned", INT, IcmpTunnelConfig::minUnpatterned, IcmpTunnelConfig.Builder::minUnpatterned,
                            "Judged payloads without a ping fill pattern, at least")
                    .key("min-unpatterned-share", DOUBLE, IcmpTunnelConfig::minUnpatternedShare,
                            IcmpTunnelConfig.Builder::minUnpatternedShare, "Share of judged payloads without a fill pattern, at least")
                    .key("min-bytes", BYTES, IcmpTunnelConfig::minBytes, IcmpTunnelConfig.Builder::minBytes,
                            "Echo payload bytes of the pair in the window, at least")
                    .key("min-random-distinct-ratio", DOUBLE, IcmpTunnelConfig::minRandomDistinctRatio,
                            IcmpTunnelConfig.Builder::minRandomDistinctRatio,
                            "Share of random data's distinct byte values from which a payload looks random (a reason)")
                    .key("min-size-spread", INT, IcmpTunnelConfig::minSizeSpread, IcmpTunnelConfig.Builder::minSizeSpread,
                            "Distinct payload sizes that is a reason")
                    .key("max-mirrored-share", DOUBLE, IcmpTunnelConfig::maxMirroredShare, IcmpTunnelConfig.Builder::maxMirroredShare,
                            "Share of replies mirroring a request at most, for the asymmetry reason")
                    .key("base-confidence", DOUBLE, IcmpTunnelConfig::baseConfidence, IcmpTunnelConfig.Builder::baseConfidence,
                            "Confidence when the required conditions hold")
                    .key("confidence-per-reason", DOUBLE, IcmpTunnelConfig::confidencePerReason,
                            IcmpTunnelConfig.Builder::confidencePerReason, "Confidence added per supporting reason")
                    .key("severity", ValueType.enumOf(Severity.class), IcmpTunnelConfig::severity, IcmpTunnelConfig.Builder::severity,
                            "Severity of an ICMP tunnel")
                    .key("max-tracked-requests", INT, IcmpTunnelConfig::maxTrackedRequests, IcmpTunnelConfig.Builder::maxTrackedRequests,
                            "Request payload hashes remembered per pair and window");

    private static final Section<P2pCorroborationConfig.Builder, P2pCorroborationConfig> P2P_CORROBORATION =
            new Section<P2pCorroborationConfig.Builder, P2pCorroborationConfig>("detectors.p2p-corroboration",
                    P2pCorroborationConfig.defaults(), P2pCorroborationConfig.Builder::build)
                    .key("window", DURATION, P2pCorroborationConfig::window, P2pCorroborationConfig.Builder::window,
                            "Encrypted P2P: event-time window per host in which suspect connections need corroboration")
                    .key("min-fan-out-peers", INT, P2pCorroborationConfig::minFanOutPeers,
                            P2pCorroborationConfig.Builder::minFanOutPeers,
                            "Distinct peers on high ports of suspect connections that corroborate them without other evidence")
                    .key("high-port-limit", INT, P2pCorroborationConfig::highPortLimit, P2pCorroborationConfig.Builder::highPortLimit,
                            "Ports from this number up are high (no well-known service)")
                    .key("payload-confidence", DOUBLE, P2pCorroborationConfig::payloadConfidence,
                            P2pCorroborationConfig.Builder::payloadConfidence, "Confidence when corroborated by payload evidence")
                    .key("fan-out-confidence", DOUBLE, P2pCorroborationConfig::fanOutConfidence,
                            P2pCorroborationConfig.Builder::fanOutConfidence, "Confidence when corroborated by fan-out alone")
                    .key("suspicion-confidence", DOUBLE, P2pCorroborationConfig::suspicionConfidence,
                            P2pCorroborationConfig.Builder::suspicionConfidence, "Confidence shown for an uncorroborated suspicion")
                    .key("severity", ValueType.enumOf(Severity.class), P2pCorroborationConfig::severity,
                            P2pCorroborationConfig.Builder::severity, "Severity of corroborated encrypted P2P")
                    .key("max-tracked-peers", INT, P2pCorroborationConfig::maxTrackedPeers,
                            P2pCorroborationConfig.Builder::maxTrackedPeers, "Peers remembered per host, protocol and window");

    private static final Section<TunnelConfig.Builder, TunnelConfig> HTTP_TUNNEL =
            new Section<TunnelConfig.Builder, TunnelConfig>("detectors.http-tunnel", TunnelConfig.defaults(), TunnelConfig.Builder::build)
                    .key("window", DURATION, TunnelConfig::window, TunnelConfig.Builder::window,
                            "HTTP_TUNNEL shapes: event-time window per (user or address, destination)")
                    .key("allowed-connect-ports", PORTS, TunnelConfig::allowedConnectPorts, TunnelConfig.Builder::allowedConnectPorts,
                            "CONNECT ports that are not NONSTANDARD_CONNECT")
                    .key("long-connect", DURATION, TunnelConfig::longConnect, TunnelConfig.Builder::longConnect,
                            "A CONNECT on an allowed port at least this long is reported")
                    .key("large-connect-bytes", BYTES, TunnelConfig::largeConnectBytes, TunnelConfig.Builder::largeConnectBytes,
                            "A CONNECT on an allowed port moving at least this much is reported")
                    .key("min-requests", INT, TunnelConfig::minRequests, TunnelConfig.Builder::minRequests,
                            "Requests of one polling series, or POSTs of a POST stream, before a shape counts")
                    .key("max-poll-interval", DURATION, TunnelConfig::maxPollInterval, TunnelConfig.Builder::maxPollInterval,
                            "The median gap between polls must not exceed this")
                    .key("max-interval-cv", DOUBLE, TunnelConfig::maxIntervalCv, TunnelConfig.Builder::maxIntervalCv,
                            "Coefficient of variation of the poll gaps, at most")
                    .key("idle-gap-fraction", DOUBLE, TunnelConfig::idleGapFraction, TunnelConfig.Builder::idleGapFraction,
                            "Share of the longest gaps dropped before the CV (a tunnel's idle pauses)")
                    .key("min-opaque-post-share", DOUBLE, TunnelConfig::minOpaquePostShare, TunnelConfig.Builder::minOpaquePostShare,
                            "Share of POSTs to one destination that must carry opaque bodies")
                    .key("opaque-content-types", STRING_SET, TunnelConfig::opaqueContentTypes, TunnelConfig.Builder::opaqueContentTypes,
                            "Media types that count as opaque POST bodies")
                    .key("httptunnel-min-requests", INT, TunnelConfig::httptunnelMinRequests, TunnelConfig.Builder::httptunnelMinRequests,
                            "POSTs and GETs of GNU httptunnel's /index.html? pattern, each")
                    .key("socks-min-requests", INT, TunnelConfig::socksMinRequests, TunnelConfig.Builder::socksMinRequests,
                            "reGeorg-style cmd= requests, with at least one cmd=connect")
                    .key("max-tracked-series", INT, TunnelConfig::maxTrackedSeries, TunnelConfig.Builder::maxTrackedSeries,
                            "Distinct (method, path) series remembered per window")
                    .key("max-timestamps-per-series", INT, TunnelConfig::maxTimestampsPerSeries,
                            TunnelConfig.Builder::maxTimestampsPerSeries, "Request times remembered per series");

    private static final Section<DecoderConfig.Builder, DecoderConfig> NETFLOW_DECODER =
            new Section<DecoderConfig.Builder, DecoderConfig>("netflow.decoder", DecoderConfig.defaults(), DecoderConfig.Builder::build)
                    .key("template-timeout", DURATION, DecoderConfig::templateTimeout, DecoderConfig.Builder::templateTimeout,
                            "A NetFlow v9/IPFIX template not refreshed for this long is forgotten")
                    .key("pending-timeout", DURATION, DecoderConfig::pendingTimeout, DecoderConfig.Builder::pendingTimeout,
                            "How long a data set waits for its template before it is reported as missing one")
                    .key("max-pending-sets", INT, DecoderConfig::maxPendingSets, DecoderConfig.Builder::maxPendingSets,
                            "Data sets held while waiting for templates, over all exporters")
                    .key("max-pending-bytes", INT, DecoderConfig::maxPendingBytes, DecoderConfig.Builder::maxPendingBytes,
                            "Bytes of data sets held while waiting for templates, over all exporters")
                    .key("max-templates", INT, DecoderConfig::maxTemplates, DecoderConfig.Builder::maxTemplates,
                            "Templates held over all exporters")
                    .key("max-templates-per-domain", INT, DecoderConfig::maxTemplatesPerDomain,
                            DecoderConfig.Builder::maxTemplatesPerDomain, "Templates held per exporter and observation domain")
                    .key("max-domains", INT, DecoderConfig::maxDomains, DecoderConfig.Builder::maxDomains,
                            "Exporter and observation-domain states held")
                    .key("max-template-fields", INT, DecoderConfig::maxTemplateFields, DecoderConfig.Builder::maxTemplateFields,
                            "Fields a template may declare; more is treated as malformed")
                    .key("max-samplers", INT, DecoderConfig::maxSamplers, DecoderConfig.Builder::maxSamplers,
                            "Sampler ids remembered per exporter and observation domain");

    private static final Section<FragmentConfig.Builder, FragmentConfig> FRAGMENTS =
            new Section<FragmentConfig.Builder, FragmentConfig>("packets.fragments", FragmentConfig.defaults(),
                    FragmentConfig.Builder::build)
                    .key("max-fragments-per-datagram", INT, FragmentConfig::maxFragmentsPerDatagram,
                            FragmentConfig.Builder::maxFragmentsPerDatagram,
                            "IP fragments one datagram may arrive in; one more drops the datagram")
                    .key("max-datagram-bytes", INT, FragmentConfig::maxDatagramBytes, FragmentConfig.Builder::maxDatagramBytes,
                            "Largest reassembled IP datagram (payload bytes); a fragment past it drops the datagram")
                    .key("max-datagrams", INT, FragmentConfig::maxDatagrams, FragmentConfig.Builder::maxDatagrams,
                            "IP datagrams in reassembly at once; when full, the oldest is dropped")
                    .key("max-held-bytes", INT, FragmentConfig::maxHeldBytes, FragmentConfig.Builder::maxHeldBytes,
                            "Fragment bytes held over all datagrams in reassembly; when over, the oldest are dropped")
                    .key("timeout", DURATION, FragmentConfig::timeout, FragmentConfig.Builder::timeout,
                            "A datagram not whole this long (capture time) after its first fragment is dropped");

    private static final Section<RecordLimits.Builder, RecordLimits> RECORDS =
            new Section<RecordLimits.Builder, RecordLimits>("records", RecordLimits.defaults(), RecordLimits.Builder::build)
                    .key("max-plausible-counter", BYTES, RecordLimits::maxPlausibleCounter,
                            RecordLimits.Builder::maxPlausibleCounter,
                            "Largest byte or packet count one input record may carry (a NetFlow record, a Zeek or nfdump line, "
                                    + "a proxy reply size); a larger one makes the record a dead letter. One value per JVM: "
                                    + "records check themselves as they are made");

    private static final Section<Tariff.Builder, Tariff> TARIFF =
            new Section<Tariff.Builder, Tariff>("tariff", Tariff.defaults(), Tariff.Builder::build)
                    .key("currency", STRING, Tariff::currency, Tariff.Builder::currency, "ISO 4217 currency of the tariff")
                    .key("price-per-mb", DOUBLE, Tariff::pricePerMb, Tariff.Builder::pricePerMb,
                            "Price per MB (10^6 bytes) over the free allowance")
                    .key("free-mb", DOUBLE, Tariff::freeMb, Tariff.Builder::freeMb,
                            "MB free per billing month before the price applies (the site's allowance)")
                    .key("billing-day", INT, Tariff::billingDay, Tariff.Builder::billingDay,
                            "Day of the month (1-28) on which a billing month starts")
                    .key("zone", STRING, Tariff::zone, Tariff.Builder::zone, "Time zone of the billing calendar (e.g. UTC, Australia/Sydney)");

    private static final Section<BaselineConfig.Builder, BaselineConfig> VOLUME_BASELINE =
            new Section<BaselineConfig.Builder, BaselineConfig>("volume.baseline", BaselineConfig.defaults(), BaselineConfig.Builder::build)
                    .key("window", DURATION, BaselineConfig::window, BaselineConfig.Builder::window,
                            "Event-time window of per-host and site volume, baselines and the link (must divide 1d)")
                    .key("level-alpha", DOUBLE, BaselineConfig::levelAlpha, BaselineConfig.Builder::levelAlpha,
                            "EWMA smoothing of a baseline's level per window (0-1, larger follows faster)")
                    .key("profile-alpha", DOUBLE, BaselineConfig::profileAlpha, BaselineConfig.Builder::profileAlpha,
                            "EWMA smoothing of a baseline's hour-of-day profile per window of that hour")
                    .key("day-alpha", DOUBLE, BaselineConfig::dayAlpha, BaselineConfig.Builder::dayAlpha,
                            "EWMA smoothing of a baseline's day-of-week factor per window of that day")
                    .key("warm-up", DURATION, BaselineConfig::warmUp, BaselineConfig.Builder::warmUp,
                            "Event time a baseline learns before BANDWIDTH_SPIKE may fire for its subject")
                    .key("spike-factor", DOUBLE, BaselineConfig::spikeFactor, BaselineConfig.Builder::spikeFactor,
                            "BANDWIDTH_SPIKE: a window above this multiple of the expected bytes")
                    .key("host-min-spike", "hostMinSpikeBytes", BYTES, BaselineConfig::hostMinSpikeBytes,
                            BaselineConfig.Builder::hostMinSpikeBytes, "BANDWIDTH_SPIKE: least bytes in a host's, address's or user's window")
                    .key("site-min-spike", "siteMinSpikeBytes", BYTES, BaselineConfig::siteMinSpikeBytes,
                            BaselineConfig.Builder::siteMinSpikeBytes, "BANDWIDTH_SPIKE: least bytes in the site's window")
                    .key("top-entries", INT, BaselineConfig::topEntries, BaselineConfig.Builder::topEntries,
                            "Services, peers and hosts remembered per volume window")
                    .key("evidence-entries", INT, BaselineConfig::evidenceEntries, BaselineConfig.Builder::evidenceEntries,
                            "Services and destinations named in BANDWIDTH_SPIKE evidence")
                    .key("zone", STRING, BaselineConfig::zone, BaselineConfig.Builder::zone,
                            "The site's time zone: hours of the day and days of the week of the baselines");

    private static final Section<LinkConfig.Builder, LinkConfig> LINK =
            new Section<LinkConfig.Builder, LinkConfig>("volume.link", LinkConfig.defaults(), LinkConfig.Builder::build)
                    .key("capacity-in", "capacityInBitsPerSecond", BITRATE, LinkConfig::capacityInBitsPerSecond,
                            LinkConfig.Builder::capacityInBitsPerSecond, "Capacity of the site's link towards it (0: not watched)")
                    .key("capacity-out", "capacityOutBitsPerSecond", BITRATE, LinkConfig::capacityOutBitsPerSecond,
                            LinkConfig.Builder::capacityOutBitsPerSecond, "Capacity of the site's link from it (0: not watched)")
                    .key("utilisation", DOUBLE, LinkConfig::utilisation, LinkConfig.Builder::utilisation,
                            "LINK_SATURATION_RISK: a window at or above this share of a capacity")
                    .key("forecast-horizon", DURATION, LinkConfig::forecastHorizon, LinkConfig.Builder::forecastHorizon,
                            "LINK_SATURATION_RISK: the trend reaches the capacity within this time")
                    .key("min-forecast-utilisation", DOUBLE, LinkConfig::minForecastUtilisation,
                            LinkConfig.Builder::minForecastUtilisation, "A forecast counts from this share of the capacity up")
                    .key("trend-windows", INT, LinkConfig::trendWindows, LinkConfig.Builder::trendWindows,
                            "Windows of the least-squares utilisation trend")
                    .key("p2p-user-min", "p2pUserMinBytes", BYTES, LinkConfig::p2pUserMinBytes, LinkConfig.Builder::p2pUserMinBytes,
                            "Bytes on P2P-table ports in a window that make a host a P2P user of it")
                    .key("per-user-rate", "perUserBytesPerSecond", BYTES, LinkConfig::perUserBytesPerSecond,
                            LinkConfig.Builder::perUserBytesPerSecond, "Bytes per second of one active P2P user (the paper: 20KB)")
                    .key("evidence-hosts", INT, LinkConfig::evidenceHosts, LinkConfig.Builder::evidenceHosts,
                            "Contributing hosts named in LINK_SATURATION_RISK evidence");

    private static final Section<VolumeConfig.Builder, VolumeConfig> VOLUME =
            new Section<VolumeConfig.Builder, VolumeConfig>("volume", VolumeConfig.defaults(), VolumeConfig.Builder::build)
                    .key("hour-quota", "hourQuotaBytes", BYTES, VolumeConfig::hourQuotaBytes, VolumeConfig.Builder::hourQuotaBytes,
                            "VOLUME_QUOTA: bytes per user or address in a sliding hour")
                    .key("day-quota", "dayQuotaBytes", BYTES, VolumeConfig::dayQuotaBytes, VolumeConfig.Builder::dayQuotaBytes,
                            "VOLUME_QUOTA: bytes per user or address in a sliding day")
                    .key("hour-bucket", DURATION, VolumeConfig::hourBucket, VolumeConfig.Builder::hourBucket,
                            "Step by which the sliding hour moves (must divide 1h)")
                    .key("day-bucket", DURATION, VolumeConfig::dayBucket, VolumeConfig.Builder::dayBucket,
                            "Step by which the sliding day moves (must divide 1d)");

    private static final Section<NoticePolicy.Builder, NoticePolicy> NOTICE =
            new Section<NoticePolicy.Builder, NoticePolicy>("notice", NoticePolicy.defaults(), NoticePolicy.Builder::build)
                    .key("suppress-for.default", "defaultInterval", DURATION, NoticePolicy::defaultInterval,
                            NoticePolicy.Builder::defaultInterval,
                            "One alert per (host, type, identifier) per this interval, for types without their own")
                    .key("ssh-on-standard-port", "alertSshOnStandardPort", BOOLEAN, NoticePolicy::alertSshOnStandardPort,
                            NoticePolicy.Builder::alertSshOnStandardPort,
                            "Alert ENCRYPTED_TUNNEL_SUSPECT for SSH on port 22 too (administration, scp); SSH on any "
                                    + "other port is alerted either way");

    /** Per-type suppression intervals ({@code notice.suppress-for.P2P_CLIENT: 10m}). */
    public static final ConfigMapKey<Duration> SUPPRESS_FOR_TYPE = ConfigMapKey.of("notice.suppress-for", DURATION,
            "Suppression interval of one alert type (" + Arrays.stream(AlertType.values()).map(Enum::name)
                    .collect(Collectors.joining(", ")) + "); others use notice.suppress-for.default",
            LibraryConfig::alertType, List.of(AlertType.P2P_CLIENT.name() + ": 10m", AlertType.VOLUME_QUOTA.name() + ": 1d"));

    /** Internal networks. */
    public static final ConfigKey<List<String>> INTERNAL_NETWORKS = ConfigKey.of("networks.internal", STRINGS,
            InternalNetworks.DEFAULT_BLOCKS, "CIDR blocks that are inside; a flow is attributed to its internal host");
    /** A site port table file. */
    public static final ConfigKey<String> PORT_TABLE = ConfigKey.of("files.port-table", PATH, "",
            "Port table file ('<application> <tcp|udp|tcp/udp> <ports>' lines) extending the built-in P2P table");
    /** A public suffix list file replacing the bundled one. */
    public static final ConfigKey<String> PUBLIC_SUFFIX_LIST = ConfigKey.of("files.public-suffix-list", PATH, "",
            "Public Suffix List file (publicsuffix.org format, e.g. /usr/share/publicsuffix/public_suffix_list.dat) "
                    + "naming registered domains for DNS_TUNNEL (none: the copy bundled with the library)");
    /** Whether the port table file replaces the built-in table. */
    public static final ConfigKey<Boolean> REPLACE_PORT_TABLE = ConfigKey.of("files.replace-port-table", BOOLEAN, false,
            "Use files.port-table instead of the built-in table, not in addition");
    /** Blacklist files. */
    public static final ConfigKey<List<String>> BLACKLISTS = ConfigKey.of("files.blacklists", PATHS, List.of(),
            "Hosts-file or domain-list files for BLACKLISTED_HOST, re-read when they change (none: rule off)");
    /** The watch-word file. */
    public static final ConfigKey<String> WATCH_LIST = ConfigKey.of("files.watch-list", PATH, "",
            "Watch-word file for CONFIDENTIAL_SEARCH (none: resume, cv, policy, confidential, decoy clock.avi)");
    /** The file type/size rule file. */
    public static final ConfigKey<String> FILE_RULES = ConfigKey.of("files.file-rules", PATH, "",
            "File type/size rules for LARGE_MEDIA_DOWNLOAD (none: mp3 over 3 MB, video and archives over 50 MB)");

    /** Every library key, family and flag. */
    public static final KeyTable KEYS = table();

    private static KeyTable table() {
        List<ConfigKey<?>> keys = new ArrayList<>();
        keys.add(INTERNAL_NETWORKS);
        keys.addAll(NOTICE.keys());
        keys.addAll(PORT_ACTIVITY.keys());
        keys.addAll(P2P_BEHAVIOUR.keys());
        keys.addAll(INTERNAL_SCAN.keys());
        keys.addAll(DNS_TUNNEL.keys());
        keys.addAll(ICMP_TUNNEL.keys());
        keys.addAll(P2P_CORROBORATION.keys());
        keys.addAll(HTTP_TUNNEL.keys());
        keys.addAll(VOLUME.keys());
        keys.addAll(TARIFF.keys());
        keys.addAll(VOLUME_BASELINE.keys());
        keys.addAll(LINK.keys());
        keys.addAll(List.of(PORT_TABLE, REPLACE_PORT_TABLE, PUBLIC_SUFFIX_LIST, BLACKLISTS, WATCH_LIST, FILE_RULES));
        keys.addAll(DETECTION.keys());
        keys.addAll(SIGNATURES.keys());
        keys.addAll(NETFLOW_DECODER.keys());
        keys.addAll(FRAGMENTS.keys());
        keys.addAll(RECORDS.keys());
        return KeyTable.of(keys, List.of(SUPPRESS_FOR_TYPE), flags());
    }

    private static List<Flag> flags() {
        Flag.Scope all = Flag.Scope.ALL;
        return List.of(
                Flag.alias("--window", key(PORT_ACTIVITY, "window"), Flag.Kind.VALUE, all, "DURATION", false),
                Flag.alias("--min-port-flows", key(PORT_ACTIVITY, "min-flows"), Flag.Kind.VALUE, all, "N", false),
                Flag.alias("--internal", INTERNAL_NETWORKS, Flag.Kind.VALUE, all, "CIDR[,CIDR...]", true),
                Flag.custom("--suppress-for", all, "[TYPE=]DURATION",
                        "Sets notice.suppress-for.default (one alert per host, type and identifier per this interval; default: "
                                + key(NOTICE, "suppress-for.default").defaultText() + "), or with TYPE= that type's own "
                                + "notice.suppress-for.TYPE; repeatable", LibraryConfig::suppressFor),
                Flag.alias("--port-table", PORT_TABLE, Flag.Kind.VALUE, all, "FILE", false),
                Flag.alias("--replace-port-table", REPLACE_PORT_TABLE, Flag.Kind.SWITCH, all, null, false),
                Flag.alias("--blacklist", BLACKLISTS, Flag.Kind.VALUE, all, "FILE[,FILE...]", true),
                Flag.alias("--watch-list", WATCH_LIST, Flag.Kind.VALUE, all, "FILE", false),
                Flag.alias("--file-rules", FILE_RULES, Flag.Kind.VALUE, all, "FILE", false),
                Flag.custom("--hour-quota-mb", all, "MB", "Sets volume.hour-quota in MB (10^6 bytes): VOLUME_QUOTA per user or "
                        + "address in a sliding hour (default: " + key(VOLUME, "hour-quota").defaultText() + ")",
                        mb -> megabytes("volume.hour-quota", mb)),
                Flag.custom("--day-quota-mb", all, "MB", "Sets volume.day-quota in MB (10^6 bytes): VOLUME_QUOTA per user or "
                        + "address in a sliding day (default: " + key(VOLUME, "day-quota").defaultText() + ")",
                        mb -> megabytes("volume.day-quota", mb)),
                Flag.custom("--tariff", all, "CUR:PRICE_PER_MB[:FREE_MB]", "Sets tariff.currency, tariff.price-per-mb and "
                        + "tariff.free-mb, e.g. AUD:0.12 or EUR:0.05:10000 (default: the paper's " + Tariff.DEFAULT_CURRENCY + " "
                        + Tariff.DEFAULT_PRICE_PER_MB + " per MB, " + ValueType.DOUBLE.format(Tariff.DEFAULT_FREE_MB) + " MB free)",
                        LibraryConfig::tariff),
                Flag.custom("--link", all, "IN[:OUT]", "Sets volume.link.capacity-in and -out, e.g. 10Mbit/s or 100Mbit/s:20Mbit/s "
                        + "(OUT defaults to IN): LINK_SATURATION_RISK against the site's link (default: not watched)",
                        LibraryConfig::link));
    }

    private static List<Flag.Assignment> link(String text) {
        String[] t = text.split(":");
        if (t.length < 1 || t.length > 2 || t[0].isBlank()) {
            throw new IllegalArgumentException("expected IN[:OUT], e.g. 10Mbit/s or 100Mbit/s:20Mbit/s, got '" + text + "'");
        }
        return List.of(new Flag.Assignment("volume.link.capacity-in", t[0]),
                new Flag.Assignment("volume.link.capacity-out", t.length == 2 ? t[1] : t[0]));
    }

    private static ConfigKey<?> key(Section<?, ?> s, String leaf) {
        return s.keys().stream().filter(k -> k.name().endsWith("." + leaf)).findFirst().orElseThrow();
    }

    private static String alertType(String suffix) {
        try {
            return AlertType.valueOf(suffix.toUpperCase(Locale.ROOT).replace('-', '_')).name();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no alert type '" + suffix + "' (types: "
                    + Arrays.stream(AlertType.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
        }
    }

    private static List<Flag.Assignment> suppressFor(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            return List.of(new Flag.Assignment("notice.suppress-for.default", text));
        }
        return List.of(new Flag.Assignment("notice.suppress-for." + text.substring(0, eq).trim(), text.substring(eq + 1)));
    }

    private static List<Flag.Assignment> megabytes(String key, String mb) {
        return List.of(new Flag.Assignment(key, mb.trim() + "MB"));
    }

    private static List<Flag.Assignment> tariff(String text) {
        String[] t = text.split(":");
        if (t.length < 2 || t.length > 3) {
            throw new IllegalArgumentException("expected CURRENCY:PRICE_PER_MB[:FREE_MB], got '" + text + "'");
        }
        return List.of(new Flag.Assignment("tariff.currency", t[0]), new Flag.Assignment("tariff.price-per-mb", t[1]),
                new Flag.Assignment("tariff.free-mb", t.length == 3 ? t[2] : ValueType.DOUBLE.format(Tariff.DEFAULT_FREE_MB)));
    }

    // --- the configuration ---

    private final Settings settings;
    private final DetectionConfig detection;
    private final SignatureConfig signatures;
    private final PortActivityDetector.Config portActivity;
    private final P2pBehaviourConfig p2pBehaviour;
    private final InternalScanConfig internalScan;
    private final TunnelConfig httpTunnel;
    private final DnsTunnelConfig dnsTunnel;
    private final IcmpTunnelConfig icmpTunnel;
    private final P2pCorroborationConfig p2pCorroboration;
    private final Tariff tariff;
    private final VolumeConfig volume;
    private final BaselineConfig baseline;
    private final LinkConfig link;
    private final NoticePolicy noticePolicy;
    private final InternalNetworks internalNetworks;
    private final DecoderConfig netflowDecoder;
    private final FragmentConfig fragments;
    private final RecordLimits records;

    private LibraryConfig(Settings s) {
        this.settings = s;
        detection = DETECTION.build(s, DetectionConfig.defaults()::toBuilder);
        signatures = SIGNATURES.build(s, SignatureConfig.defaults()::toBuilder);
        portActivity = PORT_ACTIVITY.build(s, PortActivityDetector.Config::builder);
        p2pBehaviour = P2P_BEHAVIOUR.build(s, P2pBehaviourConfig.defaults()::toBuilder);
        internalScan = INTERNAL_SCAN.build(s, InternalScanConfig.defaults()::toBuilder);
        httpTunnel = HTTP_TUNNEL.build(s, TunnelConfig.defaults()::toBuilder);
        dnsTunnel = DNS_TUNNEL.build(s, DnsTunnelConfig.defaults()::toBuilder);
        icmpTunnel = ICMP_TUNNEL.build(s, IcmpTunnelConfig.defaults()::toBuilder);
        p2pCorroboration = P2P_CORROBORATION.build(s, P2pCorroborationConfig.defaults()::toBuilder);
        tariff = TARIFF.build(s, Tariff::builder);
        volume = VOLUME.build(s, () -> VolumeConfig.builder().tariff(tariff));
        baseline = VOLUME_BASELINE.build(s, BaselineConfig::builder);
        link = LINK.build(s, LinkConfig::builder);
        noticePolicy = NOTICE.build(s, () -> perType(s));
        internalNetworks = internal(s);
        netflowDecoder = NETFLOW_DECODER.build(s, DecoderConfig.defaults()::toBuilder);
        fragments = FRAGMENTS.build(s, FragmentConfig.defaults()::toBuilder);
        records = RECORDS.build(s, RecordLimits.defaults()::toBuilder);
    }

    private static NoticePolicy.Builder perType(Settings s) {
        NoticePolicy.Builder b = NoticePolicy.builder();
        for (Map.Entry<String, Duration> e : s.entries(SUPPRESS_FOR_TYPE).entrySet()) {
            String key = SUPPRESS_FOR_TYPE.prefix() + "." + e.getKey();
            if (KEYS.key(key).isPresent()) {
                continue; // notice.suppress-for.default is a key of its own
            }
            try {
                b.interval(AlertType.valueOf(e.getKey()), e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new ConfigException(key, s.origin(key), bad.getMessage());
            }
        }
        return b;
    }

    private static InternalNetworks internal(Settings s) {
        try {
            return InternalNetworks.of(s.get(INTERNAL_NETWORKS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(INTERNAL_NETWORKS.name(), s.origin(INTERNAL_NETWORKS.name()), e.getMessage());
        }
    }

    /** {@return the library configuration with every key at its default} */
    public static LibraryConfig defaults() {
        return of(Settings.defaults());
    }

    /**
     * The library's records configured by {@code s}.
     *
     * @param s the settings (values checked against {@link #KEYS} by their builder)
     * @return the records
     * @throws ConfigException naming the key, its origin and the reason when a record rejects a value
     */
    public static LibraryConfig of(Settings s) {
        return new LibraryConfig(s);
    }

    /** {@return the settings these records were built from} */
    public Settings settings() {
        return settings;
    }

    /** {@return the engine and flow-table limits} */
    public DetectionConfig detection() {
        return detection;
    }

    /** {@return the signature thresholds} */
    public SignatureConfig signatures() {
        return signatures;
    }

    /** {@return the built-in signatures with {@link #signatures()}'s thresholds} */
    public SignatureRegistry signatureRegistry() {
        return SignatureRegistry.builtin(signatures);
    }

    /** {@return a signature engine over {@link #signatureRegistry()} with {@link #detection()}'s limits} */
    public SignatureEngine signatureEngine() {
        return new SignatureEngine(signatureRegistry(), detection);
    }

    /** {@return the P2P_PORT_ACTIVITY window and thresholds} */
    public PortActivityDetector.Config portActivity() {
        return portActivity;
    }

    /** {@return the DNS_TUNNEL window and thresholds (per host and registered domain)} */
    public DnsTunnelConfig dnsTunnel() {
        return dnsTunnel;
    }

    /** {@return the ICMP_TUNNEL window and thresholds (per host pair)} */
    public IcmpTunnelConfig icmpTunnel() {
        return icmpTunnel;
    }

    /** {@return the window and thresholds of encrypted P2P corroboration (per host)} */
    public P2pCorroborationConfig p2pCorroboration() {
        return p2pCorroboration;
    }

    /** {@return the public suffix list: {@code files.public-suffix-list}, else the bundled copy} */
    public io.peerwatch.dns.PublicSuffixList publicSuffixList() {
        Optional<Path> p = path(settings.get(PUBLIC_SUFFIX_LIST));
        return p.map(io.peerwatch.dns.PublicSuffixList::load).orElseGet(io.peerwatch.dns.PublicSuffixList::defaults);
    }

    /** {@return settings of {@code classify}'s per-host judgements, from this configuration} */
    public io.peerwatch.classify.Classifier.HostSettings hostSettings() {
        return new io.peerwatch.classify.Classifier.HostSettings(internalNetworks, publicSuffixList(), dnsTunnel, icmpTunnel,
                p2pCorroboration, noticePolicy);
    }

    /** {@return the P2P_BEHAVIOUR window and thresholds} */
    public P2pBehaviourConfig p2pBehaviour() {
        return p2pBehaviour;
    }

    /** {@return the INTERNAL_SCAN window and thresholds} */
    public InternalScanConfig internalScan() {
        return internalScan;
    }

    /** {@return the HTTP-tunnel window and thresholds (proxy logs)} */
    public TunnelConfig httpTunnel() {
        return httpTunnel;
    }

    /** {@return the cost tariff} */
    public Tariff tariff() {
        return tariff;
    }

    /** {@return the VOLUME_QUOTA quotas, buckets and tariff} */
    public VolumeConfig volume() {
        return volume;
    }

    /** {@return volume windows, learned baselines and BANDWIDTH_SPIKE thresholds} */
    public BaselineConfig baseline() {
        return baseline;
    }

    /** {@return the site's link and LINK_SATURATION_RISK thresholds} */
    public LinkConfig link() {
        return link;
    }

    /** {@return suppression intervals, per type where set} */
    public NoticePolicy noticePolicy() {
        return noticePolicy;
    }

    /** {@return the internal networks} */
    public InternalNetworks internalNetworks() {
        return internalNetworks;
    }

    /** {@return limits of the NetFlow v5/v9/IPFIX decoder (flow files of export datagrams)} */
    public DecoderConfig netflowDecoder() {
        return netflowDecoder;
    }

    /**
     * Limits every input record is held to ({@code records.*}). Not in force until
     * {@link RecordLimits#apply()} (the job's configuration does it where it reads input).
     *
     * @return the record limits
     */
    public RecordLimits records() {
        return records;
    }

    /** {@return limits of IP fragment reassembly (packet captures: classify, analyze, the packet sensor)} */
    public FragmentConfig fragments() {
        return fragments;
    }

    /** {@return the site port table file, if any} */
    public Optional<Path> portTableFile() {
        return path(settings.get(PORT_TABLE));
    }

    /** {@return the blacklist files (empty: BLACKLISTED_HOST is off)} */
    public List<Path> blacklistFiles() {
        return settings.get(BLACKLISTS).stream().map(Path::of).toList();
    }

    /** {@return the port table: built-in, extended or replaced by the file} */
    public PortTable portTable() {
        Optional<Path> file = portTableFile();
        if (file.isEmpty()) {
            return PortTable.defaults();
        }
        PortTable t = PortTable.load(file.get());
        return settings.get(REPLACE_PORT_TABLE) ? t : PortTable.defaults().extendedWith(t);
    }

    /** {@return the watch-words: the file's, else the paper's defaults} */
    public WatchList watchList() {
        return path(settings.get(WATCH_LIST)).map(WatchList::load).orElseGet(WatchList::defaults);
    }

    /** {@return the file type/size rules: the file's, else the defaults} */
    public FileSizeRules fileSizeRules() {
        return path(settings.get(FILE_RULES)).map(FileSizeRules::load).orElseGet(FileSizeRules::defaults);
    }

    /** {@return the blacklists, loaded once, when any file is configured} */
    public Optional<BlacklistHolder> blacklists() {
        if (blacklistFiles().isEmpty()) {
            return Optional.empty();
        }
        BlacklistHolder holder = new BlacklistHolder(blacklistFiles());
        holder.reload(); // a holder is empty until its first load; unreadable files fail here
        return Optional.of(holder);
    }

    /**
     * Reads the configured files now (port table, watch list, file rules) and checks that every
     * blacklist is readable, so a bad file is reported before a job starts.
     *
     * @throws ConfigException naming the key, its origin and the file's problem
     */
    public void checkFiles() {
        check(PORT_TABLE, this::portTable);
        check(WATCH_LIST, this::watchList);
        check(FILE_RULES, this::fileSizeRules);
        for (Path f : blacklistFiles()) {
            if (!Files.isReadable(f)) {
                throw new ConfigException(BLACKLISTS.name(), settings.origin(BLACKLISTS.name()), "cannot read " + f);
            }
        }
    }

    private void check(ConfigKey<String> key, java.util.function.Supplier<?> load) {
        Optional<Path> f = path(settings.get(key));
        if (f.isEmpty()) {
            return;
        }
        if (!Files.isReadable(f.get())) {
            throw new ConfigException(key.name(), settings.origin(key.name()), "cannot read " + f.get());
        }
        try {
            load.get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigException(key.name(), settings.origin(key.name()), e.getMessage());
        }
    }

    private static Optional<Path> path(String p) {
        return p.isEmpty() ? Optional.empty() : Optional.of(Path.of(p));
    }

    /** Test hook: every section's bindings (key, accessor), to check that each key reaches its record. */
    static List<Section<?, ?>> sections() {
        return List.of(DETECTION, SIGNATURES, PORT_ACTIVITY, P2P_BEHAVIOUR, INTERNAL_SCAN, HTTP_TUNNEL, TARIFF, VOLUME,
                VOLUME_BASELINE, LINK, NOTICE,
                NETFLOW_DECODER, DNS_TUNNEL, ICMP_TUNNEL, P2P_CORROBORATION, FRAGMENTS, RECORDS);
    }

    /** The record a section builds, from this configuration (test hook). */
    Object record(Section<?, ?> s) {
        if (s == DETECTION) {
            return detection;
        } else if (s == SIGNATURES) {
            return signatures;
        } else if (s == PORT_ACTIVITY) {
            return portActivity;
        } else if (s == P2P_BEHAVIOUR) {
            return p2pBehaviour;
        } else if (s == INTERNAL_SCAN) {
            return internalScan;
        } else if (s == HTTP_TUNNEL) {
            return httpTunnel;
        } else if (s == TARIFF) {
            return tariff;
        } else if (s == VOLUME) {
            return volume;
        } else if (s == VOLUME_BASELINE) {
            return baseline;
        } else if (s == LINK) {
            return link;
        } else if (s == NETFLOW_DECODER) {
            return netflowDecoder;
        } else if (s == DNS_TUNNEL) {
            return dnsTunnel;
        } else if (s == ICMP_TUNNEL) {
            return icmpTunnel;
        } else if (s == P2P_CORROBORATION) {
            return p2pCorroboration;
        } else if (s == FRAGMENTS) {
            return fragments;
        } else if (s == RECORDS) {
            return records;
        }
        return noticePolicy;
    }
}
