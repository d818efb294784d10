package io.peerwatch.detect.proxy;

import io.peerwatch.core.Counters;
import io.peerwatch.core.IpAddress;
import io.peerwatch.internal.StateBinary;
import io.peerwatch.proxy.ProxyRecord;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Mutable accumulator of one (subject, destination) pair in one window: the state the Flink
 * operator keeps per key for {@link TunnelDetector}. Memory is bounded by
 * {@link TunnelConfig#maxTrackedSeries()} x {@link TunnelConfig#maxTimestampsPerSeries()}
 * timestamps. Not thread-safe; one instance per key. Kept as state in the binary form of
 * {@link #writeTo} / {@link #readFrom}.
 */
public final class TunnelWindow {

    /** Version of the binary form {@link #writeTo} writes; {@link #readFrom} reads 1 to this. */
    public static final int FORMAT_VERSION = 1;
    private static final String WHAT = "TunnelWindow";
    /** Capacity of a new series' timestamp array (it doubles up to the configured cap). */
    private static final int INITIAL_TIMES = 8;

    /** Request times of one (method, path) series. */
    static final class Series {
        long[] times = new long[INITIAL_TIMES];
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
        bytesToClient = Counters.add(bytesToClient, e.bytesToClient());
        if (e.bytesFromClient().isPresent()) {
            bytesFromClient = Counters.add(bytesFromClient, e.bytesFromClient().getAsLong());
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
        bytesToClient = Counters.add(bytesToClient, o.bytesToClient);
        bytesFromClient = Counters.add(bytesFromClient, o.bytesFromClient);
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

    /**
     * Writes this window's binary form: {@link #FORMAT_VERSION} first, then every field (JDK
     * {@link DataOutput} only, so any framework can keep it as state).
     */
    public void writeTo(DataOutput out) throws IOException {
        StateBinary.writeVersion(out, FORMAT_VERSION);
        StateBinary.writeString(out, subject);
        StateBinary.writeString(out, user);
        StateBinary.writeAddress(out, client);
        StateBinary.writeString(out, destination);
        out.writeLong(firstMs);
        out.writeLong(lastMs);
        out.writeLong(requests);
        out.writeLong(bytesToClient);
        out.writeLong(bytesFromClient);
        out.writeBoolean(bytesFromClientKnown);
        StateBinary.writeCount(out, series.size());
        for (Map.Entry<String, Series> e : series.entrySet()) {
            StateBinary.writeString(out, e.getKey());
            StateBinary.writeCount(out, e.getValue().kept);
            StateBinary.writeLongs(out, e.getValue().times, e.getValue().kept);
            out.writeLong(e.getValue().count);
        }
        out.writeBoolean(seriesCapped);
        out.writeLong(posts);
        out.writeLong(opaquePosts);
        out.writeLong(httptunnelPosts);
        out.writeLong(httptunnelGets);
        out.writeLong(socksCommands);
        out.writeLong(socksConnects);
        StateBinary.writeString(out, socksExample);
    }

    /**
     * Reads a window written by {@link #writeTo} (any version up to {@link #FORMAT_VERSION}).
     *
     * @throws IOException when the input ends early or is not such a window
     */
    public static TunnelWindow readFrom(DataInput in) throws IOException {
        StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
        TunnelWindow w = new TunnelWindow();
        w.subject = StateBinary.readPresentString(in, WHAT);
        w.user = StateBinary.readString(in, WHAT);
        w.client = StateBinary.readAddress(in, WHAT);
        w.destination = StateBinary.readPresentString(in, WHAT);
        w.firstMs = in.readLong();
        w.lastMs = in.readLong();
        w.requests = in.readLong();
        w.bytesToClient = in.readLong();
        w.bytesFromClient = in.readLong();
        w.bytesFromClientKnown = in.readBoolean();
        for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
            String key = StateBinary.readPresentString(in, WHAT);
            Series s = new Series();
            s.kept = StateBinary.readCount(in, WHAT);
            s.times = StateBinary.readLongs(in, s.kept, INITIAL_TIMES);
            s.count = in.readLong();
            w.series.put(key, s);
        }
        w.seriesCapped = in.readBoolean();
        w.posts = in.readLong();
        w.opaquePosts = in.readLong();
        w.httptunnelPosts = in.readLong();
        w.httptunnelGets = in.readLong();
        w.socksCommands = in.readLong();
        w.socksConnects = in.readLong();
        w.socksExample = StateBinary.readString(in, WHAT);
        return w;
    }
}
