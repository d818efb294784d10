package io.peerwatch.policy;

import io.peerwatch.core.AlertType;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The destinations an alert names, read from the evidence and identifier the library's
 * detectors write (an alert has no destination field: it is about a host). Which types yield
 * one:
 * <table>
 * <caption>Destinations per alert type</caption>
 * <tr><th>type</th><th>destination</th><th>from</th></tr>
 * <tr><td>BLACKLISTED_HOST</td><td>the listed host the proxy request went to</td>
 *     <td>evidence {@code blacklist}: {@code host H matches entry E (list L)}</td></tr>
 * <tr><td>P2P_CLIENT</td><td>the peer; tracker, hub or index server names</td>
 *     <td>evidence {@code flow}: {@code ... (peer P)}; evidence {@code server_host}</td></tr>
 * <tr><td>ICMP_TUNNEL, ENCRYPTED_TUNNEL_SUSPECT</td><td>the tunnel endpoint (the peer)</td>
 *     <td>evidence {@code flow}</td></tr>
 * <tr><td>DNS_TUNNEL</td><td>the tunnel's base domain (never the peer: that is a resolver)</td>
 *     <td>evidence {@code dns_query}</td></tr>
 * <tr><td>HTTP_TUNNEL</td><td>from packets: the tunnel server named by the Host header, else the
 *     peer (through a proxy the peer is the proxy); from proxy logs: the requested host</td>
 *     <td>evidence {@code http_host}, {@code flow}; the identifier's last word
 *     ({@code subject host:port})</td></tr>
 * <tr><td>NONSTANDARD_CONNECT</td><td>the CONNECT target (never the peer: that is the proxy)</td>
 *     <td>evidence {@code server_host}; from proxy logs the identifier's last word</td></tr>
 * </table>
 * Every other type (port activity, behaviour, scans, volume, media, searches) is about the host
 * only: many peers or none in particular. Callers still check each text: it came from the
 * network, and may be neither an address nor a valid name.
 */
public final class AlertTargets {

    private static final String FLOW = "flow";
    private static final String PEER = "(peer ";
    private static final String BLACKLIST = "blacklist";
    private static final String BLACKLIST_HOST = "host ";
    private static final String SERVER_HOST = "server_host";
    private static final String DNS_QUERY = "dns_query";
    private static final String HTTP_HOST = "http_host";

    private AlertTargets() {
    }

    /** The destination texts of an alert (host names or address literals, ports removed). */
    public static List<String> destinations(Alert a) {
        List<String> out = new ArrayList<>();
        Optional<String> peer = peer(a);
        switch (a.type()) {
            case BLACKLISTED_HOST -> evidence(a, BLACKLIST).stream()
                    .filter(d -> d.startsWith(BLACKLIST_HOST))
                    .map(d -> firstWord(d.substring(BLACKLIST_HOST.length())))
                    .forEach(out::add);
            case P2P_CLIENT -> {
                peer.ifPresent(out::add);
                evidence(a, SERVER_HOST).stream().map(AlertTargets::withoutPort).forEach(out::add);
            }
            case ICMP_TUNNEL, ENCRYPTED_TUNNEL_SUSPECT -> peer.ifPresent(out::add);
            case DNS_TUNNEL -> out.addAll(evidence(a, DNS_QUERY));
            case HTTP_TUNNEL -> {
                List<String> hosts = evidence(a, HTTP_HOST);
                if (peer.isPresent()) {
                    if (hosts.isEmpty()) {
                        out.add(peer.get());
                    }
                    hosts.stream().map(AlertTargets::withoutPort).forEach(out::add);
                } else {
                    out.add(withoutPort(lastWord(a.identifier())));
                }
            }
            case NONSTANDARD_CONNECT -> {
                if (peer.isPresent()) {
                    evidence(a, SERVER_HOST).stream().map(AlertTargets::withoutPort).forEach(out::add);
                } else {
                    out.add(withoutPort(lastWord(a.identifier())));
                }
            }
            default -> {
                // about the host only
            }
        }
        out.removeIf(s -> s.isEmpty() || s.equals("-"));
        return out.stream().distinct().toList();
    }

    /** True for the alert types that can yield a destination. */
    public static boolean namesDestinations(AlertType t) {
        return switch (t) {
            case BLACKLISTED_HOST, P2P_CLIENT, ICMP_TUNNEL, ENCRYPTED_TUNNEL_SUSPECT, DNS_TUNNEL, HTTP_TUNNEL,
                    NONSTANDARD_CONNECT -> true;
            default -> false;
        };
    }

    /** The peer of a flow alert: {@code "TCP a:1 -> b:2 (peer b)"}. */
    private static Optional<String> peer(Alert a) {
        for (String d : evidence(a, FLOW)) {
            int i = d.lastIndexOf(PEER);
            if (i >= 0 && d.endsWith(")")) {
                return Optional.of(d.substring(i + PEER.length(), d.length() - 1));
            }
        }
        return Optional.empty();
    }

    private static List<String> evidence(Alert a, String kind) {
        return a.evidence().stream().filter(e -> e.kind().equals(kind)).map(Evidence::detail).toList();
    }

    private static String firstWord(String s) {
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    private static String lastWord(String s) {
        return s.substring(s.lastIndexOf(' ') + 1);
    }

    /** {@code host:port} to host; {@code [v6]:port} to v6; a bare IPv6 literal stays whole. */
    static String withoutPort(String s) {
        String t = s.strip();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            return close > 0 ? t.substring(1, close) : t;
        }
        int colon = t.indexOf(':');
        if (colon >= 0 && colon == t.lastIndexOf(':')) {
            return t.substring(0, colon);
        }
        return t;
    }
}
