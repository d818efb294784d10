package io.peerwatch.sql;

import io.peerwatch.core.IpAddress;
import io.peerwatch.detect.proxy.TunnelConfig;
import io.peerwatch.detect.proxy.TunnelDetector;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import java.util.Optional;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code proxy_tunnel_reason(method STRING, url STRING, status INT, bytes_out BIGINT, bytes_in
 * BIGINT [, duration_ms BIGINT]) -> STRING}: why one proxy request is a tunnel by the library's
 * per-request CONNECT rules ({@link TunnelDetector#inspectConnect}): {@code NONSTANDARD_CONNECT}
 * for a CONNECT to a port outside the allowed ones (443), {@code HTTP_TUNNEL} for a CONNECT that
 * lasts or moves too much; the alert type, a colon and the first piece of evidence, e.g.
 * {@code NONSTANDARD_CONNECT: CONNECT peer.example:6881 (BitTorrent port) -/200}. NULL for an
 * ordinary request or a NULL method or URL.
 *
 * <p>{@code bytes_out} is what the client sent, {@code bytes_in} what it received (either may be
 * NULL). The tunnel shapes that need a window of requests (steady polling, POST streams,
 * httptunnel, SOCKS over HTTP) are the job's; a single row cannot show them.
 */
public final class ProxyTunnelReason extends ScalarFunction {

    /** No client address in a row: the rules do not look at it. */
    private static final IpAddress NO_CLIENT = IpAddress.ofV4(0);
    private static final TunnelDetector DETECTOR = new TunnelDetector(TunnelConfig.defaults());

    /** The reason, or NULL; duration unknown. */
    public String eval(String method, String url, Integer status, Long bytesOut, Long bytesIn) {
        return eval(method, url, status, bytesOut, bytesIn, null);
    }

    /** The reason, or NULL. */
    public String eval(String method, String url, Integer status, Long bytesOut, Long bytesIn, Long durationMs) {
        if (method == null || method.isEmpty() || url == null) {
            return null;
        }
        ProxyRecord.Builder b = ProxyRecord.builder(0, NO_CLIENT, method, url).deriveDestination();
        if (status != null) {
            b.status(status);
        }
        if (bytesIn != null) {
            b.bytesToClient(bytesIn);
        }
        if (bytesOut != null) {
            b.bytesFromClient(bytesOut);
        }
        if (durationMs != null) {
            b.durationMs(durationMs);
        }
        Optional<Alert> a;
        try {
            a = DETECTOR.inspectConnect(b.build());
        } catch (IllegalArgumentException e) {
            return null; // a value out of range (negative bytes, a port over 65535) is no request
        }
        return a.map(x -> x.type().name() + (x.evidence().isEmpty() ? "" : ": " + x.evidence().get(0).detail()))
                .orElse(null);
    }
}
