package io.peerwatch.packet;

import io.peerwatch.pcap.LinkType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded IPv4 (RFC 791) and IPv6 (RFC 8200) fragment reassembly, so that what a sender split
 * into fragments is judged as the datagram it is: a BitTorrent handshake cut after a few payload
 * bytes is still one handshake, and later fragments count on their flow instead of vanishing.
 *
 * <p>{@link #offer} takes each decoded packet. A packet that is not a fragment (or an IPv6 atomic
 * fragment, RFC 6946) is returned as it is, without any work or allocation. A fragment is held;
 * the fragment that completes its datagram returns the whole datagram, decoded into a packet of
 * this reassembler's own (valid until the next call), whose {@link #wireLength()} is the sum of
 * its fragments' frame lengths, so byte counts stay what was on the wire. A reassembled datagram
 * counts as one packet of its flow.
 *
 * <p>Policy against hostile fragments, every limit a key of {@link FragmentConfig}: datagrams are
 * keyed by (source, destination, identification, and for IPv4 the protocol); any overlap between
 * two fragments drops the whole datagram, and fragments arriving for it later are dropped too until
 * its timeout — RFC 5722 for IPv6, and the same policy for IPv4 (overlaps serve only evasion, e.g.
 * RFC 1858's rewritten TCP headers). An exact duplicate (same place, same bytes) is ignored, as
 * RFC 8200 allows. A non-last fragment whose length is not a multiple of 8, two different ends, a
 * fragment past the datagram limit, too many fragments, or a fragment the capture cut short drop
 * the datagram; a datagram not complete within the timeout (capture time) is dropped; when too
 * many datagrams or bytes are held, the oldest datagram goes. Every drop is counted by reason
 * ({@link #stats()}).
 *
 * <p>Not thread-safe: one per decoding thread, beside its {@link PacketDecoder}.
 */
public final class FragmentReassembler {
    private static final int IPV6_HEADER = 40;
    private static final int IPV4_TOTAL_LENGTH = 2;
    private static final int IPV4_FLAGS_OFFSET = 6;
    private static final int IPV6_PAYLOAD_LENGTH = 4;
    private static final int IPV6_NEXT_HEADER = 6;
    /** Fragment data (but the last) comes in 8-byte units. */
    private static final int UNIT = 8;
    private static final int INITIAL_DATA = 2048;
    private static final int MAX_IP_HEADER = 60;
    private static final byte[] EMPTY = new byte[0];

    private final FragmentConfig config;
    private final long timeoutNanos;
    /** Datagrams in reassembly, oldest first (insertion order). */
    private final LinkedHashMap<Key, Datagram> datagrams = new LinkedHashMap<>();
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket whole = new DecodedPacket();
    private final EnumMap<FragmentStats.Drop, Long> dropped = new EnumMap<>(FragmentStats.Drop.class);
    private byte[] assembled;
    private ByteBuffer assembledBuffer;
    private long heldBytes;
    private long fragments;
    private long reassembled;
    private long duplicates;
    private long fragmentsDropped;
    private int wireLength;

    /** A reassembler with the given limits. */
    public FragmentReassembler(FragmentConfig config) {
        this.config = config;
        this.timeoutNanos = config.timeout().toNanos();
    }

    /** A reassembler with the default limits. */
    public FragmentReassembler() {
        this(FragmentConfig.defaults());
    }

    /**
     * Takes one decoded packet.
     *
     * @param p a packet {@link PacketDecoder#decode} returned true for
     * @param frameLength the frame's length on the wire
     * @param nanos capture time; also expires datagrams older than the timeout
     * @return {@code p} itself when it is no fragment; the reassembled datagram when {@code p}
     *     completed one; null when {@code p} is held (or dropped)
     */
    public DecodedPacket offer(DecodedPacket p, int frameLength, long nanos) {
        if (!p.fragment || (p.fragmentOffset == 0 && !p.moreFragments)) {
            wireLength = frameLength;
            return p;
        }
        fragments++;
        expire(nanos);
        Key key = new Key(p.ipVersion, p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.ipVersion == 4 ? p.fragmentNextHeader : -1,
                p.fragmentId);
        Datagram d = datagrams.get(key);
        if (d == null) {
            evictFor(key);
            d = new Datagram(nanos);
            datagrams.put(key, d);
        }
        if (d.dropped) {
            fragmentsDropped++;
            return null;
        }
        FragmentStats.Drop why = d.add(p, frameLength);
        if (why != null) {
            drop(d, why);
            return null;
        }
        if (!d.complete()) {
            evictOverBytes(key);
            return null;
        }
        datagrams.remove(key);
        heldBytes -= d.held;
        return assemble(d, p);
    }

    /** The frame bytes on the wire of the packet {@link #offer} last returned (all its fragments' for a datagram). */
    public int wireLength() {
        return wireLength;
    }

    /** Drops the datagrams whose timeout passed by {@code nanos} (capture time), without a new packet. */
    public void expire(long nanos) {
        for (Iterator<Datagram> it = datagrams.values().iterator(); it.hasNext(); ) {
            Datagram d = it.next();
            if (nanos - d.firstNanos <= timeoutNanos) {
                break; // oldest first: the rest are younger
            }
            if (!d.dropped) {
                drop(d, FragmentStats.Drop.TIMEOUT);
            }
            it.remove();
        }
    }

    /** The input ended: datagrams still incomplete are dropped and counted. */
    public void finish() {
        for (Datagram d : datagrams.values()) {
            if (!d.dropped) {
                drop(d, FragmentStats.Drop.INCOMPLETE_AT_END);
            }
        }
        datagrams.clear();
        heldBytes = 0;
    }

    /** Datagrams in reassembly (and dropped ones remembered until their timeout). */
    public int size() {
        return datagrams.size();
    }

    /** Counters since this reassembler was made. */
    public FragmentStats stats() {
        return new FragmentStats(fragments, reassembled, duplicates, fragmentsDropped, dropped);
    }

    /** Marks the datagram dropped (kept until its timeout so its later fragments are dropped too) and frees its bytes. */
    private void drop(Datagram d, FragmentStats.Drop why) {
        dropped.merge(why, 1L, Long::sum);
        fragmentsDropped += d.count;
        heldBytes -= d.held;
        d.release();
    }

    private void evictFor(Key newcomer) {
        while (datagrams.size() >= config.maxDatagrams()) {
            evictOldest(newcomer);
        }
    }

    private void evictOverBytes(Key keep) {
        while (heldBytes > config.maxHeldBytes() && evictOldest(keep)) {
            // the oldest datagrams go first
        }
    }

    /** Drops and forgets the oldest datagram other than {@code keep}; false when there is none. */
    private boolean evictOldest(Key keep) {
        for (Iterator<Map.Entry<Key, Datagram>> it = datagrams.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Datagram> e = it.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            if (!e.getValue().dropped) {
                drop(e.getValue(), FragmentStats.Drop.EVICTED);
            }
            it.remove();
            return true;
        }
        return false;
    }

    /** Builds the whole datagram (first fragment's header, fragment fields cleared) and decodes it. */
    private DecodedPacket assemble(Datagram d, DecodedPacket last) {
        int headerLength = d.header.length;
        int total = headerLength + d.end;
        if (assembled == null) {
            assembled = new byte[MAX_IP_HEADER + config.maxDatagramBytes()];
            assembledBuffer = ByteBuffer.wrap(assembled);
        }
        System.arraycopy(d.header, 0, assembled, 0, headerLength);
        System.arraycopy(d.data, 0, assembled, headerLength, d.end);
        ByteBuffer b = assembledBuffer;
        int linkType;
        if (d.version == 4) {
            b.putShort(IPV4_TOTAL_LENGTH, (short) Math.min(total, 0xffff));
            b.putShort(IPV4_FLAGS_OFFSET, (short) 0);
            linkType = LinkType.IPV4;
        } else {
            b.putShort(IPV6_PAYLOAD_LENGTH, (short) Math.min(d.end, 0xffff));
            b.put(IPV6_NEXT_HEADER, (byte) d.nextHeader);
            linkType = LinkType.IPV6;
        }
        reassembled++;
        wireLength = (int) Math.min(Integer.MAX_VALUE, d.wire);
        if (!decoder.decode(linkType, b, 0, total, total, whole)) {
            // The datagram's own headers are bad (e.g. a TCP header cut inside): not a packet either.
            reassembled--;
            dropped.merge(FragmentStats.Drop.MALFORMED, 1L, Long::sum);
            fragmentsDropped += d.count;
            return null;
        }
        whole.vlanId = d.vlanId;
        whole.linkType = last.linkType;
        return whole;
    }

    /** What identifies a datagram's fragments. */
    private record Key(int version, long srcHi, long srcLo, long dstHi, long dstLo, int protocol, long id) {
    }

    /** One datagram in reassembly. */
    private final class Datagram {
        final long firstNanos;
        int version;
        byte[] data = EMPTY;
        /** Fragment extents [start, end) in arrival order. */
        int[] starts = new int[4];
        int[] ends = new int[4];
        int count;
        /** Bytes received (no overlaps, so complete when it reaches the end). */
        int covered;
        /** The datagram's end, known from the last fragment; -1 before. */
        int end = -1;
        int maxEnd;
        byte[] header;
        int nextHeader;
        int vlanId;
        long wire;
        int held;
        boolean dropped;

        Datagram(long firstNanos) {
            this.firstNanos = firstNanos;
        }

        /** Adds a fragment; returns why the datagram must be dropped, or null. */
        FragmentStats.Drop add(DecodedPacket p, int frameLength) {
            count++;
            if (p.fragmentTruncated) {
                return FragmentStats.Drop.TRUNCATED;
            }
            int start = p.fragmentOffset;
            int length = p.fragmentDataEnd - p.fragmentDataOffset;
            int stop = start + length;
            if (stop > config.maxDatagramBytes()) {
                return FragmentStats.Drop.TOO_LARGE;
            }
            if (p.moreFragments && (length == 0 || length % UNIT != 0)) {
                return FragmentStats.Drop.MALFORMED;
            }
            if (!p.moreFragments) {
                if (end >= 0 && end != stop || maxEnd > stop) {
                    return FragmentStats.Drop.MALFORMED;
                }
                end = stop;
            } else if (end >= 0 && stop > end) {
                return FragmentStats.Drop.MALFORMED;
            }
            for (int i = 0; i < count - 1; i++) {
                if (start < ends[i] && starts[i] < stop) {
                    if (starts[i] == start && ends[i] == stop && sameBytes(p, start, length)) {
                        count--;
                        duplicates++;
                        return null;
                    }
                    return FragmentStats.Drop.OVERLAP;
                }
            }
            if (count > config.maxFragmentsPerDatagram()) {
                return FragmentStats.Drop.TOO_MANY_FRAGMENTS;
            }
            if (count > starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            starts[count - 1] = start;
            ends[count - 1] = stop;
            maxEnd = Math.max(maxEnd, stop);
            if (stop > data.length) {
                int grown = data.length;
                int before = grown;
                grown = Math.max(grown, INITIAL_DATA);
                while (grown < stop) {
                    grown *= 2;
                }
                data = Arrays.copyOf(data, Math.min(grown, config.maxDatagramBytes()));
                held += data.length - before;
                heldBytes += data.length - before;
            }
            p.buffer.get(p.fragmentDataOffset, data, start, length);
            covered += length;
            wire += frameLength;
            if (start == 0) {
                version = p.ipVersion;
                int headerLength = p.ipVersion == 4 ? p.fragmentDataOffset - p.ipOffset : IPV6_HEADER;
                header = new byte[headerLength];
                p.buffer.get(p.ipOffset, header, 0, headerLength);
                nextHeader = p.fragmentNextHeader;
                vlanId = p.vlanId;
            }
            return null;
        }

        private boolean sameBytes(DecodedPacket p, int start, int length) {
            for (int i = 0; i < length; i++) {
                if (p.buffer.get(p.fragmentDataOffset + i) != data[start + i]) {
                    return false;
                }
            }
            return true;
        }

        boolean complete() {
            return end >= 0 && header != null && covered == end;
        }

        void release() {
            dropped = true;
            data = EMPTY;
            held = 0;
            header = null;
        }
    }
}
