package io.peerwatch.classify;

import io.peerwatch.signatures.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Running totals of one classification run: packets read and per-label flow totals. */
final class Totals {
    long packetsRead;
    long frameBytes;
    private final Map<String, long[]> byLabel = new HashMap<>();
    private final Map<String, Protocol> protocolOf = new HashMap<>();

    void add(FlowResult r) {
        long[] t = byLabel.computeIfAbsent(r.label(), k -> new long[3]);
        t[0]++;
        t[1] += r.packets();
        t[2] += r.bytes();
        protocolOf.putIfAbsent(r.label(), r.protocol());
    }

    /** Per-label totals, most bytes first, then by label. */
    List<ProtocolStats> protocols() {
        List<ProtocolStats> out = new ArrayList<>();
        byLabel.forEach((label, t) -> out.add(new ProtocolStats(label, protocolOf.get(label), t[0], t[1], t[2])));
        out.sort(Comparator.comparingLong(ProtocolStats::bytes).reversed().thenComparing(ProtocolStats::label));
        return out;
    }
}
