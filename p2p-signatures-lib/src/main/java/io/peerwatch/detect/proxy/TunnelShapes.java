package io.peerwatch.detect.proxy;

import io.peerwatch.core.Severity;
import io.peerwatch.notice.Evidence;
import io.peerwatch.proxy.ProxyRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request shapes of HTTP tunnelling tools, evaluated over a {@link TunnelWindow}.
 *
 * <ul>
 * <li><b>Steady polling</b>: one (method, path) requested at least
 *     {@link TunnelConfig#minRequests()} times with a median gap of at most
 *     {@link TunnelConfig#maxPollInterval()} and a coefficient of variation of the gaps of at most
 *     {@link TunnelConfig#maxIntervalCv()}, after dropping the longest
 *     {@link TunnelConfig#idleGapFraction()} of the gaps (a tunnel's idle pauses).
 * <li><b>POST stream</b>: at least {@code minRequests} POSTs, of which at least
 *     {@link TunnelConfig#minOpaquePostShare()} carry opaque bodies: a request Content-Type in
 *     {@link TunnelConfig#opaqueContentTypes()}, or, when the log has no request type, a reply
 *     of such a type, or no reply at all (status 0: the tunnel server holds the POST open).
 * <li><b>GNU httptunnel</b> (htc, see the httptunnel 3.3 sources and its HTTP protocol notes):
 *     POST and GET of {@code /index.html?crap=<n>}; Squid strips query strings by default
 *     ({@code strip_query_terms}), so {@code /index.html?} counts as well.
 * <li><b>SOCKS over HTTP</b> (reGeorg and derivatives): {@code ?cmd=connect&target=..&port=..},
 *     then {@code cmd=read}/{@code forward}/{@code disconnect} (or {@code send}/{@code recv}).
 * </ul>
 */
final class TunnelShapes {

    /** reGeorg-family command values. */
    private static final Set<String> SOCKS_COMMANDS = Set.of("connect", "disconnect", "read", "forward", "send", "recv");
    private static final String HTTPTUNNEL_PATH = "/index.html";
    private static final String HTTPTUNNEL_PARAM = "crap=";

    record Hit(Evidence evidence, Severity severity, double confidence, String protocol) {
    }

    private TunnelShapes() {
    }

    static List<Hit> match(TunnelWindow w, TunnelConfig c) {
        List<Hit> hits = new ArrayList<>();
        if (w.httptunnelPosts >= c.httptunnelMinRequests() && w.httptunnelGets >= c.httptunnelMinRequests()) {
            hits.add(new Hit(new Evidence("httptunnel", w.httptunnelPosts + " POST and " + w.httptunnelGets + " GET "
                    + HTTPTUNNEL_PATH + "?... requests (GNU httptunnel htc pattern)",
                    w.httptunnelPosts + w.httptunnelGets), Severity.HIGH, TunnelConfig.TOOL_CONFIDENCE, "httptunnel"));
        }
        if (w.socksCommands >= c.socksMinRequests() && w.socksConnects > 0) {
            hits.add(new Hit(new Evidence("socks-over-http", w.socksCommands + " reGeorg-style cmd= requests, "
                    + w.socksConnects + " cmd=connect, e.g. " + w.socksExample, w.socksCommands),
                    Severity.HIGH, TunnelConfig.TOOL_CONFIDENCE, "SOCKS over HTTP"));
        }
        if (w.posts >= c.minRequests() && w.opaquePosts >= c.minOpaquePostShare() * w.posts) {
            hits.add(new Hit(new Evidence("post-stream", w.posts + " POSTs, " + w.opaquePosts
                    + " with opaque bodies (binary/form type or no reply)", w.posts),
                    Severity.MEDIUM, TunnelConfig.POST_STREAM_CONFIDENCE, "HTTP POST tunnel"));
        }
        for (Map.Entry<String, TunnelWindow.Series> e : w.series.entrySet()) {
            polling(e.getKey(), e.getValue(), c).ifPresent(hits::add);
        }
        return hits;
    }

    private static Optional<Hit> polling(String key, TunnelWindow.Series s, TunnelConfig c) {
        if (s.kept < c.minRequests()) {
            return Optional.empty();
        }
        long[] t = Arrays.copyOf(s.times, s.kept);
        Arrays.sort(t);
        long[] gaps = new long[t.length - 1];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = t[i + 1] - t[i];
        }
        Arrays.sort(gaps);
        long median = gaps[gaps.length / 2];
        int dropped = (int) Math.floor(c.idleGapFraction() * gaps.length);
        int used = gaps.length - dropped;
        double mean = 0;
        for (int i = 0; i < used; i++) {
            mean += gaps[i];
        }
        mean /= used;
        if (median <= 0 || mean <= 0 || median > c.maxPollInterval().toMillis()) {
            return Optional.empty();
        }
        double var = 0;
        for (int i = 0; i < used; i++) {
            var += (gaps[i] - mean) * (gaps[i] - mean);
        }
        double cv = Math.sqrt(var / used) / mean;
        if (cv > c.maxIntervalCv()) {
            return Optional.empty();
        }
        String detail = String.format(Locale.ROOT, "%s: %d requests, median gap %d ms, CV %.3f over %d of %d gaps"
                + " (%d longest left out as idle)", key, s.count, median, cv, used, gaps.length, dropped);
        return Optional.of(new Hit(new Evidence("polling", detail, s.count), Severity.MEDIUM,
                TunnelConfig.POLLING_CONFIDENCE, "HTTP polling tunnel"));
    }

    static boolean opaqueBody(ProxyRecord e, TunnelConfig c) {
        Optional<String> req = e.requestContentType().map(TunnelShapes::baseType);
        if (req.isPresent()) {
            return c.opaqueContentTypes().contains(req.get());
        }
        Optional<String> reply = e.mediaType();
        return reply.map(c.opaqueContentTypes()::contains).orElse(e.status() == 0);
    }

    private static String baseType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
    }

    static boolean httptunnelRequest(ProxyRecord e) {
        if (!e.path().equalsIgnoreCase(HTTPTUNNEL_PATH)) {
            return false;
        }
        Optional<String> q = e.query();
        return q.isPresent() && (q.get().isEmpty() || q.get().startsWith(HTTPTUNNEL_PARAM)
                || q.get().contains("&" + HTTPTUNNEL_PARAM));
    }

    /** The reGeorg command of a request ({@code cmd=connect} gives "connect"), if any. */
    static Optional<String> socksCommand(ProxyRecord e) {
        Optional<String> q = e.query();
        if (q.isEmpty() || q.get().isEmpty()) {
            return Optional.empty();
        }
        for (String param : q.get().split("&")) {
            if (param.regionMatches(true, 0, "cmd=", 0, 4)) {
                String v = param.substring(4).toLowerCase(Locale.ROOT);
                return SOCKS_COMMANDS.contains(v) ? Optional.of(v) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
