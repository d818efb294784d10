package io.peerwatch.detect;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.core.Severity;
import io.peerwatch.flow.FlowKey;
import io.peerwatch.flow.Flow;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.watch.WatchDetector;
import io.peerwatch.watch.WatchList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a classified flow (from packets) into alerts: a P2P protocol is
 * {@link AlertType#P2P_CLIENT}; tunnels are {@link AlertType#DNS_TUNNEL},
 * {@link AlertType#ICMP_TUNNEL}, {@link AlertType#HTTP_TUNNEL}, {@link AlertType#NONSTANDARD_CONNECT}
 * or {@link AlertType#ENCRYPTED_TUNNEL_SUSPECT}; watch-words and decoys in the search strings and
 * file names a signature extracted are {@link AlertType#CONFIDENTIAL_SEARCH}. Benign and unknown
 * flows give nothing.
 *
 * <p>The alert's window is the flow's lifetime and its identifier is (host, protocol), so
 * suppression gives one alert per host, protocol and interval however many flows there are.
 */
public final class ClassifiedFlowAlerts {

    /** Severity of P2P seen in payload bytes. */
    public static final Severity P2P_PAYLOAD_SEVERITY = Severity.HIGH;
    /** Severity of P2P inferred from behaviour (encrypted BitTorrent, Filetopia). */
    public static final Severity P2P_BEHAVIOUR_SEVERITY = Severity.MEDIUM;
    /** Severity of covert channels (DNS, ICMP tunnels, httptunnel). */
    public static final Severity COVERT_SEVERITY = Severity.HIGH;
    /** Severity of VPN and proxy tunnels (OpenVPN, WireGuard, SOCKS, Tor, obfuscated proxies). */
    public static final Severity VPN_SEVERITY = Severity.MEDIUM;
    /** Severity of SSH and TLS that does not look like HTTPS: common, but worth a look. */
    public static final Severity SSH_TLS_SEVERITY = Severity.LOW;

    /** SSH's port (IANA): SSH here is administration in plain sight, SSH elsewhere is hidden. */
    public static final int SSH_PORT = 22;

    private static final int MAX_METADATA_EVIDENCE = 6;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final InternalNetworks internal;
    private final WatchDetector watch;
    private final NoticePolicy policy;

    public ClassifiedFlowAlerts(InternalNetworks internal, WatchList watchList, NoticePolicy policy) {
        this.internal = internal;
        this.watch = new WatchDetector(watchList, policy);
        this.policy = policy;
    }

    /** The alerts of one ended flow (none for benign and unknown flows). */
    public List<Alert> alerts(Flow flow) {
        Optional<Classification> c = flow.classification();
        if (c.isEmpty()) {
            return List.of();
        }
        FlowKey k = flow.key();
        IpAddress host = internal.hostOf(k.client(), k.server());
        IpAddress peer = host.equals(k.client()) ? k.server() : k.client();
        long start = Math.floorDiv(flow.firstNanos(), NANOS_PER_MILLI);
        long end = Math.floorDiv(flow.lastNanos(), NANOS_PER_MILLI) + 1;
        Classification cl = c.get();
        List<Alert> out = new ArrayList<>(2);
        // A P2P-shaped random handshake alone is a suspicion, judged per host with corroboration
        // (P2pCorroborationDetector), never a per-flow alert.
        Optional<AlertType> alertType = cl.signature().needsCorroboration() || isAdministration(cl, k)
                ? Optional.empty() : typeOf(cl.protocol());
        alertType.ifPresent(type -> out.add(Alert.builder(type, host, start, end)
                .eventTime(end - 1)
                .protocol(cl.protocol().displayName())
                .severity(severityOf(type, cl))
                .confidence(cl.confidence())
                .evidence(evidence(cl, k, peer))
                .bytes(flow.bytes())
                .distinctPeers(1)
                .identifier(identifier(cl, host))
                .suppressFor(policy.suppressFor(type).toMillis())
                .context(context(k))
                .build()));
        watch.inspectMetadata(host, null, end - 1, cl.protocol().displayName(), cl.metadata()).ifPresent(out::add);
        return out;
    }

    /** SSH on its own port, unless the policy asks for those too. */
    private boolean isAdministration(Classification cl, FlowKey k) {
        return cl.protocol() == Protocol.SSH && !policy.alertSshOnStandardPort() && k.serverPort() == SSH_PORT;
    }

    /** The flow's two ends: the client is the source, the server the destination (ECS's convention). */
    private static AlertContext context(FlowKey k) {
        AlertContext.Builder b = AlertContext.builder()
                .sourceIp(k.client())
                .destinationIp(k.server())
                .ipProtocol(k.ipProtocol());
        if (k.ipProtocol() == IpProtocol.TCP || k.ipProtocol() == IpProtocol.UDP) {
            b.sourcePort(k.clientPort()).destinationPort(k.serverPort());
        }
        return b.build();
    }

    /**
     * Host and protocol: one flow-level alert per host and protocol per suppression interval.
     * Deliberately not the identifiers of the per-host judgements ({@link DnsTunnelDetector#identifier},
     * {@link IcmpTunnelDetector#identifier}, the corroborated P2P of {@link P2pCorroborationDetector}):
     * a flow's verdict is the fast hint and comes first in event time, so sharing an identifier
     * would let it suppress the judgement that carries the host's counts, bytes and reasons.
     */
    private static String identifier(Classification cl, IpAddress host) {
        return host + " " + cl.protocol().displayName();
    }

    private static Optional<AlertType> typeOf(Protocol p) {
        if (p.isP2p()) {
            return Optional.of(AlertType.P2P_CLIENT);
        }
        return Optional.ofNullable(switch (p) {
            case DNS_TUNNEL -> AlertType.DNS_TUNNEL;
            case ICMP_TUNNEL -> AlertType.ICMP_TUNNEL;
            case HTTPTUNNEL -> AlertType.HTTP_TUNNEL;
            case HTTP_CONNECT -> AlertType.NONSTANDARD_CONNECT;
            case SOCKS, SSH, OPENVPN, WIREGUARD, TLS_TUNNEL, OBFUSCATED_PROXY, TOR -> AlertType.ENCRYPTED_TUNNEL_SUSPECT;
            default -> null;
        });
    }

    private static Severity severityOf(AlertType type, Classification c) {
        return switch (type) {
            case P2P_CLIENT -> c.kind() == ConfidenceKind.PAYLOAD ? P2P_PAYLOAD_SEVERITY : P2P_BEHAVIOUR_SEVERITY;
            case DNS_TUNNEL, ICMP_TUNNEL, HTTP_TUNNEL -> COVERT_SEVERITY;
            default -> c.protocol() == Protocol.SSH || c.protocol() == Protocol.TLS_TUNNEL ? SSH_TLS_SEVERITY : VPN_SEVERITY;
        };
    }

    private static List<Evidence> evidence(Classification c, FlowKey k, IpAddress peer) {
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence(c.kind().name().toLowerCase(Locale.ROOT), c.signature() + " after " + c.packetsToVerdict()
                + " payload packets", 1));
        ev.add(new Evidence("flow", IpProtocol.name(k.ipProtocol()) + " " + k.client() + ":" + k.clientPort() + " -> "
                + k.server() + ":" + k.serverPort() + " (peer " + peer + ")", 1));
        int n = 0;
        for (Map.Entry<MetadataKey, List<String>> m : c.metadata().entrySet()) {
            for (String v : m.getValue()) {
                if (n++ == MAX_METADATA_EVIDENCE) {
                    return ev;
                }
                ev.add(new Evidence(m.getKey().name().toLowerCase(Locale.ROOT), v, 1));
            }
        }
        return ev;
    }
}
