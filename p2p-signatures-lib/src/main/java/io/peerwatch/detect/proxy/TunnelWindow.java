package io.peerwatch.detect.proxy;

import io.peerwatch.core.IpAddress;
import io.peerwatch.proxy.ProxyRecord;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Mutable accumulator of one (subject, destination) pair in one window: the state the Flink
 * operator keeps per key for {@link TunnelDetector}. Memory is bounded by
 * {@link TunnelConfig#maxTrackedSeries()} x {@link TunnelConfig#maxTimestampsPerSeries()}
 * timestamps. Not thread-safe; one instance per key.
 */
public final class TunnelWindow {

    /** Request times of one (method, path) series. */
    static final class Series {
        long[] times = new long[8];
        int kept;
        long count;

        void add(long t, int cap) {
            count++;
            if (kept == cap) {
                return;
            }
            if (kept == times.length) {
                times = Arrays.copyOf(times, Math.min(cap, times.length * 2));
            }
            times[kept++] = t;
        }
    }

    private String subject = "";
    private String user;
    private IpAddress client;
    private String destination = "";
    private long firstMs = Long.MAX_VALUE;
    private long lastMs = Long.MIN_VALUE;
    private long requests;
    private long bytesToClient;
    private long bytesFromClient;
    private boolean bytesFromClientKnown;
    final Map<String, Series> series = new LinkedHashMap<>();
    boolean seriesCapped;
    long posts;
    long opaquePosts;
    long httptunnelPosts;
    long httptunnelGets;
    long socksCommands;
    long socksConnects;
    String socksExample;

    void add(ProxyRecord e, TunnelConfig c) {
        if (requests == 0) {
            subject = e.subject();
            destination = e.destination();
        }
        user = e.user().orElse(user);
        client = e.client();
        requests++;
        firstMs = Math.min(firstMs, e.timestampMs());
        lastMs = Math.max(lastMs, e.timestampMs());
        bytesToClient += e.bytesToClient();
        if (e.bytesFromClient().isPresent()) {
            bytesFromClient += e.bytesFromClient().getAsLong();
            bytesFromClientKnown = true;
        }
        String method = e.method().toUpperCase(Locale.ROOT);
        String key = method + " " + TunnelDetector.clip(e.path());
        Series s = series.get(key);
        if (s == null && series.size() < c.maxTrackedSeries()) {
            s = new Series();
            series.put(key, s);
        }
        if (s == null) {
            seriesCapped = true;
        } else {
            s.add(e.timestampMs(), c.maxTimestampsPerSeries());
        }
        boolean post = method.equals("POST");
        if (post) {
            posts++;
            if (TunnelShapes.opaqueBody(e, c)) {
                opaquePosts++;
            }
        }
        if (TunnelShapes.httptunnelRequest(e)) {
            if (post) {
                httptunnelPosts++;
            } else if (method.equals("GET")) {
                httptunnelGets++;
            }
        }
        Optional<String> cmd = TunnelShapes.socksCommand(e);
        if (cmd.isPresent()) {
            socksCommands++;
            if (cmd.get().equals("connect")) {
                socksConnects++;
                if (socksExample == null) {
                    socksExample = TunnelDetector.clip(e.query().orElse(""));
                }
            }
        }
    }

    /** Merges another accumulator of the same key (Flink window merging). */
    public void merge(TunnelWindow o, TunnelConfig c) {
        if (o.requests == 0) {
            return;
        }
        if (requests == 0) {
            subject = o.subject;
            destination = o.destination;
        }
        user = o.user != null ? o.user : user;
        client = o.client != null && o.lastMs >= lastMs ? o.client : client;
        requests += o.requests;
        firstMs = Math.min(firstMs, o.firstMs);
        lastMs = Math.max(lastMs, o.lastMs);
        bytesToClient += o.bytesToClient;
        bytesFromClient += o.bytesFromClient;
        bytesFromClientKnown |= o.bytesFromClientKnown;
        for (Map.Entry<String, Series> e : o.series.entrySet()) {
            Series mine = series.get(e.getKey());
            if (mine == null && series.size() < c.maxTrackedSeries()) {
                mine = new Series();
                series.put(e.getKey(), mine);
            }
            if (mine == null) {
                seriesCapped = true;
                continue;
            }
            Series theirs = e.getValue();
            for (int i = 0; i < theirs.kept; i++) {
                mine.add(theirs.times[i], c.maxTimestampsPerSeries());
            }
            mine.count += theirs.count - theirs.kept;
        }
        seriesCapped |= o.seriesCapped;
        posts += o.posts;
        opaquePosts += o.opaquePosts;
        httptunnelPosts += o.httptunnelPosts;
        httptunnelGets += o.httptunnelGets;
        socksCommands += o.socksCommands;
        socksConnects += o.socksConnects;
        socksExample = socksExample != null ? socksExample : o.socksExample;
    }

    /** Requests observed. */
    public long requests() {
        return requests;
    }

    /** The subject (user or client address) the window belongs to. */
    public String subject() {
        return subject;
    }

    /** {@code host:port} of the destination. */
    public String destination() {
        return destination;
    }

    String user() {
        return user;
    }

    /** The client address of the latest request. */
    IpAddress client() {
        return client;
    }

    long lastMs() {
        return lastMs;
    }

    long firstMs() {
        return firstMs;
    }

    long bytesToClient() {
        return bytesToClient;
    }

    long bytesFromClient() {
        return bytesFromClient;
    }

    boolean bytesFromClientKnown() {
        return bytesFromClientKnown;
    }
}
