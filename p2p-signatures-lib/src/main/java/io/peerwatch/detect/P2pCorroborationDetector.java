package io.peerwatch.detect;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowKey;
import io.peerwatch.internal.StateBinary;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.signatures.Classification;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Encrypted and obfuscated P2P judged per host over a window, with corroboration: a connection
 * whose only evidence is a random-looking handshake (BitTorrent MSE key-exchange sizes, random
 * bytes on Filetopia's port, a TLS session without SNI or ALPN between two high ports, a stream
 * random from its first byte between two high ports) fits several encrypted applications, so it
 * names no protocol by itself. It names one when the same host, in the same window, shows
 * <ul>
 *   <li>payload evidence of that protocol family (BitTorrent: peer wire, tracker, DHT, uTP, LSD;
 *       eDonkey/Kad; Gnutella/G2; Direct Connect; FastTrack ...), or</li>
 *   <li>fan-out: suspect connections of the family to at least
 *       {@link P2pCorroborationConfig#minFanOutPeers()} distinct peers, both ends on high ports.</li>
 * </ul>
 * TLS and random-from-the-first-byte connections between high ports have no family of their own;
 * they take the family of the host's payload evidence (ADC over TLS between Direct Connect
 * clients, eMule's protocol obfuscation, FastTrack's encrypted sessions) and are never counted for
 * fan-out. A shaped connection without evidence of its own family is random from its first byte
 * too and takes the host's family like one (an obfuscated eMule handshake whose padding gives it
 * BitTorrent MSE's sizes is eDonkey on a host that speaks eDonkey in clear). A TLS or random
 * connection between high ports whose other end is a host too is judged in both ends' windows
 * ({@link #keysOf}), so either end's evidence corroborates it. Without
 * corroboration a suspicion stays a low-confidence note ({@link #judge}), never a protocol label
 * and never an alert.
 *
 * <p>The alert ({@link AlertType#P2P_CLIENT}) is about the host: the family, the corroborated
 * connections and peers, and what corroborated them. Its identifier ({@link #identifier}) differs from the
 * per-flow P2P_CLIENT alert's {@code "host protocol"}: the plaintext flow that corroborates comes earlier in event
 * time and must not suppress the judgement and its reasons.
 */
public final class P2pCorroborationDetector implements KeyedWindowDetector<Flow, P2pCorroborationDetector.Window> {

    /** Suspect classes: the signature that saw the handshake, or a class without a family. */
    public enum Suspect {
        /** A P2P behaviour signature's match (BitTorrent MSE, Filetopia): the family is the signature's. */
        SHAPED,
        /** TLS without SNI/ALPN between two high ports: Direct Connect (ADCS), Gnutella over TLS. */
        TLS,
        /** Random from the first byte between two high ports: eMule obfuscation, FastTrack, MSE. */
        RANDOM
    }

    private static final int EXAMPLES = 3;

    private final InternalNetworks internal;
    private final P2pCorroborationConfig config;
    private final NoticePolicy policy;

    public P2pCorroborationDetector(InternalNetworks internal, P2pCorroborationConfig config, NoticePolicy policy) {
        this.internal = internal;
        this.config = config;
        this.policy = policy;
    }

    /** The thresholds in use. */
    public P2pCorroborationConfig config() {
        return config;
    }

    @Override
    public Duration window() {
        return config.window();
    }

    /** The host of the flow (DESIGN.md conventions), for flows that carry evidence or a suspicion. */
    @Override
    public Optional<String> keyOf(Flow f) {
        Optional<Classification> c = f.classification();
        if (c.isEmpty() || !(c.get().protocol().isP2p() || suspect(f).isPresent())) {
            return Optional.empty();
        }
        return Optional.of(internal.hostOf(f.key().client(), f.key().server()).toString());
    }

    /**
     * The flow's host ({@link #keyOf}) and, for a TLS or random suspect connection, its other end when that end
     * is a host too ({@link #otherEnd}): a connection between two clients is judged from both ends'
     * windows, so the evidence of either end corroborates it (ADC over TLS between two Direct
     * Connect clients is opened by the uploader to the downloader, whose hub session is the
     * evidence). Each key once.
     */
    @Override
    public List<String> keysOf(Flow f) {
        Optional<String> own = keyOf(f);
        if (own.isEmpty()) {
            return List.of();
        }
        return otherEnd(f).map(o -> List.of(own.get(), o.toString())).orElse(List.of(own.get()));
    }

    /**
     * The end of a TLS or random suspect connection that is not its host, when that end is a host too: an
     * internal address, or any address when neither end is internal (a capture analysed without
     * configured networks, where the flow's host is its initiator by the same convention). Empty for
     * other flows, for external peers of an internal host and for a connection of a host with itself.
     */
    public Optional<IpAddress> otherEnd(Flow f) {
        Optional<Suspect> s = suspect(f);
        // A shaped handshake stays with its host: at the other end it would only add a suspicion
        // note of that end's own (every web server that answered an MSE-shaped opening would get
        // one). TLS and random connections between high ports are named at an end only when that
        // end's evidence corroborates them, so judging them at both ends adds no noise.
        if (s.isEmpty() || s.get() == Suspect.SHAPED) {
            return Optional.empty();
        }
        FlowKey k = f.key();
        IpAddress host = internal.hostOf(k.client(), k.server());
        IpAddress other = host.equals(k.client()) ? k.server() : k.client();
        if (other.equals(host)) {
            return Optional.empty();
        }
        return internal.isConfiguredInternal(other) || !internal.isConfiguredInternal(host) ? Optional.of(other)
                : Optional.empty();
    }

    @Override
    public long timeOf(Flow f) {
        return Math.floorDiv(f.lastNanos(), 1_000_000L);
    }

    /** The family a protocol's payload evidence speaks for (Kad counts as eDonkey, G2 as Gnutella). */
    public static Protocol family(Protocol p) {
        return switch (p) {
            case KAD -> Protocol.EDONKEY;
            case GNUTELLA2 -> Protocol.GNUTELLA;
            default -> p;
        };
    }

    /** The suspect class of a flow, if its only evidence is a random-looking handshake. */
    public Optional<Suspect> suspect(Flow f) {
        Optional<Classification> c = f.classification();
        if (c.isEmpty()) {
            return Optional.empty();
        }
        SignatureId id = c.get().signature();
        if (id.needsCorroboration()) {
            return Optional.of(Suspect.SHAPED);
        }
        FlowKey k = f.key();
        boolean highPorts = k.clientPort() >= config.highPortLimit() && k.serverPort() >= config.highPortLimit();
        if (!highPorts) {
            return Optional.empty();
        }
        return id == SignatureId.TLS_TUNNEL ? Optional.of(Suspect.TLS)
                : id == SignatureId.OBFUSCATED_PROXY ? Optional.of(Suspect.RANDOM) : Optional.empty();
    }

    @Override
    public Window newWindow() {
        return new Window();
    }

    @Override
    public void merge(Window into, Window other) {
        into.merge(other, config.maxTrackedPeers());
    }

    /** Per-host accumulator; binary form {@link #writeTo} / {@link #readFrom}. Not thread-safe. */
    public static final class Window {
        /** Version of the binary form. */
        public static final int FORMAT_VERSION = 1;
        private static final String WHAT = "P2pCorroborationDetector.Window";

        /** Flows with payload evidence, per family. */
        final Map<Protocol, Long> payload = new EnumMap<>(Protocol.class);
        /** Signatures behind the payload evidence, per family (for the evidence text). */
        final Map<Protocol, Set<String>> payloadSignatures = new EnumMap<>(Protocol.class);
        /** Shaped suspects per family: peers on high ports, flows, bytes. */
        final Map<Protocol, Set<IpAddress>> shapedPeers = new EnumMap<>(Protocol.class);
        final Map<Protocol, Long> shapedFlows = new EnumMap<>(Protocol.class);
        final Map<Protocol, Long> shapedBytes = new EnumMap<>(Protocol.class);
        /** Family-less suspects (TLS, RANDOM): flows and bytes. */
        final Map<Suspect, Long> otherFlows = new EnumMap<>(Suspect.class);
        final Map<Suspect, Long> otherBytes = new EnumMap<>(Suspect.class);
        final List<String> examples = new ArrayList<>();
        long lastMs = Long.MIN_VALUE;

        void merge(Window o, int maxPeers) {
            o.payload.forEach((k, v) -> payload.merge(k, v, Long::sum));
            o.payloadSignatures.forEach((k, v) -> payloadSignatures.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
            o.shapedPeers.forEach((k, v) -> {
                Set<IpAddress> mine = shapedPeers.computeIfAbsent(k, x -> new HashSet<>());
                for (IpAddress a : v) {
                    if (mine.size() < maxPeers) {
                        mine.add(a);
                    }
                }
            });
            o.shapedFlows.forEach((k, v) -> shapedFlows.merge(k, v, Long::sum));
            o.shapedBytes.forEach((k, v) -> shapedBytes.merge(k, v, Long::sum));
            o.otherFlows.forEach((k, v) -> otherFlows.merge(k, v, Long::sum));
            o.otherBytes.forEach((k, v) -> otherBytes.merge(k, v, Long::sum));
            for (String e : o.examples) {
                if (examples.size() < EXAMPLES) {
                    examples.add(e);
                }
            }
            lastMs = Math.max(lastMs, o.lastMs);
        }

        /** Writes the binary form: {@link #FORMAT_VERSION}, then every field. */
        public void writeTo(DataOutput out) throws IOException {
            StateBinary.writeVersion(out, FORMAT_VERSION);
            writeLongMap(out, payload);
            StateBinary.writeCount(out, payloadSignatures.size());
            for (Map.Entry<Protocol, Set<String>> e : payloadSignatures.entrySet()) {
                StateBinary.writeEnum(out, e.getKey());
                StateBinary.writeCount(out, e.getValue().size());
                for (String s : e.getValue()) {
                    StateBinary.writeString(out, s);
                }
            }
            StateBinary.writeCount(out, shapedPeers.size());
            for (Map.Entry<Protocol, Set<IpAddress>> e : shapedPeers.entrySet()) {
                StateBinary.writeEnum(out, e.getKey());
                StateBinary.writeCount(out, e.getValue().size());
                for (IpAddress a : e.getValue()) {
                    StateBinary.writeAddress(out, a);
                }
            }
            writeLongMap(out, shapedFlows);
            writeLongMap(out, shapedBytes);
            writeLongMap(out, otherFlows);
            writeLongMap(out, otherBytes);
            StateBinary.writeCount(out, examples.size());
            for (String e : examples) {
                StateBinary.writeString(out, e);
            }
            out.writeLong(lastMs);
        }

        /** Reads what {@link #writeTo} wrote. */
        public static Window readFrom(DataInput in) throws IOException {
            StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
            Window w = new Window();
            readLongMap(in, w.payload, Protocol.class);
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                Set<String> s = w.payloadSignatures.computeIfAbsent(StateBinary.readEnum(in, Protocol.class, WHAT),
                        x -> new HashSet<>());
                for (int k = StateBinary.readCount(in, WHAT); k > 0; k--) {
                    s.add(StateBinary.readPresentString(in, WHAT));
                }
            }
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                Set<IpAddress> s = w.shapedPeers.computeIfAbsent(StateBinary.readEnum(in, Protocol.class, WHAT),
                        x -> new HashSet<>());
                for (int k = StateBinary.readCount(in, WHAT); k > 0; k--) {
                    s.add(StateBinary.readPresentAddress(in, WHAT));
                }
            }
            readLongMap(in, w.shapedFlows, Protocol.class);
            readLongMap(in, w.shapedBytes, Protocol.class);
            readLongMap(in, w.otherFlows, Suspect.class);
            readLongMap(in, w.otherBytes, Suspect.class);
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                w.examples.add(StateBinary.readPresentString(in, WHAT));
            }
            w.lastMs = in.readLong();
            return w;
        }

        private static <E extends Enum<E>> void writeLongMap(DataOutput out, Map<E, Long> m) throws IOException {
            StateBinary.writeCount(out, m.size());
            for (Map.Entry<E, Long> e : m.entrySet()) {
                StateBinary.writeEnum(out, e.getKey());
                out.writeLong(e.getValue());
            }
        }

        private static <E extends Enum<E>> void readLongMap(DataInput in, Map<E, Long> into, Class<E> type)
                throws IOException {
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                into.put(StateBinary.readEnum(in, type, WHAT), in.readLong());
            }
        }
    }

    /** Adds the flow to its host's window ({@link #keyOf}). */
    @Override
    public void observe(Window w, Flow f) {
        observe(w, f, false);
    }

    /**
     * Adds the flow to the window of {@code key}: its host's, or its other end's ({@link #keysOf}).
     * At the other end a suspect connection counts as a suspect of that host (its evidence may
     * corroborate it) but not for fan-out: that host did not reach out to a peer.
     */
    @Override
    public void observe(Window w, String key, Flow f) {
        FlowKey k = f.key();
        observe(w, f, !key.equals(internal.hostOf(k.client(), k.server()).toString()));
    }

    private void observe(Window w, Flow f, boolean otherEnd) {
        Classification c = f.classification().orElseThrow();
        FlowKey k = f.key();
        IpAddress host = internal.hostOf(k.client(), k.server());
        IpAddress peer = host.equals(k.client()) ? k.server() : k.client();
        Optional<Suspect> s = suspect(f);
        if (otherEnd && s.isEmpty()) {
            return; // only suspects are judged from the other end
        }
        w.lastMs = Math.max(w.lastMs, timeOf(f));
        if (s.isEmpty()) {
            if (c.kind() == ConfidenceKind.PAYLOAD && c.protocol().isP2p()) {
                Protocol fam = family(c.protocol());
                w.payload.merge(fam, 1L, Long::sum);
                w.payloadSignatures.computeIfAbsent(fam, x -> new HashSet<>()).add(c.signature().name());
            }
            return;
        }
        if (w.examples.size() < EXAMPLES) {
            w.examples.add(k + " " + c.signature() + (otherEnd ? " (opened by " + host + " to this host)" : ""));
        }
        if (s.get() == Suspect.SHAPED) {
            Protocol fam = family(c.protocol());
            w.shapedFlows.merge(fam, 1L, Long::sum);
            w.shapedBytes.merge(fam, f.bytes(), Long::sum);
            boolean high = !otherEnd && k.clientPort() >= config.highPortLimit() && k.serverPort() >= config.highPortLimit();
            Set<IpAddress> peers = w.shapedPeers.computeIfAbsent(fam, x -> new HashSet<>());
            if (high && peers.size() < config.maxTrackedPeers()) {
                peers.add(peer);
            }
        } else {
            w.otherFlows.merge(s.get(), 1L, Long::sum);
            w.otherBytes.merge(s.get(), f.bytes(), Long::sum);
        }
    }

    /**
     * What a window says about its host's suspect connections.
     *
     * @param corroborated per suspect class and family: the family the class's connections are
     *     named (SHAPED connections keep their signature's family; TLS and RANDOM take the host's)
     * @param shapedAs shaped families not corroborated for themselves whose connections are named
     *     after the host's other payload evidence, as random-from-the-first-byte connections are
     *     (an obfuscated eMule handshake may have BitTorrent MSE's sizes)
     * @param reasons per family, why (payload evidence or fan-out)
     * @param confidence per family
     * @param suspicions uncorroborated suspicions, as text (a low-confidence note, never a label)
     */
    public record Judgement(Map<Suspect, Set<Protocol>> corroborated, Map<Protocol, Protocol> shapedAs,
            Map<Protocol, String> reasons, Map<Protocol, Double> confidence, List<String> suspicions) {

        /**
         * The family connections of {@code s} are named, if corroborated: a SHAPED connection its
         * signature's family (or the family it is {@linkplain #shapedAs named after}), TLS and RANDOM
         * the host's.
         */
        public Optional<Protocol> familyOf(Suspect s, Protocol signatureFamily) {
            Set<Protocol> fams = corroborated.getOrDefault(s, Set.of());
            if (s == Suspect.SHAPED) {
                return fams.contains(signatureFamily) ? Optional.of(signatureFamily)
                        : Optional.ofNullable(shapedAs.get(signatureFamily));
            }
            return fams.stream().findFirst();
        }
    }

    /** The window's judgement (the alert and {@code classify}'s labels both come from it). */
    public Judgement judge(Window w) {
        Map<Suspect, Set<Protocol>> corroborated = new EnumMap<>(Suspect.class);
        Map<Protocol, Protocol> shapedAs = new EnumMap<>(Protocol.class);
        Map<Protocol, String> reasons = new EnumMap<>(Protocol.class);
        Map<Protocol, Double> confidence = new EnumMap<>(Protocol.class);
        List<String> suspicions = new ArrayList<>();
        for (Map.Entry<Protocol, Long> e : w.shapedFlows.entrySet()) {
            Protocol fam = e.getKey();
            int peers = w.shapedPeers.getOrDefault(fam, Set.of()).size();
            String shape = e.getValue() + " connections with " + fam.displayName() + "-shaped random handshakes";
            if (w.payload.containsKey(fam)) {
                corroborated.computeIfAbsent(Suspect.SHAPED, x -> new HashSet<>()).add(fam);
                reasons.put(fam, shape + ", corroborated by " + payloadText(w, fam));
                confidence.put(fam, config.payloadConfidence());
            } else if (peers >= config.minFanOutPeers()) {
                corroborated.computeIfAbsent(Suspect.SHAPED, x -> new HashSet<>()).add(fam);
                reasons.put(fam, shape + ", corroborated by fan-out to " + peers + " peers on high ports");
                confidence.put(fam, config.fanOutConfidence());
            } else {
                // A shaped handshake is random from its first byte too: without evidence of its own
                // family it may still be another family's obfuscation that the host shows in clear.
                Optional<Protocol> other = familyFor(Suspect.RANDOM, w);
                if (other.isPresent()) {
                    shapedAs.put(fam, other.get());
                    reasons.merge(other.get(), shape + " (random from the first byte), corroborated by "
                            + payloadText(w, other.get()), (a, b) -> a + "; " + b);
                    confidence.putIfAbsent(other.get(), config.payloadConfidence());
                } else {
                    suspicions.add(shape + " to " + peers + " peers on high ports; no other " + fam.displayName()
                            + " evidence on the host (suspicion only)");
                }
            }
        }
        for (Map.Entry<Suspect, Long> e : w.otherFlows.entrySet()) {
            Suspect s = e.getKey();
            Optional<Protocol> fam = familyFor(s, w);
            String shape = e.getValue() + (s == Suspect.TLS ? " TLS connections without SNI or ALPN"
                    : " connections random from the first byte") + " between high ports";
            if (fam.isPresent()) {
                corroborated.computeIfAbsent(s, x -> new HashSet<>()).add(fam.get());
                String r = shape + ", corroborated by " + payloadText(w, fam.get());
                reasons.merge(fam.get(), r, (a, b) -> a + "; " + b);
                confidence.putIfAbsent(fam.get(), config.payloadConfidence());
            }
        }
        return new Judgement(corroborated, shapedAs, reasons, confidence, suspicions);
    }

    /** The family a TLS or random connection of this host is corroborated for: the host's payload evidence. */
    private static Optional<Protocol> familyFor(Suspect s, Window w) {
        List<Protocol> order = s == Suspect.TLS ? List.of(Protocol.DIRECT_CONNECT, Protocol.GNUTELLA)
                : List.of(Protocol.EDONKEY, Protocol.FASTTRACK, Protocol.BITTORRENT);
        return order.stream().filter(w.payload::containsKey).findFirst();
    }

    private static String payloadText(Window w, Protocol fam) {
        List<String> sigs = new ArrayList<>(w.payloadSignatures.getOrDefault(fam, Set.of()));
        sigs.sort(null);
        return w.payload.get(fam) + " " + fam.displayName() + " flows with payload evidence on the same host ("
                + String.join(", ", sigs).toLowerCase(Locale.ROOT) + ")";
    }

    /**
     * Alert identifier of a host's corroborated encrypted P2P of a family: not the flow-level
     * {@code "host protocol"} of a plaintext flow, which comes earlier in event time and would
     * suppress the judgement and its reasons.
     */
    public static String identifier(IpAddress host, Protocol family) {
        return host + " " + family.displayName() + " encrypted (corroborated)";
    }

    @Override
    public Optional<Alert> evaluate(Window w, String key, long windowStartMs, long windowEndMs) {
        Judgement j = judge(w);
        if (j.reasons().isEmpty()) {
            return Optional.empty();
        }
        // one alert per host and window: the family with the highest confidence (ties: enum order)
        Protocol fam = j.confidence().entrySet().stream()
                .max(Map.Entry.<Protocol, Double>comparingByValue().thenComparing(e -> -e.getKey().ordinal()))
                .orElseThrow().getKey();
        IpAddress host = IpAddress.parse(key);
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence("corroborated", j.reasons().get(fam), 1));
        long flows = 0;
        long bytes = 0;
        for (Map.Entry<Protocol, Long> e : w.shapedFlows.entrySet()) {
            if (j.familyOf(Suspect.SHAPED, e.getKey()).filter(fam::equals).isPresent()) {
                flows += e.getValue();
                bytes += w.shapedBytes.getOrDefault(e.getKey(), 0L);
            }
        }
        for (Suspect s : List.of(Suspect.TLS, Suspect.RANDOM)) {
            if (j.corroborated().getOrDefault(s, Set.of()).contains(fam)) {
                flows += w.otherFlows.getOrDefault(s, 0L);
                bytes += w.otherBytes.getOrDefault(s, 0L);
            }
        }
        for (String e : w.examples) {
            ev.add(new Evidence("example", e, 1));
        }
        return Optional.of(Alert.builder(AlertType.P2P_CLIENT, host, windowStartMs, windowEndMs)
                .eventTime(w.lastMs == Long.MIN_VALUE ? windowStartMs : w.lastMs)
                .protocol(fam.displayName())
                .severity(config.severity())
                .confidence(j.confidence().get(fam))
                .evidence(ev)
                .bytes(bytes)
                .distinctPeers(Math.max(1, w.shapedPeers.getOrDefault(fam, Set.of()).size()))
                .identifier(identifier(host, fam))
                .suppressFor(policy.suppressFor(AlertType.P2P_CLIENT).toMillis())
                .build());
    }
}
