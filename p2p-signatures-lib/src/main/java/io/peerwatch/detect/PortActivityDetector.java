package io.peerwatch.detect;

import io.peerwatch.core.Counters;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.internal.StateBinary;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.ports.PortEntry;
import io.peerwatch.ports.PortTable;
import io.peerwatch.ports.Transport;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AlertType#P2P_PORT_ACTIVITY}: a host that, within one window, has at least
 * {@link Config#minFlows()} flows to or from ports of the P2P port table.
 *
 * <p>A flow counts when one of its ports is in the table and the other is not a system port
 * (below 1024) outside the table. That keeps out the common false positive of a client whose
 * ephemeral port happens to fall on a table port (say 1337) while it talks to a web server on
 * 443, and still counts Direct Connect hubs on 411/412.
 *
 * <p>Usage, the way the Flink window operator drives it (one {@link Window} per host and window):
 * <pre>{@code
 * PortActivityDetector d = new PortActivityDetector(PortTable.defaults(), InternalNetworks.defaults(), Config.defaults());
 * PortActivityDetector.Window w = new PortActivityDetector.Window();
 * for (FlowRecord f : flows) d.observe(w, f);
 * Optional<Alert> alert = d.evaluate(w, host, windowStart, windowEnd);
 * }</pre>
 */
public final class PortActivityDetector implements FlowWindowDetector<PortActivityDetector.Window> {

    /**
     * Thresholds (Zeek-style named constants with defaults).
     *
     * @param window detection window length
     * @param minFlows flows on table ports within one window before a host is reported
     * @param confidence confidence reported: port evidence alone is circumstantial
     * @param severity severity reported
     * @param maxTrackedPeers cap on distinct peers remembered per host and window (bounds memory)
     */
    public record Config(Duration window, int minFlows, double confidence, Severity severity, int maxTrackedPeers) {

        /** One-minute windows, as in the walking skeleton issue. */
        public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
        /**
         * Flows on P2P ports in one window before a host is reported. A P2P client opens
         * dozens of peer connections a minute; one or two hits are usually a stray ephemeral
         * port or a single blocked attempt.
         */
        public static final int DEFAULT_MIN_FLOWS = 5;
        /** Port evidence alone is circumstantial: half confidence. */
        public static final double DEFAULT_CONFIDENCE = 0.5;
        /** Port evidence alone is of medium severity. */
        public static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;
        /** Distinct peers remembered per host and window. */
        public static final int DEFAULT_MAX_TRACKED_PEERS = 4096;

        public Config {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive: " + window);
            }
            if (minFlows < 1) {
                throw new IllegalArgumentException("minFlows must be at least 1: " + minFlows);
            }
            if (!(confidence > 0.0 && confidence <= 1.0)) {
                throw new IllegalArgumentException("confidence must be within (0, 1]: " + confidence);
            }
            if (severity == null) {
                throw new IllegalArgumentException("severity must not be null");
            }
            if (maxTrackedPeers < 1) {
                throw new IllegalArgumentException("maxTrackedPeers must be at least 1: " + maxTrackedPeers);
            }
        }

        /** The documented defaults. */
        public static Config defaults() {
            return new Config(DEFAULT_WINDOW, DEFAULT_MIN_FLOWS, DEFAULT_CONFIDENCE, DEFAULT_SEVERITY,
                    DEFAULT_MAX_TRACKED_PEERS);
        }

        /** A builder holding the defaults. */
        public static Builder builder() {
            return defaults().toBuilder();
        }

        /** A builder holding these thresholds. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        public Config withWindow(Duration w) {
            return new Config(w, minFlows, confidence, severity, maxTrackedPeers);
        }

        public Config withMinFlows(int n) {
            return new Config(window, n, confidence, severity, maxTrackedPeers);
        }

        /** Builder; {@link #build()} validates (see the record's constructor). */
        public static final class Builder {
            private Duration window;
            private int minFlows;
            private double confidence;
            private Severity severity;
            private int maxTrackedPeers;

            private Builder(Config c) {
                window = c.window;
                minFlows = c.minFlows;
                confidence = c.confidence;
                severity = c.severity;
                maxTrackedPeers = c.maxTrackedPeers;
            }

            public Builder window(Duration v) {
                window = v;
                return this;
            }

            public Builder minFlows(int v) {
                minFlows = v;
                return this;
            }

            public Builder confidence(double v) {
                confidence = v;
                return this;
            }

            public Builder severity(Severity v) {
                severity = v;
                return this;
            }

            public Builder maxTrackedPeers(int v) {
                maxTrackedPeers = v;
                return this;
            }

            /** @throws IllegalArgumentException naming the first invalid setting */
            public Config build() {
                return new Config(window, minFlows, confidence, severity, maxTrackedPeers);
            }
        }
    }

    /** A flow that hit the table, attributed to its host. */
    public record Hit(IpAddress host, IpAddress peer, PortEntry entry, int port, long bytes) {
    }

    /**
     * Mutable per-host, per-window accumulator. Not thread-safe; one per key, as Flink gives it.
     * Public fields-free on purpose: it is state, kept by the caller's framework in the binary
     * form of {@link #writeTo} / {@link #readFrom}.
     */
    public static final class Window {
        /** Version of the binary form {@link #writeTo} writes; {@link #readFrom} reads 1 to this. */
        public static final int FORMAT_VERSION = 2;
        private static final String WHAT = "PortActivityDetector.Window";

        private long flows;
        private long bytes;
        private long lastSeenMs = Long.MIN_VALUE;
        private final Map<String, Long> perEntry = new LinkedHashMap<>();
        private final Map<String, Long> perApplication = new LinkedHashMap<>();
        private final Set<IpAddress> peers = new HashSet<>();
        private boolean peersCapped;
        /**
         * Zeek connections of which one record counted and the other direction's record has not
         * come yet (a conn.log line gives a record per direction): its twin counts no flow.
         */
        private final Set<Long> zeekWaiting = new HashSet<>();

        /** Flows counted so far. */
        public long flows() {
            return flows;
        }

        /** Merges another accumulator of the same host into this one. */
        public void merge(Window other, int maxPeers) {
            flows += other.flows;
            bytes = Counters.add(bytes, other.bytes);
            lastSeenMs = Math.max(lastSeenMs, other.lastSeenMs);
            other.perEntry.forEach((k, v) -> perEntry.merge(k, v, Long::sum));
            other.perApplication.forEach((k, v) -> perApplication.merge(k, v, Long::sum));
            for (IpAddress p : other.peers) {
                addPeer(p, maxPeers);
            }
            for (Long c : other.zeekWaiting) {
                if (!zeekWaiting.remove(c)) {
                    zeekWaiting.add(c);
                } else {
                    flows--; // both directions of one connection counted, one in each part
                }
            }
            peersCapped |= other.peersCapped;
        }

        private void addPeer(IpAddress p, int maxPeers) {
            if (peers.size() < maxPeers) {
                peers.add(p);
            } else if (!peers.contains(p)) {
                peersCapped = true;
            }
        }

        /**
         * Writes this window's binary form: {@link #FORMAT_VERSION} first, then every field
         * (JDK {@link DataOutput} only, so any framework can keep it as state).
         */
        public void writeTo(DataOutput out) throws IOException {
            StateBinary.writeVersion(out, FORMAT_VERSION);
            out.writeLong(flows);
            out.writeLong(bytes);
            out.writeLong(lastSeenMs);
            writeCounts(out, perEntry);
            writeCounts(out, perApplication);
            StateBinary.writeCount(out, peers.size());
            for (IpAddress p : peers) {
                StateBinary.writeAddress(out, p);
            }
            out.writeBoolean(peersCapped);
            StateBinary.writeCount(out, zeekWaiting.size());
            for (long c : zeekWaiting) {
                out.writeLong(c);
            }
        }

        /**
         * Reads a window written by {@link #writeTo} (any version up to {@link #FORMAT_VERSION}).
         *
         * @throws IOException when the input ends early or is not such a window
         */
        public static Window readFrom(DataInput in) throws IOException {
            int version = StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
            Window w = new Window();
            w.flows = in.readLong();
            w.bytes = in.readLong();
            w.lastSeenMs = in.readLong();
            readCounts(in, w.perEntry);
            readCounts(in, w.perApplication);
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                w.peers.add(StateBinary.readPresentAddress(in, WHAT));
            }
            w.peersCapped = in.readBoolean();
            if (version >= 2) {
                for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                    w.zeekWaiting.add(in.readLong());
                }
            }
            return w;
        }

        private static void writeCounts(DataOutput out, Map<String, Long> counts) throws IOException {
            StateBinary.writeCount(out, counts.size());
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                StateBinary.writeString(out, e.getKey());
                out.writeLong(e.getValue());
            }
        }

        private static void readCounts(DataInput in, Map<String, Long> into) throws IOException {
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                into.put(StateBinary.readPresentString(in, WHAT), in.readLong());
            }
        }
    }

    private final PortTable table;
    private final InternalNetworks internal;
    private final Config config;
    private final NoticePolicy policy;

    public PortActivityDetector(PortTable table, InternalNetworks internal, Config config) {
        this(table, internal, config, NoticePolicy.defaults());
    }

    public PortActivityDetector(PortTable table, InternalNetworks internal, Config config, NoticePolicy policy) {
        this.table = table;
        this.internal = internal;
        this.config = config;
        this.policy = policy;
    }

    /** The thresholds in use. */
    public Config config() {
        return config;
    }

    /** The host a flow record is attributed to (its source is taken as the initiator). */
    public IpAddress hostOf(FlowRecord f) {
        return internal.hostOf(f.src(), f.dst());
    }

    @Override
    public Duration window() {
        return config.window();
    }

    @Override
    public Window newWindow() {
        return new Window();
    }

    /** One host per record: the internal side, else the source ({@link #hostOf}). */
    @Override
    public List<IpAddress> hostsOf(FlowRecord f) {
        return List.of(hostOf(f));
    }

    /** Counts the record when it hits the table; {@code host} is always {@link #hostOf}'s answer here. */
    @Override
    public boolean observe(Window w, IpAddress host, FlowRecord f) {
        return observe(w, f);
    }

    @Override
    public void merge(Window into, Window other) {
        into.merge(other, config.maxTrackedPeers());
    }

    /** The table hit for one flow record, if it counts (see the class comment for the rule). */
    public Optional<Hit> match(FlowRecord f) {
        Optional<Transport> t = Transport.ofIpProtocol(f.ipProtocol());
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Optional<PortEntry> dst = table.lookup(t.get(), f.dstPort());
        Optional<PortEntry> src = table.lookup(t.get(), f.srcPort());
        PortEntry e;
        int port;
        if (dst.isPresent() && (src.isPresent() || !isSystemPort(f.srcPort()))) {
            e = dst.get();
            port = f.dstPort();
        } else if (src.isPresent() && !isSystemPort(f.dstPort())) {
            e = src.get();
            port = f.srcPort();
        } else {
            return Optional.empty();
        }
        IpAddress host = hostOf(f);
        IpAddress peer = host.equals(f.src()) ? f.dst() : f.src();
        return Optional.of(new Hit(host, peer, e, port, f.bytes()));
    }

    /** Most frequent first, then by name, so evidence order is deterministic. */
    private static List<Map.Entry<String, Long>> ranked(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> out = new ArrayList<>(counts.entrySet());
        out.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return out;
    }

    private static boolean isSystemPort(int port) {
        return port > 0 && port < 1024;
    }

    /** Adds one flow record to a host's window; returns true when it counted. */
    public boolean observe(Window w, FlowRecord f) {
        Optional<Hit> hit = match(f);
        hit.ifPresent(h -> add(w, h, f));
        return hit.isPresent();
    }

    private void add(Window w, Hit h, FlowRecord f) {
        if (!secondDirectionOfZeekConnection(w, f)) {
            w.flows++;
        }
        long timeMs = f.endMs();
        w.bytes = Counters.add(w.bytes, h.bytes());
        w.lastSeenMs = Math.max(w.lastSeenMs, timeMs);
        w.perEntry.merge(h.port() + "/" + h.entry().transport().label() + " " + h.entry().application(), 1L, Long::sum);
        w.perApplication.merge(h.entry().application(), 1L, Long::sum);
        w.addPeer(h.peer(), config.maxTrackedPeers());
    }

    /**
     * A Zeek {@code conn.log} line is one connection but two flow records (one per direction that
     * sent packets): the second record of a connection to reach the window counts its bytes and
     * peer but no flow, so {@link Config#minFlows()} counts connections. The two records share
     * their endpoints, protocol and times; at most {@link Config#maxTrackedPeers()} connections
     * wait for their twin per window (past that a twin counts again, as NetFlow's records do).
     */
    private boolean secondDirectionOfZeekConnection(Window w, FlowRecord f) {
        if (f.sourceKind() != FlowSourceKind.ZEEK_CONN) {
            return false;
        }
        long c = connectionKey(f);
        if (w.zeekWaiting.remove(c)) {
            return true;
        }
        if (w.zeekWaiting.size() < config.maxTrackedPeers()) {
            w.zeekWaiting.add(c);
        }
        return false;
    }

    /** The same for both directions' records of one connection. */
    private static long connectionKey(FlowRecord f) {
        long a = endpointHash(f.src(), f.srcPort());
        long b = endpointHash(f.dst(), f.dstPort());
        long h = (a ^ b) * 0x9E3779B97F4A7C15L + (a + b);
        h = h * 31 + f.ipProtocol();
        h = h * 0x9E3779B97F4A7C15L + f.startMs();
        return h * 31 + f.endMs();
    }

    private static long endpointHash(IpAddress address, int port) {
        return address.hashCode() * 0x100000001B3L + port;
    }

    /**
     * Decides at the end of a window.
     *
     * @return an alert when the host reached {@link Config#minFlows()}
     */
    @Override
    public Optional<Alert> evaluate(Window w, IpAddress host, long windowStartMs, long windowEndMs) {
        if (w.flows < config.minFlows()) {
            return Optional.empty();
        }
        List<Evidence> evidence = new ArrayList<>();
        List<Map.Entry<String, Long>> apps = ranked(w.perApplication);
        for (Map.Entry<String, Long> e : apps) {
            evidence.add(new Evidence("application", e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, Long> e : ranked(w.perEntry)) {
            evidence.add(new Evidence("port", e.getKey(), e.getValue()));
        }
        String peersText = w.peers.size() + (w.peersCapped ? "+" : "") + " distinct peers";
        evidence.add(new Evidence("peers", peersText, Math.max(1, w.peers.size())));
        String application = apps.get(0).getKey();
        return Optional.of(HostWindowAlert.builder(AlertType.P2P_PORT_ACTIVITY, host, windowStartMs, windowEndMs,
                        w.lastSeenMs, policy)
                .protocol(application)
                .severity(config.severity())
                .confidence(config.confidence())
                .evidence(evidence)
                .bytes(w.bytes)
                .distinctPeers(w.peers.size())
                .build());
    }
}
