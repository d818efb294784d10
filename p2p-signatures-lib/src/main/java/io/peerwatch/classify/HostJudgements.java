package io.peerwatch.classify;

import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.detect.DnsTunnelDetector;
import io.peerwatch.detect.EchoObservation;
import io.peerwatch.detect.IcmpTunnelDetector;
import io.peerwatch.detect.P2pCorroborationDetector;
import io.peerwatch.detect.P2pCorroborationDetector.Judgement;
import io.peerwatch.detect.P2pCorroborationDetector.Suspect;
import io.peerwatch.detect.WindowRunner;
import io.peerwatch.dns.DnsObservation;
import io.peerwatch.dns.PublicSuffixList;
import io.peerwatch.flow.Flow;
import io.peerwatch.flow.FlowKey;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.packet.IpPacket;
import io.peerwatch.signatures.ConfidenceKind;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Protocol;
import io.peerwatch.signatures.SignatureId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The per-host judgements of one {@link Classifier} run: the same library detectors the job runs
 * per key and window ({@link DnsTunnelDetector} per host and registered domain,
 * {@link IcmpTunnelDetector} per host pair, {@link P2pCorroborationDetector} per host), fed from
 * the run's packets and ended flows and windowed by packet time ({@link WindowRunner}). A flow
 * those judgements may relabel (a DNS flow, an ICMP echo flow, a suspect encrypted connection) is
 * held until the window holding its last packet has been judged, then reported with the host's
 * verdict: DNS_Tunnel or ICMP_Tunnel when its host, domain or peer was judged a tunnel; the
 * corroborated P2P family for a suspect connection (its host's judgement, else its other end's,
 * {@link P2pCorroborationDetector#otherEnd}), else the suspicion stays a note. Other flows
 * pass at once. Not thread-safe (one per session).
 */
final class HostJudgements {

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final int MAX_DOMAINS_PER_FLOW = 16;

    private final InternalNetworks internal;
    private final P2pCorroborationDetector corroboration;
    private final WindowRunner<DnsObservation, DnsTunnelDetector.Window> dns;
    private final WindowRunner<EchoObservation, IcmpTunnelDetector.Window> icmp;
    private final WindowRunner<Flow, P2pCorroborationDetector.Window> p2p;
    private final long flowDelayMs;
    /** Alerts by detector key (host|domain, host|pair). */
    private final Map<String, List<Alert>> dnsAlerts = new HashMap<>();
    private final Map<String, List<Alert>> icmpAlerts = new HashMap<>();
    /** Corroboration judgements by host|window start. */
    private final Map<String, Judgement> judgements = new HashMap<>();
    /** Registered domains asked per DNS flow (client:port>server), until the flow is reported. */
    private final Map<String, Set<String>> flowDomains = new HashMap<>();
    private final List<Held> held = new ArrayList<>();
    /** The earliest release time of a held flow ({@link Long#MAX_VALUE} when none): the per-packet check. */
    private long nextRelease = Long.MAX_VALUE;
    private final List<HostFinding> findings = new ArrayList<>();
    private final Observer observer;

    private record Held(FlowResult result, long releaseMs) {
    }

    HostJudgements(Classifier.HostSettings s, long flowIdleMs) {
        this.internal = s.internalNetworks();
        this.observer = new Observer(s.publicSuffixList());
        DnsTunnelDetector d = new DnsTunnelDetector(s.dnsTunnel(), s.notice());
        IcmpTunnelDetector i = new IcmpTunnelDetector(internal, s.icmpTunnel(), s.notice());
        this.corroboration = new P2pCorroborationDetector(internal, s.corroboration(), s.notice());
        this.dns = new WindowRunner<>(d, a -> record(a, dnsAlerts, "DNS_TUNNEL", a.evidence().get(0).detail()));
        this.icmp = new WindowRunner<>(i, a -> record(a, icmpAlerts, "ICMP_TUNNEL", a.evidence().get(0).detail()));
        this.p2p = new WindowRunner<>(corroboration, a -> { }, this::judged);
        // an ended flow reaches the corroboration window at most an idle timeout after its last packet
        this.flowDelayMs = flowIdleMs + 1;
    }

    private void record(Alert a, Map<String, List<Alert>> into, String finding, String subject) {
        String key = a.host() + "|" + subject;
        into.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        findings.add(new HostFinding(a.host(), finding, subject, a.confidence(),
                a.evidence().stream().skip(1).map(Evidence::detail).toList(), a.windowStartMs()));
    }

    private void judged(String host, P2pCorroborationDetector.Window w, long start, long end) {
        Judgement j = corroboration.judge(w);
        judgements.put(host + "|" + start, j);
        IpAddress h = IpAddress.parse(host);
        j.reasons().forEach((fam, reason) -> findings.add(new HostFinding(h, "P2P_CLIENT", fam.displayName(),
                j.confidence().get(fam), List.of(reason), start)));
        for (String s : j.suspicions()) {
            findings.add(new HostFinding(h, "P2P_SUSPICION", "encrypted P2P", corroboration.config().suspicionConfidence(),
                    List.of(s), start));
        }
    }

    /** Observes one decoded packet (DNS messages and ICMP echoes only; others cost one test). */
    void packet(IpPacket p, long timestampNanos) {
        Observed o = observer.observe(p, timestampNanos);
        if (o != null) {
            apply(o);
        }
    }

    /** Takes what {@link Observer#observe} made of a packet, in packet order. */
    void apply(Observed o) {
        if (o.dns() != null) {
            dns.observe(o.dns());
            if (o.dnsFlow() != null) {
                Set<String> d = flowDomains.computeIfAbsent(o.dnsFlow(), k -> new LinkedHashSet<>());
                if (d.size() < MAX_DOMAINS_PER_FLOW) {
                    d.add(o.dns().domain());
                }
            }
        } else {
            icmp.observe(o.echo());
        }
    }

    /**
     * What one packet gives the judgements: a DNS message (with the flow of a query, for the
     * flow's relabelling), or an ICMP echo. Exactly one of {@code dns} and {@code echo} is set.
     */
    record Observed(DnsObservation dns, String dnsFlow, EchoObservation echo) {
    }

    /**
     * Reads the observations out of packets. Separate from the judgements so that a pipelined run
     * ({@link PipelinedRun}) can read a reassembled datagram's observation on its flow thread, whose
     * reassembler reuses the datagram's packet, and apply it, in packet order, on the one that
     * judges. Not thread-safe (a reused payload buffer).
     */
    static final class Observer {
        private final PublicSuffixList psl;
        private final io.peerwatch.packet.PayloadBuffer buffer = new io.peerwatch.packet.PayloadBuffer();

        Observer(PublicSuffixList psl) {
            this.psl = psl;
        }

        /** The packet's observation, or null when it is no DNS message or ICMP echo. */
        Observed observe(IpPacket p, long timestampNanos) {
            boolean dnsCandidate = DnsObservation.isCandidate(p);
            if (!dnsCandidate && !p.isIcmpEcho()) {
                return null;
            }
            ByteBuffer payload = buffer.copyOf(p);
            long ms = Math.floorDiv(timestampNanos, NANOS_PER_MILLI);
            if (!dnsCandidate) {
                return EchoObservation.of(p, payload, ms).map(e -> new Observed(null, null, e)).orElse(null);
            }
            Optional<DnsObservation> o = DnsObservation.of(p, payload, ms, psl);
            if (o.isEmpty()) {
                return null;
            }
            if (o.get().response()) {
                return new Observed(o.get(), null, null);
            }
            int clientPort = p.srcPort() == DnsObservation.PORT && p.dstPort() != DnsObservation.PORT ? p.dstPort()
                    : p.srcPort();
            return new Observed(o.get(), o.get().client() + ":" + clientPort + ">" + o.get().server(), null);
        }
    }

    /** Moves the clock: closes ended windows and reports held flows whose windows were judged. */
    void advanceTo(long timestampNanos, Consumer<FlowResult> out) {
        long ms = Math.floorDiv(timestampNanos, NANOS_PER_MILLI);
        dns.advanceTo(ms);
        icmp.advanceTo(ms);
        p2p.advanceTo(ms - flowDelayMs);
        if (ms - flowDelayMs < nextRelease) {
            return; // called per packet: nothing is due most of the time
        }
        long next = Long.MAX_VALUE;
        for (Iterator<Held> it = held.iterator(); it.hasNext();) {
            Held h = it.next();
            if (h.releaseMs() <= ms - flowDelayMs) {
                it.remove();
                out.accept(relabel(h.result()));
            } else {
                next = Math.min(next, h.releaseMs());
            }
        }
        nextRelease = next;
    }

    /** An ended flow: reported at once, or held until its host's windows are judged. */
    void ended(FlowResult r, Consumer<FlowResult> out) {
        Flow f = r.flow();
        if (f.classification().isPresent()) {
            p2p.observe(f);
        }
        long last = Math.floorDiv(f.lastNanos(), NANOS_PER_MILLI);
        long release = Long.MIN_VALUE;
        if (isDns(f.key())) {
            release = dns.windowEnd(last);
        } else if (isEcho(f)) {
            release = icmp.windowEnd(last);
        } else if (corroboration.suspect(f).isPresent()) {
            release = p2p.windowEnd(last);
        }
        if (release == Long.MIN_VALUE) {
            out.accept(r);
        } else {
            held.add(new Held(r, release));
            nextRelease = Math.min(nextRelease, release);
        }
    }

    /** Ends the run: judges every open window and reports every held flow. */
    void finish(Consumer<FlowResult> out) {
        dns.flush();
        icmp.flush();
        p2p.flush();
        for (Held h : held) {
            out.accept(relabel(h.result()));
        }
        held.clear();
        nextRelease = Long.MAX_VALUE;
    }

    /** Host-level findings so far, in the order their windows closed. */
    List<HostFinding> findings() {
        return List.copyOf(findings);
    }

    private static boolean isDns(FlowKey k) {
        return (k.ipProtocol() == IpProtocol.UDP || k.ipProtocol() == IpProtocol.TCP)
                && (k.serverPort() == DnsObservation.PORT || k.clientPort() == DnsObservation.PORT);
    }

    private static boolean isEcho(Flow f) {
        int p = f.key().ipProtocol();
        return p == IpProtocol.ICMP || p == IpProtocol.ICMPV6;
    }

    private FlowResult relabel(FlowResult r) {
        Flow f = r.flow();
        FlowKey k = f.key();
        long first = Math.floorDiv(f.firstNanos(), NANOS_PER_MILLI);
        long last = Math.floorDiv(f.lastNanos(), NANOS_PER_MILLI);
        if (isDns(k)) {
            boolean serverIs53 = k.serverPort() == DnsObservation.PORT;
            IpAddress client = serverIs53 ? k.client() : k.server();
            String flowKey = client + ":" + (serverIs53 ? k.clientPort() : k.serverPort()) + ">" + (serverIs53 ? k.server() : k.client());
            Set<String> domains = flowDomains.remove(flowKey);
            for (String d : domains == null ? Set.<String>of() : domains) {
                Optional<Alert> a = overlapping(dnsAlerts.get(client + "|" + d), first, last);
                if (a.isPresent()) {
                    return tunnel(r, Protocol.DNS_TUNNEL, SignatureId.DNS_TUNNEL, a.get(), MetadataKey.DNS_QUERY, d);
                }
            }
            return r;
        }
        if (isEcho(f)) {
            IpAddress host = internal.hostOf(k.client(), k.server());
            IpAddress peer = host.equals(k.client()) ? k.server() : k.client();
            Optional<Alert> a = overlapping(icmpAlerts.get(host + "|" + peer), first, last);
            return a.isPresent() ? tunnel(r, Protocol.ICMP_TUNNEL, SignatureId.ICMP_TUNNEL, a.get(), null, null) : r;
        }
        Optional<Suspect> s = corroboration.suspect(f);
        if (s.isEmpty()) {
            return r;
        }
        // the flow's host's judgement first, then its other end's (the connection was judged in both windows)
        long start = p2p.windowStart(last);
        SignatureId sig = f.classification().orElseThrow().signature();
        Protocol sigFamily = P2pCorroborationDetector.family(sig.protocol());
        IpAddress host = internal.hostOf(k.client(), k.server());
        Judgement j = judgements.get(host + "|" + start);
        Optional<Protocol> fam = j == null ? Optional.empty() : j.familyOf(s.get(), sigFamily);
        String note;
        if (fam.isPresent()) {
            note = "host-level: " + j.reasons().get(fam.get());
        } else {
            Optional<IpAddress> other = corroboration.otherEnd(f);
            j = other.map(o -> judgements.get(o + "|" + start)).orElse(null);
            fam = j == null ? Optional.empty() : j.familyOf(s.get(), sigFamily);
            if (fam.isEmpty()) {
                return r;
            }
            note = "host-level, other end " + other.get() + ": " + j.reasons().get(fam.get());
        }
        Map<MetadataKey, List<String>> m = new EnumMap<>(MetadataKey.class);
        m.putAll(r.metadata());
        List<String> notes = new ArrayList<>(m.getOrDefault(MetadataKey.NOTE, List.of()));
        notes.removeIf(n -> n.startsWith(Classifier.SUSPICION_NOTE));
        notes.add(note);
        m.put(MetadataKey.NOTE, notes);
        return new FlowResult(f, fam.get(), fam.get().displayName(), Optional.of(sig), Optional.of(ConfidenceKind.BEHAVIOUR),
                j.confidence().get(fam.get()), r.packetsToVerdict(), m, Optional.empty());
    }

    private static Optional<Alert> overlapping(List<Alert> alerts, long first, long last) {
        if (alerts == null) {
            return Optional.empty();
        }
        return alerts.stream().filter(a -> a.windowStartMs() <= last && a.windowEndMs() > first).findFirst();
    }

    private static FlowResult tunnel(FlowResult r, Protocol p, SignatureId id, Alert a, MetadataKey subjectKey,
            String subject) {
        boolean own = r.signature().filter(s -> s == id).isPresent();
        Map<MetadataKey, List<String>> m = new EnumMap<>(MetadataKey.class);
        m.putAll(r.metadata());
        if (subjectKey != null && !m.containsKey(subjectKey)) {
            m.put(subjectKey, List.of(subject));
        }
        List<String> notes = new ArrayList<>(m.getOrDefault(MetadataKey.NOTE, List.of()));
        notes.add("host-level: " + String.join("; ", a.evidence().stream().skip(1).limit(3).map(Evidence::detail).toList()));
        m.put(MetadataKey.NOTE, notes);
        return new FlowResult(r.flow(), p, p.displayName(), Optional.of(id), Optional.of(ConfidenceKind.BEHAVIOUR),
                Math.max(a.confidence(), own ? r.confidence() : 0), own ? r.packetsToVerdict() : 0, m, Optional.empty());
    }
}
