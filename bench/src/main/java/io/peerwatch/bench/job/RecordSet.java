package io.peerwatch.bench.job;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A deterministic, scaled record set made of copies of a small corpus set. Copy {@code k} starts
 * {@code k × strideMs} after {@code startMs}; in it every track (one corpus file) is replayed with
 * its own timing, moved so that it starts at the copy's start; the copy's internal hosts get their
 * own addresses ({@link HostPlan}). The copies overlap in time and the set is emitted in event-time
 * order (a k-way merge), so watermarks advance as they would on a live network and windows close.
 *
 * <p>Iteration yields {@link Out}: the template, the time shift of its copy and the copy's
 * address map; callers encode (the throughput phase keeps the shift, the latency phase re-stamps
 * records with the wall clock).
 */
final class RecordSet implements Iterator<RecordSet.Out> {

    /** One corpus file's records, ordered by time. */
    record Track(String name, List<Template> records) {
        Track {
            if (records.isEmpty()) {
                throw new IllegalArgumentException("no records in " + name);
            }
        }

        long first() {
            return records.get(0).timeMs();
        }

        long last() {
            return records.get(records.size() - 1).timeMs();
        }
    }

    /** One record of the set. */
    record Out(Template template, long shiftMs, AddressMap addresses, long copy) {
        long eventTimeMs() {
            return template.timeMs() + shiftMs;
        }
    }

    private static final class Cursor {
        final Track track;
        final int trackIndex;
        final long shift;
        final AddressMap map;
        final long copy;
        int i;

        Cursor(Track track, int trackIndex, long shift, AddressMap map, long copy) {
            this.track = track;
            this.trackIndex = trackIndex;
            this.shift = shift;
            this.map = map;
            this.copy = copy;
        }

        long time() {
            return track.records.get(i).timeMs() + shift;
        }
    }

    private final List<Track> tracks;
    private final long total;
    private final long startMs;
    private final long strideMs;
    private final HostPlan hosts;
    private final PriorityQueue<Cursor> heap = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.time(), b.time());
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.copy, b.copy);
        return c != 0 ? c : Integer.compare(a.trackIndex, b.trackIndex);
    });
    private long nextCopy;
    private long emitted;

    /**
     * @param tracks the corpus files, each ordered by time
     * @param total records to emit (the last copy is cut short)
     * @param startMs event time at which copy 0 starts
     * @param strideMs event time between the starts of consecutive copies
     * @param hosts address plan of the copies
     */
    RecordSet(List<Track> tracks, long total, long startMs, long strideMs, HostPlan hosts) {
        if (tracks.isEmpty() || total < 0 || strideMs < 0) {
            throw new IllegalArgumentException("bad record set parameters");
        }
        this.tracks = List.copyOf(tracks);
        this.total = total;
        this.startMs = startMs;
        this.strideMs = strideMs;
        this.hosts = hosts;
    }

    /** Records in one copy. */
    static long copySize(List<Track> tracks) {
        return tracks.stream().mapToLong(t -> t.records().size()).sum();
    }

    /** Event-time span of one copy (every track starts at the copy's start). */
    static long copySpanMs(List<Track> tracks) {
        return tracks.stream().mapToLong(t -> t.last() - t.first()).max().orElse(0);
    }

    /** The stride that spreads {@code total} records over {@code durationMs} of event time. */
    static long strideFor(List<Track> tracks, long total, long durationMs) {
        long copies = Math.max(1, (total + copySize(tracks) - 1) / copySize(tracks));
        long span = copySpanMs(tracks);
        return Math.max(0, (durationMs - span) / copies);
    }

    private long copyStart(long k) {
        return startMs + k * strideMs;
    }

    private void addCopy(long k) {
        AddressMap m = hosts.forCopy(k);
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            heap.add(new Cursor(t, i, copyStart(k) - t.first(), m, k));
        }
    }

    @Override
    public boolean hasNext() {
        return emitted < total;
    }

    @Override
    public Out next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        // Start every copy whose start is not after the earliest pending record.
        while (heap.isEmpty() || copyStart(nextCopy) <= heap.peek().time()) {
            addCopy(nextCopy++);
        }
        Cursor c = heap.poll();
        Out o = new Out(c.track.records.get(c.i), c.shift, c.map, c.copy);
        c.i++;
        if (c.i < c.track.records.size()) {
            heap.add(c);
        }
        emitted++;
        return o;
    }

    /** Copies started so far. */
    long copiesStarted() {
        return nextCopy;
    }

    /**
     * Which corpus hosts are "ours" (inside the company: workstations, P2P clients, tunnel
     * clients, the corporate proxy) and where each copy puts them: internal hosts of copy
     * {@code k} move to host set {@code k mod hostSets} (all copies distinct when
     * {@code hostSets} is 0) inside 10.0.0.0/8; every other address (trackers, hubs, web servers,
     * tunnel servers) stays as it is, shared by all copies, as external servers are.
     */
    static final class HostPlan {
        private final Map<Integer, Integer> internalIndex;
        private final long hostSets;
        private final int perSet;
        private final long offset;

        /**
         * @param internal the corpus's internal IPv4 addresses
         * @param hostSets distinct address sets (0 = a new one per copy)
         * @param offset first host set number used (lets two record sets use different hosts)
         */
        HostPlan(List<String> internal, long hostSets, long offset) {
            Map<Integer, Integer> idx = new java.util.HashMap<>();
            for (String a : internal) {
                idx.put(ipv4(a), idx.size());
            }
            this.internalIndex = Map.copyOf(idx);
            this.hostSets = hostSets;
            this.perSet = Integer.highestOneBit(Math.max(1, internal.size()) * 2 - 1); // power of two ≥ size
            this.offset = offset;
            long maxSets = ((1L << 24) - 512) / perSet;
            if (hostSets > maxSets || (hostSets == 0 && offset > maxSets)) {
                throw new IllegalArgumentException("at most " + maxSets + " host sets fit in 10.0.0.0/8");
            }
        }

        AddressMap forCopy(long k) {
            long set = hostSets == 0 ? offset + k : offset + k % hostSets;
            long base = 0x0A000000L + 256 + (set % (((1L << 24) - 512) / perSet)) * perSet;
            return a -> {
                if (a.length != 4) {
                    return a;
                }
                Integer i = internalIndex.get(((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff));
                if (i == null) {
                    return a;
                }
                long v = base + i;
                return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
            };
        }

        private static int ipv4(String text) {
            String[] p = text.split("\\.");
            if (p.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int v = 0;
            for (String s : p) {
                v = (v << 8) | Integer.parseInt(s);
            }
            return v;
        }
    }

    /** All tracks' names, for reports. */
    static List<String> names(List<Track> tracks) {
        List<String> n = new ArrayList<>();
        tracks.forEach(t -> n.add(t.name()));
        return n;
    }
}
