package io.peerwatch.classify;

import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.pcap.PacketView;
import io.peerwatch.signatures.ProtocolCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The project's own lab captures ({@code lab/captures}, made by {@code lab/make-captures.sh}) with
 * what each must give ({@code lab/captures/MANIFEST.csv}: {@code DNS_TUNNEL}, {@code ICMP_TUNNEL},
 * {@code P2P_CLIENT} (the corroborated host finding), {@code LABEL} (the family's label on its flows alone) or
 * {@code benign}), classified with the defaults, and how early the
 * judgement comes. Shared by {@link LabVariantsTest} and the generated part of ACCURACY.md.
 */
final class LabVariants {

    static final Path DIR = Path.of("../lab/captures");

    /** One row of the manifest. */
    record Variant(String file, String family, String variant, String expected, String tool) {
        Path path() {
            return DIR.resolve(file);
        }

        boolean benign() {
            return expected.equals("benign");
        }

        /** The protocol the family names ("BitTorrent (encrypted)", "Direct Connect (ADCS)"). */
        io.peerwatch.signatures.Protocol protocol() {
            String name = family.replaceAll("\\s*\\(.*\\)$", "").replace(" ", "");
            for (io.peerwatch.signatures.Protocol p : io.peerwatch.signatures.Protocol.values()) {
                if (p.displayName().equalsIgnoreCase(name)) {
                    return p;
                }
            }
            throw new AssertionError("family " + family + " of " + file + " names no protocol");
        }
    }

    /** What classify says about one capture. */
    record Result(Variant variant, Map<String, Integer> labels, List<HostFinding> findings) {
        /** Flows per label of the P2P and tunnel categories. */
        Map<String, Integer> p2pOrTunnelLabels() {
            Map<String, Integer> out = new TreeMap<>();
            labels.forEach((l, n) -> {
                ProtocolCategory c = category(l);
                if (c == ProtocolCategory.P2P || c == ProtocolCategory.TUNNEL) {
                    out.put(l, n);
                }
            });
            return out;
        }

        /** Findings of the expected type (for P2P_CLIENT: corroborated BitTorrent). */
        List<HostFinding> hits() {
            return findings.stream().filter(f -> f.finding().equals(variant.expected())).toList();
        }
    }

    private LabVariants() {
    }

    static List<Variant> all() {
        try {
            List<String> lines = Files.readAllLines(DIR.resolve("MANIFEST.csv"), StandardCharsets.UTF_8);
            List<Variant> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = csv(line);
                out.add(new Variant(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result classify(Variant v) {
        ClassifyReport r = Classifier.defaults().classify(List.of(v.path()));
        Map<String, Integer> labels = new TreeMap<>();
        r.flows().forEach(f -> labels.merge(f.label(), 1, Integer::sum));
        return new Result(v, labels, r.summary().hosts());
    }

    /**
     * The fewest leading packets of the capture after which classify (ending the input there)
     * makes a host finding {@code wanted} accepts, found by bisection (more packets never take
     * evidence away from these judgements on the lab captures), with the capture seconds from
     * the first to that packet; null when even the whole capture does not.
     */
    static long[] packetsToFinding(Variant v, Predicate<HostFinding> wanted) {
        List<long[]> frames = new ArrayList<>();
        int total = count(v.path(), Integer.MAX_VALUE, wanted, frames);
        if (total < 0) {
            return null;
        }
        int lo = 1;
        int hi = frames.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (count(v.path(), mid, wanted, null) >= 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long t0 = frames.get(0)[0];
        return new long[] {lo, (frames.get(lo - 1)[0] - t0) / 1_000_000L};
    }

    /** Classifies the first {@code limit} packets; 0 when a finding is wanted, else -1. */
    private static int count(Path file, int limit, Predicate<HostFinding> wanted, List<long[]> times) {
        Classifier.Session s = Classifier.defaults().session(r -> { });
        try (PacketReader reader = PacketFiles.open(file)) {
            int n = 0;
            while (n < limit && reader.next()) {
                PacketView p = reader.packet();
                s.accept(p.linkType(), p.buffer(), p.offset(), p.capturedLength(), p.originalLength(), p.timestampNanos());
                if (times != null) {
                    times.add(new long[] {p.timestampNanos()});
                }
                n++;
            }
        } catch (Exception e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        s.finish();
        return s.hostFindings().stream().anyMatch(wanted) ? 0 : -1;
    }

    static ProtocolCategory category(String label) {
        for (io.peerwatch.signatures.Protocol p : io.peerwatch.signatures.Protocol.values()) {
            if (p.displayName().equals(label)) {
                return p.category();
            }
        }
        return ProtocolCategory.UNKNOWN;
    }

    /** Splits one CSV line (double quotes around fields with commas, no escaped quotes). */
    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
