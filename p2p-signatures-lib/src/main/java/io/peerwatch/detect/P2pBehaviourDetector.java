package io.peerwatch.detect;

import io.peerwatch.core.Counters;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.internal.StateBinary;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AlertType#P2P_BEHAVIOUR}: flow-only heuristics that a host runs a peer-to-peer client,
 * no payload needed. After T. Karagiannis, A. Broido, M. Faloutsos, K. claffy, "Transport layer
 * identification of P2P traffic", ACM IMC 2004, which identifies P2P from connection patterns:
 * <ol>
 * <li><b>TCP/UDP IP pairs</b> (paper §4.1): P2P clients talk to the same peers over both TCP
 * (transfers) and UDP (queries, DHT, uTP). Counted: peers reached over both transports on
 * non-service ports, leaving out ports of the exclusion list (DNS, NTP, NetBIOS/SMB, IRC,
 * streaming, games, VPN, VoIP/STUN ... {@link Config#DEFAULT_EXCLUDED_PORTS}) where ordinary
 * applications also mix transports.</li>
 * <li><b>{IP, port} pairs</b> (paper §4.2): at a P2P client's listening {IP, port}, each remote peer
 * connects about once, so distinct peer addresses ≈ distinct peer ports; a web server's clients
 * open several connections each (ports ≫ addresses). Counted: endpoints of the host on a high,
 * non-excluded port with at least {@link Config#minEndpointPeers()} peer addresses and no more than
 * {@code addresses × (1 + endpointPortSlack)} peer ports.</li>
 * <li><b>Many peers on high ports</b>: distinct peers where both ends use non-well-known ports
 * (the seed paper's "unusual port activity"; P2P uses arbitrary high ports).</li>
 * <li><b>Long symmetric flows</b>: long connections with comparable bytes each way, as peers
 * trading pieces do (tit-for-tat), unlike downloads; needs both directions of a connection in the
 * window (see {@link FlowHosts}).</li>
 * </ol>
 * Each fired heuristic adds its weight to a score; the host is reported when the score reaches
 * {@link Config#minScore()}. With the defaults either of the paper's two heuristics suffices
 * alone, the two supporting ones only together. The evidence names every heuristic that fired with
 * its count.
 *
 * <p>Usage, per host and window (the Flink window operator keeps the {@link Window} as state):
 * <pre>{@code
 * P2pBehaviourDetector d = new P2pBehaviourDetector(nets, P2pBehaviourConfig.defaults());
 * P2pBehaviourDetector.Window w = new P2pBehaviourDetector.Window();
 * for (FlowRecord f : flows) for (IpAddress h : FlowHosts.hostsOf(f, nets)) if (h.equals(host)) d.observe(w, host, f);
 * Optional<Alert> alert = d.evaluate(w, host, windowStart, windowEnd);
 * }</pre>
 *
 * <p>Memory per host and window is bounded by the {@code maxTracked*} settings: at most
 * {@code maxTrackedPeers} peers, {@code maxTrackedEndpoints × maxEndpointPeers} endpoint entries and
 * {@code maxTrackedConnections} connections: with the defaults about 13,000 collection entries,
 * roughly 1.5 MB in the worst case; an ordinary host holds a few KB.
 */
public final class P2pBehaviourDetector implements FlowWindowDetector<P2pBehaviourDetector.Window> {

    /** Heuristic names, as used in evidence. */
    static final String TCP_UDP = "tcp-udp-peers";
    static final String ENDPOINT = "ip-port-pairs";
    static final String HIGH_PORTS = "high-port-peers";
    static final String LONG_SYMMETRIC = "long-symmetric-flows";
    private static final int TCP_BIT = 1;
    private static final int UDP_BIT = 2;
    private static final int EVIDENCE_EXAMPLES = 5;

    private final InternalNetworks internal;
    private final P2pBehaviourConfig config;
    private final NoticePolicy policy;
    private final boolean[] excluded = new boolean[0x10000];

    public P2pBehaviourDetector(InternalNetworks internal, P2pBehaviourConfig config) {
        this(internal, config, NoticePolicy.defaults());
    }

    public P2pBehaviourDetector(InternalNetworks internal, P2pBehaviourConfig config, NoticePolicy policy) {
        this.internal = internal;
        this.config = config;
        this.policy = policy;
        for (int p : config.excludedPorts()) {
            excluded[p] = true;
        }
    }

    /** The thresholds in use. */
    public P2pBehaviourConfig config() {
        return config;
    }

    @Override
    public java.time.Duration window() {
        return config.window();
    }

    @Override
    public Window newWindow() {
        return new Window();
    }

    @Override
    public void merge(Window into, Window other) {
        into.merge(other, config);
    }

    /** The hosts whose windows {@code f} belongs to ({@link FlowHosts#hostsOf}). */
    @Override
    public List<IpAddress> hostsOf(FlowRecord f) {
        return FlowHosts.hostsOf(f, internal);
    }

    /**
     * Mutable per-host, per-window accumulator. Not thread-safe; one per key, as Flink gives it.
     * Kept as state in the binary form of {@link #writeTo} / {@link #readFrom}.
     */
    public static final class Window {
        /** Version of the binary form {@link #writeTo} writes; {@link #readFrom} reads 1 to this. */
        public static final int FORMAT_VERSION = 1;
        private static final String WHAT = "P2pBehaviourDetector.Window";

        long flows;
        long bytes;
        long lastSeenMs = Long.MIN_VALUE;
        boolean capped;
        /** Every peer, for the distinct-peer count. */
        final java.util.Set<IpAddress> peers = new java.util.HashSet<>();
        /** Peers on high, non-excluded ports: bit 1 TCP, bit 2 UDP. */
        final Map<IpAddress, Integer> highPortPeers = new java.util.HashMap<>();
        /** (protocol << 16 | host port) to the peers seen there. */
        final Map<Integer, Endpoint> endpoints = new java.util.HashMap<>();
        final Map<Conn, Conn> connections = new java.util.HashMap<>();

        /** Flow records observed in this window. */
        public long flows() {
            return flows;
        }

        /** Merges another accumulator of the same host into this one (session windows). */
        public void merge(Window other, P2pBehaviourConfig c) {
            flows += other.flows;
            bytes = Counters.add(bytes, other.bytes);
            lastSeenMs = Math.max(lastSeenMs, other.lastSeenMs);
            capped |= other.capped;
            other.peers.forEach(p -> addCapped(peers, p, c.maxTrackedPeers()));
            other.highPortPeers.forEach((p, bits) -> {
                if (highPortPeers.size() < c.maxTrackedPeers() || highPortPeers.containsKey(p)) {
                    highPortPeers.merge(p, bits, (a, b) -> a | b);
                } else {
                    capped = true;
                }
            });
            other.endpoints.forEach((k, e) -> {
                Endpoint mine = endpoint(k, c);
                if (mine != null) {
                    e.addresses.forEach(a -> mine.addresses.add(a));
                    e.ports.forEach(p -> mine.ports.add(p));
                }
            });
            other.connections.forEach((k, v) -> {
                Conn mine = connection(k, c);
                if (mine != null) {
                    mine.add(v);
                }
            });
        }

        private void addCapped(java.util.Set<IpAddress> set, IpAddress a, int max) {
            if (set.size() < max) {
                set.add(a);
            } else if (!set.contains(a)) {
                capped = true;
            }
        }

        /** The endpoint for {@code key}, making room by dropping a one-peer endpoint; null when full. */
        Endpoint endpoint(int key, P2pBehaviourConfig c) {
            Endpoint e = endpoints.get(key);
            if (e != null) {
                return e;
            }
            if (endpoints.size() >= c.maxTrackedEndpoints()) {
                // ephemeral client ports fill the table with one-peer endpoints; a listener needs room
                Integer victim = null;
                for (Map.Entry<Integer, Endpoint> x : endpoints.entrySet()) {
                    if (x.getValue().addresses.size() <= 1) {
                        victim = x.getKey();
                        break;
                    }
                }
                if (victim == null) {
                    capped = true;
                    return null;
                }
                endpoints.remove(victim);
            }
            e = new Endpoint();
            endpoints.put(key, e);
            return e;
        }

        Conn connection(Conn key, P2pBehaviourConfig c) {
            Conn k = connections.get(key);
            if (k == null) {
                if (connections.size() >= c.maxTrackedConnections()) {
                    capped = true;
                    return null;
                }
                k = new Conn(key.peer, key.protocol, key.hostPort, key.peerPort);
                connections.put(k, k);
            }
            return k;
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
            out.writeBoolean(capped);
            writeAddresses(out, peers);
            StateBinary.writeCount(out, highPortPeers.size());
            for (Map.Entry<IpAddress, Integer> e : highPortPeers.entrySet()) {
                StateBinary.writeAddress(out, e.getKey());
                out.writeByte(e.getValue());
            }
            StateBinary.writeCount(out, endpoints.size());
            for (Map.Entry<Integer, Endpoint> e : endpoints.entrySet()) {
                out.writeInt(e.getKey());
                writeAddresses(out, e.getValue().addresses);
                StateBinary.writeCount(out, e.getValue().ports.size());
                for (int p : e.getValue().ports) {
                    out.writeShort(p);
                }
            }
            StateBinary.writeCount(out, connections.size());
            for (Conn c : connections.values()) {
                StateBinary.writeAddress(out, c.peer);
                out.writeByte(c.protocol);
                out.writeShort(c.hostPort);
                out.writeShort(c.peerPort);
                out.writeLong(c.bytesOut);
                out.writeLong(c.bytesIn);
                out.writeLong(c.startMs);
                out.writeLong(c.endMs);
            }
        }

        /**
         * Reads a window written by {@link #writeTo} (any version up to {@link #FORMAT_VERSION}).
         *
         * @throws IOException when the input ends early or is not such a window
         */
        public static Window readFrom(DataInput in) throws IOException {
            StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
            Window w = new Window();
            w.flows = in.readLong();
            w.bytes = in.readLong();
            w.lastSeenMs = in.readLong();
            w.capped = in.readBoolean();
            readAddresses(in, w.peers);
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                w.highPortPeers.put(StateBinary.readPresentAddress(in, WHAT), in.readUnsignedByte());
            }
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                Endpoint e = new Endpoint();
                w.endpoints.put(in.readInt(), e);
                readAddresses(in, e.addresses);
                for (int k = StateBinary.readCount(in, WHAT); k > 0; k--) {
                    e.ports.add(in.readUnsignedShort());
                }
            }
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                Conn c = new Conn(StateBinary.readPresentAddress(in, WHAT), in.readUnsignedByte(),
                        in.readUnsignedShort(), in.readUnsignedShort());
                c.bytesOut = in.readLong();
                c.bytesIn = in.readLong();
                c.startMs = in.readLong();
                c.endMs = in.readLong();
                w.connections.put(c, c);
            }
            return w;
        }

        private static void writeAddresses(DataOutput out, java.util.Set<IpAddress> set) throws IOException {
            StateBinary.writeCount(out, set.size());
            for (IpAddress a : set) {
                StateBinary.writeAddress(out, a);
            }
        }

        private static void readAddresses(DataInput in, java.util.Set<IpAddress> into) throws IOException {
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                into.add(StateBinary.readPresentAddress(in, WHAT));
            }
        }
    }

    /** Peers seen at one endpoint of the host. */
    static final class Endpoint {
        final java.util.Set<IpAddress> addresses = new java.util.HashSet<>();
        final java.util.Set<Integer> ports = new java.util.HashSet<>();
    }

    /** One connection of the host (both directions): key fields and byte totals. */
    static final class Conn {
        final IpAddress peer;
        final int protocol;
        final int hostPort;
        final int peerPort;
        long bytesOut;
        long bytesIn;
        long startMs = Long.MAX_VALUE;
        long endMs = Long.MIN_VALUE;

        Conn(IpAddress peer, int protocol, int hostPort, int peerPort) {
            this.peer = peer;
            this.protocol = protocol;
            this.hostPort = hostPort;
            this.peerPort = peerPort;
        }

        void add(Conn o) {
            bytesOut = Counters.add(bytesOut, o.bytesOut);
            bytesIn = Counters.add(bytesIn, o.bytesIn);
            startMs = Math.min(startMs, o.startMs);
            endMs = Math.max(endMs, o.endMs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Conn c && c.protocol == protocol && c.hostPort == hostPort && c.peerPort == peerPort
                    && c.peer.equals(peer);
        }

        @Override
        public int hashCode() {
            return (peer.hashCode() * 31 + protocol) * 31 + (hostPort << 16 ^ peerPort);
        }
    }

    /**
     * Adds one flow record to {@code host}'s window.
     *
     * @return false when the host is neither end of the record (nothing counted)
     */
    @Override
    public boolean observe(Window w, IpAddress host, FlowRecord f) {
        boolean out = host.equals(f.src());
        if (!out && !host.equals(f.dst())) {
            return false;
        }
        IpAddress peer = out ? f.dst() : f.src();
        w.flows++;
        w.bytes = Counters.add(w.bytes, f.bytes());
        w.lastSeenMs = Math.max(w.lastSeenMs, f.endMs());
        w.addCapped(w.peers, peer, config.maxTrackedPeers());
        int protocol = f.ipProtocol();
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            return true;
        }
        int hostPort = out ? f.srcPort() : f.dstPort();
        int peerPort = out ? f.dstPort() : f.srcPort();
        if (excluded[hostPort] || excluded[peerPort] || hostPort < config.highPortLimit()
                || peerPort < config.highPortLimit()) {
            return true; // service or excluded ports: client/server traffic, no peer-to-peer evidence
        }
        int bit = protocol == IpProtocol.TCP ? TCP_BIT : UDP_BIT;
        if (w.highPortPeers.size() < config.maxTrackedPeers() || w.highPortPeers.containsKey(peer)) {
            w.highPortPeers.merge(peer, bit, (a, b) -> a | b);
        } else {
            w.capped = true;
        }
        Endpoint e = w.endpoint(protocol << 16 | hostPort, config);
        if (e != null && (e.addresses.size() < config.maxEndpointPeers() || e.addresses.contains(peer))) {
            e.addresses.add(peer);
            if (e.ports.size() < config.maxEndpointPeers()) {
                e.ports.add(peerPort);
            }
        }
        Conn c = w.connection(new Conn(peer, protocol, hostPort, peerPort), config);
        if (c != null) {
            if (out) {
                c.bytesOut = Counters.add(c.bytesOut, f.bytes());
            } else {
                c.bytesIn = Counters.add(c.bytesIn, f.bytes());
            }
            c.startMs = Math.min(c.startMs, f.startMs());
            c.endMs = Math.max(c.endMs, f.endMs());
        }
        return true;
    }

    /**
     * Decides at the end of a window.
     *
     * @return an alert when the weighted score of the heuristics that fired reaches the minimum
     */
    @Override
    public Optional<Alert> evaluate(Window w, IpAddress host, long windowStartMs, long windowEndMs) {
        List<Evidence> evidence = new ArrayList<>();
        double score = 0;
        StringBuilder parts = new StringBuilder();

        List<IpAddress> both = w.highPortPeers.entrySet().stream().filter(x -> x.getValue() == (TCP_BIT | UDP_BIT))
                .map(Map.Entry::getKey).sorted().toList();
        if (both.size() >= config.minTcpUdpPeers()) {
            score += config.tcpUdpWeight();
            parts.append(part(TCP_UDP, config.tcpUdpWeight()));
            evidence.add(new Evidence(TCP_UDP, peers(both.size()) + " reached over both TCP and UDP on high ports: "
                    + examples(both), both.size()));
        }

        List<Map.Entry<Integer, Endpoint>> listeners = w.endpoints.entrySet().stream()
                .filter(x -> x.getValue().addresses.size() >= config.minEndpointPeers()
                        && x.getValue().ports.size() <= x.getValue().addresses.size() * (1 + config.endpointPortSlack()))
                .sorted(Comparator.comparingInt((Map.Entry<Integer, Endpoint> x) -> -x.getValue().addresses.size())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        if (!listeners.isEmpty()) {
            score += config.endpointWeight();
            parts.append(part(ENDPOINT, config.endpointWeight()));
            Map.Entry<Integer, Endpoint> top = listeners.get(0);
            evidence.add(new Evidence(ENDPOINT, (top.getKey() & 0xffff) + "/"
                    + IpProtocol.name(top.getKey() >>> 16) + ": " + top.getValue().addresses.size()
                    + " peer addresses from " + top.getValue().ports.size() + " peer ports"
                    + (listeners.size() > 1 ? " (" + listeners.size() + " such endpoints)" : ""),
                    top.getValue().addresses.size()));
        }

        int highPeers = w.highPortPeers.size();
        if (highPeers >= config.minHighPortPeers()) {
            score += config.highPortWeight();
            parts.append(part(HIGH_PORTS, config.highPortWeight()));
            evidence.add(new Evidence(HIGH_PORTS, highPeers + (w.capped ? "+ peers" : highPeers == 1 ? " peer" : " peers")
                    + " with both ports >= " + config.highPortLimit(), highPeers));
        }

        long symmetric = w.connections.values().stream().filter(this::longSymmetric).count();
        if (symmetric >= config.minLongSymmetricFlows()) {
            score += config.longSymmetricWeight();
            parts.append(part(LONG_SYMMETRIC, config.longSymmetricWeight()));
            evidence.add(new Evidence(LONG_SYMMETRIC, symmetric + " connections of at least "
                    + config.minLongFlow().toSeconds() + " s with bytes each way within "
                    + fmt(config.maxByteRatio()) + "x", symmetric));
        }

        if (evidence.isEmpty() || score < config.minScore()) {
            return Optional.empty();
        }
        evidence.add(new Evidence("score", fmt(score) + " (reported at " + fmt(config.minScore()) + "): "
                + parts.substring(3), 1));
        double confidence = Math.min(config.maxConfidence(), score * config.confidencePerPoint());
        return Optional.of(HostWindowAlert.builder(AlertType.P2P_BEHAVIOUR, host, windowStartMs, windowEndMs,
                        w.lastSeenMs, policy)
                .severity(config.severity())
                .confidence(confidence)
                .evidence(evidence)
                .bytes(w.bytes)
                .distinctPeers(w.peers.size())
                .build());
    }

    private boolean longSymmetric(Conn c) {
        long low = Math.min(c.bytesOut, c.bytesIn);
        long high = Math.max(c.bytesOut, c.bytesIn);
        return c.endMs - c.startMs >= config.minLongFlow().toMillis() && low >= config.minLongFlowBytes()
                && high <= low * config.maxByteRatio();
    }

    private static String peers(int n) {
        return n == 1 ? "1 peer" : n + " peers";
    }

    private static String part(String name, double weight) {
        return " + " + name + " " + fmt(weight);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String examples(List<IpAddress> peers) {
        String s = peers.stream().limit(EVIDENCE_EXAMPLES).map(IpAddress::toString)
                .reduce((a, b) -> a + ", " + b).orElse("");
        return peers.size() > EVIDENCE_EXAMPLES ? s + ", ..." : s;
    }
}
