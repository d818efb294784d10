package io.peerwatch.detect;

import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.notice.Alert;
import java.util.List;
import java.util.Optional;

/** Test helper: synthetic flow records. */
final class Flows {
    static final long T0 = 1_700_000_000_000L;

    private Flows() {
    }

    static FlowRecord flow(String src, int sport, String dst, int dport, int protocol, int flags, long packets,
            long bytes, long startOffsetMs, long durationMs) {
        return FlowRecord.builder().src(IpAddress.parse(src), sport).dst(IpAddress.parse(dst), dport)
                .ipProtocol(protocol).tcpFlags(flags).counters(packets, bytes)
                .time(T0 + startOffsetMs, T0 + startOffsetMs + durationMs).sourceKind(FlowSourceKind.GENERATED).build();
    }

    static FlowRecord tcp(String src, int sport, String dst, int dport, int flags, long packets, long bytes) {
        return flow(src, sport, dst, dport, IpProtocol.TCP, flags, packets, bytes, 0, 1000);
    }

    static FlowRecord udp(String src, int sport, String dst, int dport, long packets, long bytes) {
        return flow(src, sport, dst, dport, IpProtocol.UDP, 0, packets, bytes, 0, 1000);
    }

    /** A full TCP conversation: the initiator's record and the responder's. */
    static FlowRecord[] conversation(String client, int cport, String server, int sport, long up, long down) {
        return new FlowRecord[] {
            tcp(client, cport, server, sport, 0x1b, Math.max(1, up / 1000), up),
            tcp(server, sport, client, cport, 0x1b, Math.max(1, down / 1000), down)
        };
    }

    /**
     * Feeds every record to {@code host}'s window when {@link FlowHosts} assigns it there, then
     * evaluates the window [T0, T0 + 5 min).
     */
    static <W> Optional<Alert> run(FlowWindowDetector<W> d, String host, List<FlowRecord> flows) {
        IpAddress h = IpAddress.parse(host);
        W w = d.newWindow();
        for (FlowRecord f : flows) {
            if (d.hostsOf(f).contains(h)) {
                d.observe(w, h, f);
            }
        }
        return d.evaluate(w, h, T0, T0 + 300_000);
    }
}
