package io.peerwatch.proxy;

import io.peerwatch.core.Counters;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.notice.AlertContext;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One request from a web proxy log, whatever the log format (Squid native, common, combined,
 * custom {@code logformat}, Zeek {@code http.log}). The library twin of the Avro
 * {@code ProxyRecord}; field for field the same meaning.
 *
 * <p>Absent values are {@link Optional}s; the sentinels are documented per field ({@code port}
 * 0 and {@code durationMs} 0 mean "unknown", as in the Avro schema).
 *
 * @param timestampMs when the request completed (Squid logs the completion time), epoch ms
 * @param client the client address
 * @param user the authenticated proxy user (never "-" or empty)
 * @param method HTTP method as logged, e.g. GET, POST, CONNECT, or Squid's NONE
 * @param url the request target as logged: absolute URL, {@code host:port} for CONNECT, or a path
 * @param host destination host name or address, lower case (from the URL or a Host header)
 * @param port destination port, 0 when unknown
 * @param status HTTP status sent to the client, 0 when none (aborted requests)
 * @param bytesToClient bytes sent to the client (Squid: reply size with headers; Zeek: body)
 * @param bytesFromClient bytes received from the client, when the format has them
 * @param durationMs time the proxy spent on the request, 0 when the format lacks it
 * @param contentType reply content type as logged
 * @param userAgent client User-Agent
 * @param referer the Referer header
 * @param action proxy result code, e.g. TCP_MISS, TCP_TUNNEL, TCP_DENIED
 * @param hierarchy Squid hierarchy code, e.g. HIER_DIRECT, HIER_NONE
 * @param peer the server or peer the proxy forwarded to (address or name)
 * @param requestContentType the request's Content-Type, when the format logs it
 */
public record ProxyRecord(
        long timestampMs,
        IpAddress client,
        Optional<String> user,
        String method,
        String url,
        Optional<String> host,
        int port,
        int status,
        long bytesToClient,
        OptionalLong bytesFromClient,
        long durationMs,
        Optional<String> contentType,
        Optional<String> userAgent,
        Optional<String> referer,
        Optional<String> action,
        Optional<String> hierarchy,
        Optional<String> peer,
        Optional<String> requestContentType) {

    private static final int MAX_PORT = 0xffff;
    private static final int MAX_STATUS = 999;

    public ProxyRecord {
        if (client == null || user == null || method == null || url == null || host == null || bytesFromClient == null
                || contentType == null || userAgent == null || referer == null || action == null || hierarchy == null
                || peer == null || requestContentType == null) {
            throw new IllegalArgumentException("proxy entry fields must not be null (use Optional.empty())");
        }
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method must not be empty");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (status < 0 || status > MAX_STATUS) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        if (durationMs < 0) {
            throw new IllegalArgumentException("negative duration");
        }
        Counters.check("reply size", bytesToClient);
        if (bytesFromClient.isPresent()) {
            Counters.check("request size", bytesFromClient.getAsLong());
        }
        user = user.filter(ProxyRecord::present);
        host = host.filter(ProxyRecord::present);
        contentType = contentType.filter(ProxyRecord::present);
        userAgent = userAgent.filter(ProxyRecord::present);
        referer = referer.filter(ProxyRecord::present);
        action = action.filter(ProxyRecord::present);
        hierarchy = hierarchy.filter(ProxyRecord::present);
        peer = peer.filter(ProxyRecord::present);
        requestContentType = requestContentType.filter(ProxyRecord::present);
    }

    private static boolean present(String s) {
        return !s.isEmpty() && !s.equals("-");
    }

    /** A builder; required: timestamp, client, method, url. */
    public static Builder builder(long timestampMs, IpAddress client, String method, String url) {
        return new Builder(timestampMs, client, method, url);
    }

    /** A builder pre-filled with this entry's values. */
    public Builder toBuilder() {
        Builder b = new Builder(timestampMs, client, method, url);
        b.user = user;
        b.host = host;
        b.port = port;
        b.status = status;
        b.bytesToClient = bytesToClient;
        b.bytesFromClient = bytesFromClient;
        b.durationMs = durationMs;
        b.contentType = contentType;
        b.userAgent = userAgent;
        b.referer = referer;
        b.action = action;
        b.hierarchy = hierarchy;
        b.peer = peer;
        b.requestContentType = requestContentType;
        return b;
    }

    /**
     * Who the request is attributed to: the authenticated user where the log has one, else the
     * client address in text form. This is the key of per-user accounting.
     */
    public String subject() {
        return user.orElseGet(client::toString);
    }

    /** True for a CONNECT (tunnel) request. */
    public boolean isConnect() {
        return method.equalsIgnoreCase("CONNECT");
    }

    /** {@code host:port} (IPv6 in brackets), or {@code "-"} when the host is unknown. */
    public String destination() {
        if (host.isEmpty()) {
            return "-";
        }
        String h = host.get().indexOf(':') >= 0 ? "[" + host.get() + "]" : host.get();
        return port == 0 ? h : h + ":" + port;
    }

    /** The URL path without query or fragment ({@code ""} for CONNECT and unparseable targets). */
    public String path() {
        return Urls.path(url);
    }

    /** The query string without the {@code ?}; empty when the URL has none (a bare {@code ?} gives ""). */
    public Optional<String> query() {
        return Urls.query(url);
    }

    /** The reply media type in lower case without parameters ({@code "text/html"}), if logged. */
    public Optional<String> mediaType() {
        return contentType.map(ProxyRecord::baseType);
    }

    static String baseType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * When the request started: the completion time less the time the proxy spent on it
     * ({@code durationMs}, 0 when the format lacks it). Every alert about one request uses
     * [start, completion] as its window, so ECS {@code event.start} means the same for all.
     */
    public long startMs() {
        return Math.max(0, timestampMs - durationMs);
    }

    /**
     * The request as an alert's context: the client as source, the destination host (as
     * {@code destinationIp} when the log names an address, else {@code destinationDomain}) and
     * port, TCP, the URL, method, status and byte counts.
     */
    public AlertContext alertContext() {
        AlertContext.Builder b = AlertContext.builder()
                .sourceIp(client)
                .ipProtocol(IpProtocol.TCP)
                .url(url)
                .httpMethod(method)
                .httpResponseBytes(bytesToClient);
        host.ifPresent(h -> {
            IpAddress literal = addressLiteral(h);
            if (literal != null) {
                b.destinationIp(literal);
            } else {
                b.destinationDomain(h);
            }
        });
        if (port != 0) {
            b.destinationPort(port);
        }
        if (status != 0) {
            b.httpStatus(status);
        }
        bytesFromClient.ifPresent(b::httpRequestBytes);
        return b.build();
    }

    /** The host as an address when it is an IPv4 or IPv6 literal, else null (a name). */
    private static IpAddress addressLiteral(String h) {
        boolean v4 = h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        boolean v6 = h.indexOf(':') >= 0 && h.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        if (!v4 && !v6) {
            return null;
        }
        try {
            return IpAddress.parse(h);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Bytes in both directions (to-client plus from-client when known). */
    public long totalBytes() {
        return Counters.add(bytesToClient, bytesFromClient.orElse(0));
    }

    /** Builder for {@link ProxyRecord}. */
    public static final class Builder {
        private long timestampMs;
        private final IpAddress client;
        private final String method;
        private final String url;
        private Optional<String> user = Optional.empty();
        private Optional<String> host = Optional.empty();
        private int port;
        private int status;
        private long bytesToClient;
        private OptionalLong bytesFromClient = OptionalLong.empty();
        private long durationMs;
        private Optional<String> contentType = Optional.empty();
        private Optional<String> userAgent = Optional.empty();
        private Optional<String> referer = Optional.empty();
        private Optional<String> action = Optional.empty();
        private Optional<String> hierarchy = Optional.empty();
        private Optional<String> peer = Optional.empty();
        private Optional<String> requestContentType = Optional.empty();

        private Builder(long timestampMs, IpAddress client, String method, String url) {
            this.timestampMs = timestampMs;
            this.client = client;
            this.method = method;
            this.url = url;
        }

        /** Moves the request to another time (replays, tests). */
        public Builder timestampMs(long v) {
            timestampMs = v;
            return this;
        }

        public Builder user(String v) {
            user = Optional.ofNullable(v);
            return this;
        }

        /** Sets the destination host (lower-cased); null clears it. */
        public Builder host(String v) {
            host = Optional.ofNullable(v).map(s -> s.toLowerCase(Locale.ROOT));
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder status(int v) {
            status = v;
            return this;
        }

        public Builder bytesToClient(long v) {
            bytesToClient = v;
            return this;
        }

        public Builder bytesFromClient(long v) {
            bytesFromClient = OptionalLong.of(v);
            return this;
        }

        public Builder durationMs(long v) {
            durationMs = v;
            return this;
        }

        public Builder contentType(String v) {
            contentType = Optional.ofNullable(v);
            return this;
        }

        public Builder userAgent(String v) {
            userAgent = Optional.ofNullable(v);
            return this;
        }

        public Builder referer(String v) {
            referer = Optional.ofNullable(v);
            return this;
        }

        public Builder action(String v) {
            action = Optional.ofNullable(v);
            return this;
        }

        public Builder hierarchy(String v) {
            hierarchy = Optional.ofNullable(v);
            return this;
        }

        public Builder peer(String v) {
            peer = Optional.ofNullable(v);
            return this;
        }

        public Builder requestContentType(String v) {
            requestContentType = Optional.ofNullable(v);
            return this;
        }

        /**
         * Fills host and port from the URL when they were not set: CONNECT {@code host:port},
         * absolute URLs (default port by scheme).
         */
        public Builder deriveDestination() {
            Urls.Target t = Urls.target(method, url);
            if (host.isEmpty() && t.host() != null) {
                host(t.host());
            }
            if (port == 0) {
                port = t.port();
            }
            return this;
        }

        /** @throws IllegalArgumentException when a value is out of range */
        public ProxyRecord build() {
            return new ProxyRecord(timestampMs, client, user, method, url, host, port, status, bytesToClient,
                    bytesFromClient, durationMs, contentType, userAgent, referer, action, hierarchy, peer,
                    requestContentType);
        }
    }
}
