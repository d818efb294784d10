package io.peerwatch.detect.proxy;

import io.peerwatch.core.Counters;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.ports.PortEntry;
import io.peerwatch.ports.PortTable;
import io.peerwatch.ports.Transport;
import io.peerwatch.proxy.ProxyRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP tunnelling through a proxy ({@link AlertType#NONSTANDARD_CONNECT},
 * {@link AlertType#HTTP_TUNNEL}), from proxy log entries.
 *
 * <p>Two entry points, matching how the Flink job drives it:
 * <ul>
 * <li>{@link #inspectConnect(ProxyRecord)}, per CONNECT line: a CONNECT to a port outside
 *     {@link TunnelConfig#allowedConnectPorts()} is NONSTANDARD_CONNECT (HIGH when the port is
 *     in the P2P {@link PortTable}, e.g. 6346 Gnutella, 4662 eDonkey); a CONNECT on an allowed
 *     port that lasts at least {@link TunnelConfig#longConnect()} or moves at least
 *     {@link TunnelConfig#largeConnectBytes()} is HTTP_TUNNEL.
 * <li>{@link #observe}/{@link #evaluate}, per (subject, destination) window
 *     ({@link TunnelWindow}, keyed by {@link #keyOf}): the shapes of HTTP tunnelling tools, see
 *     {@link TunnelShapes}: steady polling, POST streams of opaque bodies, GNU httptunnel's
 *     {@code /index.html?crap=} requests, reGeorg-style SOCKS-over-HTTP commands.
 * </ul>
 *
 * <pre>{@code
 * TunnelDetector d = new TunnelDetector(TunnelConfig.defaults());
 * d.inspectConnect(entry).ifPresent(alerts::add);
 * TunnelWindow w = windows.computeIfAbsent(TunnelDetector.keyOf(entry), k -> new TunnelWindow());
 * d.observe(w, entry);
 * d.evaluate(w, windowStart, windowEnd).ifPresent(alerts::add);   // at the window's end
 * }</pre>
 *
 * <p>Stateless apart from its configuration; thread-safe.
 */
public final class TunnelDetector {

    private final TunnelConfig config;
    private final PortTable p2pPorts;
    private final NoticePolicy policy;

    /** Uses {@link PortTable#defaults()} and {@link NoticePolicy#defaults()}. */
    public TunnelDetector(TunnelConfig config) {
        this(config, PortTable.defaults(), NoticePolicy.defaults());
    }

    public TunnelDetector(TunnelConfig config, PortTable p2pPorts, NoticePolicy policy) {
        if (config == null || p2pPorts == null || policy == null) {
            throw new IllegalArgumentException("config, port table and policy must not be null");
        }
        this.config = config;
        this.p2pPorts = p2pPorts;
        this.policy = policy;
    }

    public TunnelConfig config() {
        return config;
    }

    /** The Flink key of the shape window an entry belongs to: subject and destination. */
    public static String keyOf(ProxyRecord e) {
        return e.subject() + " " + e.destination();
    }

    /**
     * Checks one CONNECT entry.
     *
     * @return NONSTANDARD_CONNECT or HTTP_TUNNEL, or empty for other methods and ordinary CONNECTs
     */
    public Optional<Alert> inspectConnect(ProxyRecord e) {
        if (!e.isConnect() || e.port() == 0) {
            return Optional.empty();
        }
        boolean allowed = config.allowedConnectPorts().contains(e.port());
        boolean longSession = e.durationMs() >= config.longConnect().toMillis();
        boolean large = e.totalBytes() >= config.largeConnectBytes();
        if (allowed && !longSession && !large) {
            return Optional.empty();
        }
        boolean denied = e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.PROXY_AUTH_REQUIRED
                || e.action().map(a -> a.contains("DENIED")).orElse(false);
        Optional<PortEntry> p2p = p2pPorts.lookup(Transport.TCP, e.port());
        List<Evidence> ev = new ArrayList<>();
        String result = e.action().orElse("-") + "/" + e.status();
        String portNote = p2p.map(p -> " (" + p.application() + " port)").orElse(allowed ? "" : " (not an allowed CONNECT port)");
        ev.add(new Evidence("connect", "CONNECT " + e.destination() + portNote + " " + result
                + (denied ? " denied by the proxy" : ""), 1));
        ev.add(new Evidence("session", e.bytesToClient() + " bytes to client"
                + e.bytesFromClient().stream().mapToObj(b -> ", " + b + " from client").findFirst().orElse("")
                + " in " + e.durationMs() + " ms", 1));
        if (longSession) {
            ev.add(new Evidence("long-connect", "lasted " + e.durationMs() + " ms >= " + config.longConnect().toMillis() + " ms", 1));
        }
        if (large) {
            ev.add(new Evidence("large-connect", e.totalBytes() + " bytes >= " + config.largeConnectBytes() + " bytes", 1));
        }
        e.userAgent().ifPresent(ua -> ev.add(new Evidence("user-agent", clip(ua), 1)));
        AlertType type = allowed ? AlertType.HTTP_TUNNEL : AlertType.NONSTANDARD_CONNECT;
        Severity sev = allowed ? TunnelConfig.LONG_CONNECT_SEVERITY : p2p.isPresent() ? Severity.HIGH : Severity.MEDIUM;
        double confidence = allowed ? TunnelConfig.LONG_CONNECT_CONFIDENCE
                : denied ? TunnelConfig.DENIED_CONNECT_CONFIDENCE : TunnelConfig.CONNECT_CONFIDENCE;
        return Optional.of(Alert.builder(type, e.client(), e.startMs(), e.timestampMs() + 1)
                .user(e.user().orElse(null))
                .eventTime(e.timestampMs())
                .protocol(p2p.map(PortEntry::application).orElse("HTTP CONNECT"))
                .severity(sev)
                .confidence(confidence)
                .evidence(ev)
                .bytes(e.totalBytes())
                .distinctPeers(1)
                .identifier(e.subject() + " " + e.destination())
                .suppressFor(policy.suppressFor(type).toMillis())
                .context(e.alertContext())
                .build());
    }

    /** Adds one entry to its (subject, destination) window; CONNECTs are left to {@link #inspectConnect}. */
    public void observe(TunnelWindow w, ProxyRecord e) {
        if (e.isConnect()) {
            return;
        }
        w.add(e, config);
    }

    /**
     * Decides at the end of a window: one HTTP_TUNNEL alert listing every shape that matched.
     *
     * @return empty when no shape matched
     */
    public Optional<Alert> evaluate(TunnelWindow w, long windowStartMs, long windowEndMs) {
        if (w.requests() == 0) {
            return Optional.empty();
        }
        List<TunnelShapes.Hit> hits = TunnelShapes.match(w, config);
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        Severity sev = Severity.LOW;
        double confidence = 0;
        String protocol = "HTTP tunnel";
        List<Evidence> ev = new ArrayList<>();
        for (TunnelShapes.Hit h : hits) {
            ev.add(h.evidence());
            if (h.severity().compareTo(sev) > 0) {
                sev = h.severity();
                protocol = h.protocol();
            }
            confidence = Math.max(confidence, h.confidence());
        }
        confidence = Math.min(1.0, confidence + TunnelConfig.EXTRA_SHAPE_CONFIDENCE * (hits.size() - 1));
        ev.add(new Evidence("volume", w.requests() + " requests, " + w.bytesToClient() + " bytes to client"
                + (w.bytesFromClientKnown() ? ", " + w.bytesFromClient() + " bytes from client" : ""), w.requests()));
        return Optional.of(Alert.builder(AlertType.HTTP_TUNNEL, w.client(), windowStartMs, windowEndMs)
                .user(w.user())
                .eventTime(w.lastMs())
                .protocol(protocol)
                .severity(sev)
                .confidence(confidence)
                .evidence(ev)
                .bytes(Counters.add(w.bytesToClient(), w.bytesFromClient()))
                .distinctPeers(1)
                .identifier(w.subject() + " " + w.destination())
                .suppressFor(policy.suppressFor(AlertType.HTTP_TUNNEL).toMillis())
                .build());
    }

    static String clip(String s) {
        return s.length() > TunnelConfig.MAX_EVIDENCE_TEXT ? s.substring(0, TunnelConfig.MAX_EVIDENCE_TEXT) + "..." : s;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Status codes the CONNECT rule looks at (RFC 9110). */
    static final class HttpStatus {
        static final int FORBIDDEN = 403;
        static final int PROXY_AUTH_REQUIRED = 407;

        private HttpStatus() {
        }
    }
}
