package io.peerwatch.volume;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.IpProtocol;
import io.peerwatch.internal.StateBinary;
import io.peerwatch.ports.PortTable;
import io.peerwatch.proxy.ProxyRecord;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One input record's volume for one subject: the bytes and packets it moved in to and out of the
 * subject, whether they crossed the site's edge, and what they were (service, peer). A flow
 * record gives one sample per internal end ({@link #of(FlowRecord, InternalNetworks, PortTable)});
 * a proxy record one per proxy key ({@link #of(ProxyRecord)}).
 *
 * @param key the subject: a flow host, a proxy address or a proxy user
 * @param host the address the subject's alerts are attributed to
 * @param user the proxy user, or null
 * @param timeMs event time: the flow's end, the request's time
 * @param bytesIn bytes to the subject
 * @param bytesOut bytes from the subject
 * @param packetsIn packets to the subject (0 for proxy records)
 * @param packetsOut packets from the subject (0 for proxy records)
 * @param external whether the bytes crossed the site's edge (one end outside the internal networks)
 * @param service what the bytes were: {@code tcp/443} for flows, the request's destination for proxy records
 * @param peer the other end: an address, or the proxy request's destination host
 * @param p2pPort whether a flow used a port of the P2P port table (false for proxy records)
 */
public record VolumeSample(VolumeKey key, IpAddress host, String user, long timeMs, long bytesIn, long bytesOut,
        long packetsIn, long packetsOut, boolean external, String service, String peer, boolean p2pPort) {

    /** Version of the binary form {@link #writeTo} writes. */
    public static final int FORMAT_VERSION = 1;
    private static final String WHAT = "VolumeSample";

    public VolumeSample {
        if (key == null || host == null || service == null || peer == null) {
            throw new IllegalArgumentException("volume sample needs a key, host, service and peer");
        }
        if (bytesIn < 0 || bytesOut < 0 || packetsIn < 0 || packetsOut < 0) {
            throw new IllegalArgumentException("negative volume");
        }
    }

    /**
     * The samples of a flow record, one per internal end: the source's bytes out and the
     * destination's bytes in. A record between two internal hosts is internal traffic of both;
     * a record with one internal end crossed the edge; with no internal end (no configured block
     * matches, as on a lab network) the source is the host, as for every flow detector
     * ({@link InternalNetworks#hostOf}), and the bytes count as external.
     */
    public static List<VolumeSample> of(FlowRecord r, InternalNetworks internal, PortTable ports) {
        boolean srcIn = internal.isConfiguredInternal(r.src());
        boolean dstIn = internal.isConfiguredInternal(r.dst());
        boolean external = !(srcIn && dstIn);
        String service = IpProtocol.name(r.ipProtocol()).toLowerCase(java.util.Locale.ROOT) + "/" + servicePort(r);
        boolean p2p = ports.contains(r.ipProtocol(), r.srcPort()) || ports.contains(r.ipProtocol(), r.dstPort());
        List<VolumeSample> out = new ArrayList<>(2);
        // each address in text once: it is one sample's key and the other's peer
        String src = r.src().toString();
        String dst = r.dst().toString();
        if (srcIn || !dstIn) {
            out.add(new VolumeSample(new VolumeKey(VolumeKey.Kind.HOST, src), r.src(), null, r.endMs(), 0, r.bytes(), 0,
                    r.packets(), external, service, dst, p2p));
        }
        if (dstIn) {
            out.add(new VolumeSample(new VolumeKey(VolumeKey.Kind.HOST, dst), r.dst(), null, r.endMs(), r.bytes(), 0,
                    r.packets(), 0, external, service, src, p2p));
        }
        return out;
    }

    /** The service port of a flow: the lower of two ports, the well-known side in most flows. */
    private static int servicePort(FlowRecord r) {
        if (r.srcPort() == 0 || r.dstPort() == 0) {
            return Math.max(r.srcPort(), r.dstPort());
        }
        return Math.min(r.srcPort(), r.dstPort());
    }

    /**
     * The samples of a proxy request, one per {@link VolumeKey#of(ProxyRecord)}: bytes to the
     * client are in, bytes from it out; proxied traffic is external.
     */
    public static List<VolumeSample> of(ProxyRecord r) {
        List<VolumeSample> out = new ArrayList<>(2);
        String dest = r.destination();
        String user = r.user().orElse(null);
        long in = r.bytesToClient();
        long sent = r.bytesFromClient().orElse(0);
        for (VolumeKey k : VolumeKey.of(r)) {
            out.add(new VolumeSample(k, r.client(), user, r.timestampMs(), in, sent, 0, 0, true, dest, dest, false));
        }
        return out;
    }

    /** Bytes in and out. */
    public long bytes() {
        return bytesIn + bytesOut;
    }

    /** Writes the binary form (JDK {@link DataOutput} only). */
    public void writeTo(DataOutput out) throws IOException {
        StateBinary.writeVersion(out, FORMAT_VERSION);
        StateBinary.writeString(out, key.text());
        StateBinary.writeAddress(out, host);
        StateBinary.writeString(out, user);
        out.writeLong(timeMs);
        out.writeLong(bytesIn);
        out.writeLong(bytesOut);
        out.writeLong(packetsIn);
        out.writeLong(packetsOut);
        out.writeBoolean(external);
        StateBinary.writeString(out, service);
        StateBinary.writeString(out, peer);
        out.writeBoolean(p2pPort);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static VolumeSample readFrom(DataInput in) throws IOException {
        StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
        try {
            return new VolumeSample(VolumeKey.parse(StateBinary.readPresentString(in, WHAT)),
                    StateBinary.readPresentAddress(in, WHAT), StateBinary.readString(in, WHAT), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong(), in.readLong(), in.readBoolean(), StateBinary.readPresentString(in, WHAT),
                    StateBinary.readPresentString(in, WHAT), in.readBoolean());
        } catch (IllegalArgumentException e) {
            throw new java.io.StreamCorruptedException(WHAT + ": " + e.getMessage());
        }
    }
}
