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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AlertType#INTERNAL_SCAN}: an internal host probing many internal peers on one port
 * (sweep, Zeek's address scan) or many ports on one internal peer (vertical scan, Zeek's port
 * scan), as P2P clients do when they look for peers and host caches on the LAN (the seed paper's
 * detection method 4) and as worms do.
 *
 * <p>Only connection attempts made by the host count, judged from the flow record: a TCP record
 * with SYN and no ACK is an attempt that failed (Zeek's S0/REJ: the initiator never completed the
 * handshake); a TCP record with SYN and ACK is the host's own connection when it goes to a lower
 * port than it comes from (else it is the host answering); a TCP record without SYN is mid-stream
 * or a reply and is not counted; UDP records count by the same port rule and ICMP echo requests
 * always; with {@link InternalScanConfig#singlePacketFailure()} a one-packet attempt of unknown
 * outcome counts as failed. When the source states the outcome (Zeek {@code conn_state}, see
 * {@link ConnOutcome}) that decides instead. The share of failed attempts is required to reach
 * {@link InternalScanConfig#minFailedRatio()} and raises the confidence; it is listed as evidence.
 *
 * <p>Usage per host and window (feed the records {@link FlowHosts#hostsOf} assigns to the host):
 * <pre>{@code
 * InternalScanDetector d = new InternalScanDetector(nets, InternalScanConfig.defaults());
 * InternalScanDetector.Window w = new InternalScanDetector.Window();
 * for (FlowRecord f : hostFlows) d.observe(w, host, f);
 * Optional<Alert> alert = d.evaluate(w, host, windowStart, windowEnd);
 * }</pre>
 *
 * <p>Memory per host and window is bounded by {@code maxTrackedPorts × maxPeersPerPort +
 * maxTrackedPeers × maxPortsPerPeer} entries: 12,288 with the defaults, roughly 1 MB, reached only
 * by a host that is scanning; an ordinary host holds a few entries.
 */
public final class InternalScanDetector implements FlowWindowDetector<InternalScanDetector.Window> {
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMPV6_ECHO_REQUEST = 128;
    private static final int EVIDENCE_LINES = 3;

    private final InternalNetworks internal;
    private final InternalScanConfig config;
    private final NoticePolicy policy;

    public InternalScanDetector(InternalNetworks internal, InternalScanConfig config) {
        this(internal, config, NoticePolicy.defaults());
    }

    public InternalScanDetector(InternalNetworks internal, InternalScanConfig config, NoticePolicy policy) {
        this.internal = internal;
        this.config = config;
        this.policy = policy;
    }

    /** The thresholds in use. */
    public InternalScanConfig config() {
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
     * Mutable per-host, per-window accumulator. Not thread-safe; one per key. Kept as state in the
     * binary form of {@link #writeTo} / {@link #readFrom}.
     */
    public static final class Window {
        /** Version of the binary form {@link #writeTo} writes; {@link #readFrom} reads 1 to this. */
        public static final int FORMAT_VERSION = 1;
        private static final String WHAT = "InternalScanDetector.Window";

        long attempts;
        long failed;
        long bytes;
        long lastSeenMs = Long.MIN_VALUE;
        boolean capped;
        /** (protocol << 16 | port) to the internal peers probed there. */
        final Map<Integer, Set<IpAddress>> peersByPort = new HashMap<>();
        /** Internal peer to the (protocol << 16 | port) keys probed on it. */
        final Map<IpAddress, Set<Integer>> portsByPeer = new HashMap<>();
        final Map<ConnOutcome, Long> outcomes = new EnumMap<>(ConnOutcome.class);

        /** Connection attempts counted in this window. */
        public long attempts() {
            return attempts;
        }

        /** Of which failed. */
        public long failed() {
            return failed;
        }

        /** Merges another accumulator of the same host into this one (session windows). */
        public void merge(Window other, InternalScanConfig c) {
            attempts += other.attempts;
            failed += other.failed;
            bytes = Counters.add(bytes, other.bytes);
            lastSeenMs = Math.max(lastSeenMs, other.lastSeenMs);
            capped |= other.capped;
            other.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            other.peersByPort.forEach((port, peers) -> peers.forEach(p -> add(peersByPort, port, p,
                    c.maxTrackedPorts(), c.maxPeersPerPort())));
            other.portsByPeer.forEach((peer, ports) -> ports.forEach(p -> add(portsByPeer, peer, p,
                    c.maxTrackedPeers(), c.maxPortsPerPeer())));
        }

        /** Adds {@code value} under {@code key}, making room by dropping a one-value key when full. */
        <K, V> void add(Map<K, Set<V>> map, K key, V value, int maxKeys, int maxValues) {
            Set<V> set = map.get(key);
            if (set == null) {
                if (map.size() >= maxKeys) {
                    K victim = null;
                    for (Map.Entry<K, Set<V>> e : map.entrySet()) {
                        if (e.getValue().size() <= 1) {
                            victim = e.getKey();
                            break;
                        }
                    }
                    if (victim == null) {
                        capped = true;
                        return;
                    }
                    map.remove(victim);
                }
                set = new HashSet<>();
                map.put(key, set);
            }
            if (set.size() < maxValues) {
                set.add(value);
            } else if (!set.contains(value)) {
                capped = true;
            }
        }

        /**
         * Writes this window's binary form: {@link #FORMAT_VERSION} first, then every field
         * (JDK {@link DataOutput} only, so any framework can keep it as state).
         */
        public void writeTo(DataOutput out) throws IOException {
            StateBinary.writeVersion(out, FORMAT_VERSION);
            out.writeLong(attempts);
            out.writeLong(failed);
            out.writeLong(bytes);
            out.writeLong(lastSeenMs);
            out.writeBoolean(capped);
            StateBinary.writeCount(out, peersByPort.size());
            for (Map.Entry<Integer, Set<IpAddress>> e : peersByPort.entrySet()) {
                out.writeInt(e.getKey());
                StateBinary.writeCount(out, e.getValue().size());
                for (IpAddress a : e.getValue()) {
                    StateBinary.writeAddress(out, a);
                }
            }
            StateBinary.writeCount(out, portsByPeer.size());
            for (Map.Entry<IpAddress, Set<Integer>> e : portsByPeer.entrySet()) {
                StateBinary.writeAddress(out, e.getKey());
                StateBinary.writeCount(out, e.getValue().size());
                for (int k : e.getValue()) {
                    out.writeInt(k);
                }
            }
            StateBinary.writeCount(out, outcomes.size());
            for (Map.Entry<ConnOutcome, Long> e : outcomes.entrySet()) {
                StateBinary.writeEnum(out, e.getKey());
                out.writeLong(e.getValue());
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
            w.attempts = in.readLong();
            w.failed = in.readLong();
            w.bytes = in.readLong();
            w.lastSeenMs = in.readLong();
            w.capped = in.readBoolean();
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                Set<IpAddress> peers = new HashSet<>();
                w.peersByPort.put(in.readInt(), peers);
                for (int k = StateBinary.readCount(in, WHAT); k > 0; k--) {
                    peers.add(StateBinary.readPresentAddress(in, WHAT));
                }
            }
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                Set<Integer> ports = new HashSet<>();
                w.portsByPeer.put(StateBinary.readPresentAddress(in, WHAT), ports);
                for (int k = StateBinary.readCount(in, WHAT); k > 0; k--) {
                    ports.add(in.readInt());
                }
            }
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                w.outcomes.put(StateBinary.readEnum(in, ConnOutcome.class, WHAT), in.readLong());
            }
            return w;
        }
    }

    /** Adds one flow record to {@code host}'s window; returns true when it counted as an attempt. */
    @Override
    public boolean observe(Window w, IpAddress host, FlowRecord f) {
        return observe(w, host, f, ConnOutcome.UNKNOWN);
    }

    /**
     * Adds one flow record whose connection outcome the source knows (Zeek's {@code conn_state});
     * {@link ConnOutcome#UNKNOWN} falls back to flags and ports.
     */
    public boolean observe(Window w, IpAddress host, FlowRecord f, ConnOutcome outcome) {
        if (!host.equals(f.src()) || host.equals(f.dst()) || !internal.isConfiguredInternal(f.dst())) {
            return false;
        }
        Boolean failed = attempt(f, outcome);
        if (failed == null) {
            return false;
        }
        w.attempts++;
        if (failed) {
            w.failed++;
        }
        if (outcome != ConnOutcome.UNKNOWN) {
            w.outcomes.merge(outcome, 1L, Long::sum);
        }
        w.bytes = Counters.add(w.bytes, f.bytes());
        w.lastSeenMs = Math.max(w.lastSeenMs, f.endMs());
        int key = f.ipProtocol() << 16 | f.dstPort();
        w.add(w.peersByPort, key, f.dst(), config.maxTrackedPorts(), config.maxPeersPerPort());
        w.add(w.portsByPeer, f.dst(), key, config.maxTrackedPeers(), config.maxPortsPerPeer());
        return true;
    }

    /** Null when the record is not an attempt by its source, else whether the attempt failed. */
    private Boolean attempt(FlowRecord f, ConnOutcome outcome) {
        if (outcome != ConnOutcome.UNKNOWN) {
            return outcome.failed();
        }
        int protocol = f.ipProtocol();
        boolean onePacket = config.singlePacketFailure() && f.packets() <= 1;
        if (protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6) {
            int type = f.dstPort() >>> 8;
            return type == ICMP_ECHO_REQUEST || type == ICMPV6_ECHO_REQUEST ? onePacket : null;
        }
        if (protocol == IpProtocol.TCP && f.tcpFlags() != 0) {
            boolean syn = (f.tcpFlags() & SYN) != 0;
            boolean ack = (f.tcpFlags() & ACK) != 0;
            if (!syn) {
                return null;
            }
            if (!ack) {
                return true;
            }
            return f.dstPort() <= f.srcPort() ? Boolean.FALSE : null;
        }
        return f.dstPort() <= f.srcPort() ? onePacket : null;
    }

    /**
     * Decides at the end of a window.
     *
     * @return an alert when a sweep or a vertical scan reached its threshold with enough failures
     */
    @Override
    public Optional<Alert> evaluate(Window w, IpAddress host, long windowStartMs, long windowEndMs) {
        List<Map.Entry<Integer, Set<IpAddress>>> sweeps = w.peersByPort.entrySet().stream()
                .filter(e -> e.getValue().size() >= config.minSweepPeers())
                .sorted(Comparator.comparingInt((Map.Entry<Integer, Set<IpAddress>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        List<Map.Entry<IpAddress, Set<Integer>>> verticals = w.portsByPeer.entrySet().stream()
                .filter(e -> e.getValue().size() >= config.minVerticalPorts())
                .sorted(Comparator.comparingInt((Map.Entry<IpAddress, Set<Integer>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        double failedRatio = w.attempts == 0 ? 0 : (double) w.failed / w.attempts;
        if ((sweeps.isEmpty() && verticals.isEmpty()) || failedRatio < config.minFailedRatio()) {
            return Optional.empty();
        }
        List<Evidence> evidence = new ArrayList<>();
        String plus = w.capped ? "+" : "";
        for (Map.Entry<Integer, Set<IpAddress>> e : sweeps.subList(0, Math.min(EVIDENCE_LINES, sweeps.size()))) {
            evidence.add(new Evidence("sweep", service(e.getKey()) + ": " + e.getValue().size() + plus
                    + " internal hosts probed", e.getValue().size()));
        }
        for (Map.Entry<IpAddress, Set<Integer>> e : verticals.subList(0, Math.min(EVIDENCE_LINES, verticals.size()))) {
            evidence.add(new Evidence("vertical", e.getKey() + ": " + e.getValue().size() + plus + " ports probed",
                    e.getValue().size()));
        }
        if (w.failed > 0) {
            evidence.add(new Evidence("failed", w.failed + " of " + w.attempts + " attempts failed ("
                    + String.format(Locale.ROOT, "%.0f", failedRatio * 100)
                    + " %: SYN without ACK, rejected, unanswered or single-packet)" + outcomeText(w), w.failed));
        }
        boolean both = !sweeps.isEmpty() && !verticals.isEmpty();
        return Optional.of(HostWindowAlert.builder(AlertType.INTERNAL_SCAN, host, windowStartMs, windowEndMs,
                        w.lastSeenMs, policy)
                .protocol(sweeps.isEmpty() ? null : service(sweeps.get(0).getKey()))
                .severity(both ? config.bothSeverity() : config.severity())
                .confidence(Math.min(1.0, config.baseConfidence() + config.failedRatioWeight() * failedRatio))
                .evidence(evidence)
                .bytes(w.bytes)
                .distinctPeers(Math.max(w.portsByPeer.size(), sweeps.isEmpty() ? 0 : sweeps.get(0).getValue().size()))
                .build());
    }

    private static String outcomeText(Window w) {
        if (w.outcomes.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; stated outcomes:");
        w.outcomes.forEach((k, v) -> sb.append(' ').append(k.name().toLowerCase(Locale.ROOT)).append(' ').append(v));
        return sb.toString();
    }

    /** "445/tcp", or "icmp 8/0" for ICMP type/code. */
    static String service(int key) {
        int protocol = key >>> 16;
        int port = key & 0xffff;
        if (protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6) {
            return IpProtocol.name(protocol) + " " + (port >>> 8) + "/" + (port & 0xff);
        }
        return port + "/" + IpProtocol.name(protocol);
    }
}
