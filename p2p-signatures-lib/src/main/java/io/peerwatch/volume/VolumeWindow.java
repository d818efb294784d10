package io.peerwatch.volume;

import io.peerwatch.core.Counters;
import io.peerwatch.core.IpAddress;
import io.peerwatch.internal.StateBinary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One subject's volume in one event-time window: bytes in and out, internal and external,
 * packets, the largest services and peers, and the bytes on P2P-table ports; for the site
 * ({@link #SITE}) also the largest contributing hosts and how many of them were P2P users. The
 * accumulator of the job's volume windows and the point of a per-window series a report reads.
 *
 * <p>A site window is the sum of its flow hosts' windows ({@link #addHost}); traffic between two
 * internal hosts is counted once (its sender's {@link #outInternal}), so a site's
 * {@link #bytes()} is what the site moved, and {@link #inExternal} / {@link #outExternal} is what
 * crossed the link. Not thread-safe.
 */
public final class VolumeWindow {

    /** The subject text of the site's windows. */
    public static final String SITE = "site";
    /** Version of the binary form {@link #writeTo} writes. */
    public static final int FORMAT_VERSION = 1;
    private static final String WHAT = "VolumeWindow";

    private final String subject;
    private final long startMs;
    private final long windowMs;
    private IpAddress host;
    private String user;
    private long inInternal;
    private long outInternal;
    private long inExternal;
    private long outExternal;
    private long packetsIn;
    private long packetsOut;
    private long records;
    private long p2pBytes;
    private int p2pUsers;
    private final TopCounts services;
    private final TopCounts peers;
    private final TopCounts hosts;
    private final TopCounts p2pHosts;

    /**
     * An empty window.
     *
     * @param subject a {@link VolumeKey#text()} or {@link #SITE}
     * @param topEntries names kept per top list
     */
    public VolumeWindow(String subject, long startMs, long windowMs, int topEntries) {
        this(subject, startMs, windowMs, new TopCounts(topEntries), new TopCounts(topEntries), new TopCounts(topEntries),
                new TopCounts(topEntries));
    }

    private VolumeWindow(String subject, long startMs, long windowMs, TopCounts services, TopCounts peers, TopCounts hosts,
            TopCounts p2pHosts) {
        if (subject == null || windowMs <= 0) {
            throw new IllegalArgumentException("a volume window needs a subject and a positive length");
        }
        this.subject = subject;
        this.startMs = startMs;
        this.windowMs = windowMs;
        this.services = services;
        this.peers = peers;
        this.hosts = hosts;
        this.p2pHosts = p2pHosts;
    }

    /** Start of the window holding {@code timeMs}, for windows of {@code windowMs} aligned to the epoch. */
    public static long windowStart(long timeMs, long windowMs) {
        return timeMs - Math.floorMod(timeMs, windowMs);
    }

    /** Counts a sample of this subject. */
    public void add(VolumeSample s) {
        if (s.external()) {
            inExternal = Counters.add(inExternal, s.bytesIn());
            outExternal = Counters.add(outExternal, s.bytesOut());
        } else {
            inInternal = Counters.add(inInternal, s.bytesIn());
            outInternal = Counters.add(outInternal, s.bytesOut());
        }
        packetsIn = Counters.add(packetsIn, s.packetsIn());
        packetsOut = Counters.add(packetsOut, s.packetsOut());
        records++;
        services.add(s.service(), s.bytes());
        peers.add(s.peer(), s.bytes());
        if (s.p2pPort()) {
            p2pBytes = Counters.add(p2pBytes, s.bytes());
        }
        if (host == null || s.timeMs() >= startMs) {
            host = s.host();
        }
        if (s.user() != null) {
            user = s.user();
        }
    }

    /**
     * Adds a flow host's window of the same period to this site window: its external bytes, its
     * internal bytes sent (the receiver's copy is the same traffic), its services and peers, and
     * the host as a contributor; a host with at least {@code p2pUserMinBytes} on P2P ports is
     * counted as a P2P user.
     */
    public void addHost(VolumeWindow h, long p2pUserMinBytes) {
        inExternal = Counters.add(inExternal, h.inExternal);
        outExternal = Counters.add(outExternal, h.outExternal);
        outInternal = Counters.add(outInternal, h.outInternal);
        packetsIn = Counters.add(packetsIn, h.packetsIn);
        packetsOut = Counters.add(packetsOut, h.packetsOut);
        records = Counters.add(records, h.records);
        p2pBytes = Counters.add(p2pBytes, h.p2pBytes);
        services.addAll(h.services);
        peers.addAll(h.peers);
        long contributed = h.inExternal + h.outExternal + h.outInternal;
        String name = h.host == null ? h.subject : h.host.toString();
        hosts.add(name, contributed);
        if (h.p2pBytes >= p2pUserMinBytes) {
            p2pUsers++;
            p2pHosts.add(name, h.p2pBytes);
        }
        if (host == null || hosts.top(1).get(0).name().equals(name)) {
            host = h.host;
        }
    }

    public String subject() {
        return subject;
    }

    public long startMs() {
        return startMs;
    }

    public long windowMs() {
        return windowMs;
    }

    /** End of the window (exclusive). */
    public long endMs() {
        return startMs + windowMs;
    }

    /** The address alerts about this window are attributed to (for the site: the largest contributor); null when empty. */
    public IpAddress host() {
        return host;
    }

    /** The proxy user, or null. */
    public String user() {
        return user;
    }

    public long inInternal() {
        return inInternal;
    }

    public long outInternal() {
        return outInternal;
    }

    public long inExternal() {
        return inExternal;
    }

    public long outExternal() {
        return outExternal;
    }

    /** Bytes to the subject. */
    public long bytesIn() {
        return inInternal + inExternal;
    }

    /** Bytes from the subject. */
    public long bytesOut() {
        return outInternal + outExternal;
    }

    /** All bytes in and out. */
    public long bytes() {
        return bytesIn() + bytesOut();
    }

    /** Bytes that crossed the site's edge. */
    public long externalBytes() {
        return inExternal + outExternal;
    }

    /** Bytes that stayed inside. */
    public long internalBytes() {
        return inInternal + outInternal;
    }

    public long packetsIn() {
        return packetsIn;
    }

    public long packetsOut() {
        return packetsOut;
    }

    /** Input records counted. */
    public long records() {
        return records;
    }

    /** Bytes on P2P-table ports. */
    public long p2pBytes() {
        return p2pBytes;
    }

    /** Site windows: contributing hosts that were P2P users in the window. */
    public int p2pUsers() {
        return p2pUsers;
    }

    /** The largest services (flows: {@code tcp/443}; proxy: the destination). */
    public TopCounts services() {
        return services;
    }

    /** The largest peers or destinations. */
    public TopCounts peers() {
        return peers;
    }

    /** Site windows: the largest contributing hosts. */
    public TopCounts hosts() {
        return hosts;
    }

    /** Site windows: the largest P2P users by their P2P bytes. */
    public TopCounts p2pHosts() {
        return p2pHosts;
    }

    /** Writes the binary form (JDK {@link DataOutput} only). */
    public void writeTo(DataOutput out) throws IOException {
        StateBinary.writeVersion(out, FORMAT_VERSION);
        StateBinary.writeString(out, subject);
        out.writeLong(startMs);
        out.writeLong(windowMs);
        StateBinary.writeAddress(out, host);
        StateBinary.writeString(out, user);
        for (long v : new long[] {inInternal, outInternal, inExternal, outExternal, packetsIn, packetsOut, records, p2pBytes}) {
            out.writeLong(v);
        }
        out.writeInt(p2pUsers);
        services.writeTo(out);
        peers.writeTo(out);
        hosts.writeTo(out);
        p2pHosts.writeTo(out);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static VolumeWindow readFrom(DataInput in) throws IOException {
        StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
        String subject = StateBinary.readPresentString(in, WHAT);
        long start = in.readLong();
        long length = in.readLong();
        if (length <= 0) {
            throw new java.io.StreamCorruptedException(WHAT + ": window length " + length);
        }
        IpAddress host = StateBinary.readAddress(in, WHAT);
        String user = StateBinary.readString(in, WHAT);
        long[] v = new long[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        int p2pUsers = in.readInt();
        VolumeWindow w = new VolumeWindow(subject, start, length, TopCounts.readFrom(in, WHAT), TopCounts.readFrom(in, WHAT),
                TopCounts.readFrom(in, WHAT), TopCounts.readFrom(in, WHAT));
        w.host = host;
        w.user = user;
        w.inInternal = v[0];
        w.outInternal = v[1];
        w.inExternal = v[2];
        w.outExternal = v[3];
        w.packetsIn = v[4];
        w.packetsOut = v[5];
        w.records = v[6];
        w.p2pBytes = v[7];
        w.p2pUsers = p2pUsers;
        return w;
    }
}
