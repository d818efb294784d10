package io.peerwatch.detect;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.core.IpAddress;
import io.peerwatch.internal.StateBinary;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.Evidence;
import io.peerwatch.notice.NoticePolicy;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@link AlertType#ICMP_TUNNEL} judged per host pair over a window, by what the echoes carry and
 * not by any tool's constants: ptunnel(-ng), hans, icmptunnel and the like put data into echo
 * payloads (RFC 792 types 8/0, RFC 4443 types 128/129), so their payloads are long, follow no
 * ping fill pattern, look random when the data is encrypted or compressed, vary in size, and the
 * answers are not mirrors of the requests. Magic values, authentication exchanges and the order
 * of control and data messages play no part: short messages are not judged at all, and the
 * window counts every echo of the pair, whichever flow (echo identifier) it belongs to.
 *
 * <p>Required, per (host, peer) and window: at least {@link IcmpTunnelConfig#minUnpatterned()}
 * payloads of {@link IcmpTunnelConfig#minPayload()}+ bytes without a ping fill pattern
 * ({@link io.peerwatch.packet.EchoPayload}), at least {@link IcmpTunnelConfig#minUnpatternedShare()}
 * of the judged payloads, and {@link IcmpTunnelConfig#minBytes()} bytes of payload. Ordinary ping
 * of any size, fill ({@code -p}), rate (flood) or implementation (iputils, BSD, busybox, fping,
 * Windows) carries patterned payloads and stays clean. Supporting reasons raise the confidence:
 * random-looking payloads, several payload sizes, replies that do not mirror the requests.
 */
public final class IcmpTunnelDetector implements KeyedWindowDetector<EchoObservation, IcmpTunnelDetector.Window> {

    private static final char SEPARATOR = '|';
    private static final int MAX_SIZES = 64;
    private static final int BYTE_VALUES = 256;

    private final InternalNetworks internal;
    private final IcmpTunnelConfig config;
    private final NoticePolicy policy;

    public IcmpTunnelDetector(InternalNetworks internal, IcmpTunnelConfig config, NoticePolicy policy) {
        this.internal = internal;
        this.config = config;
        this.policy = policy;
    }

    /** The thresholds in use. */
    public IcmpTunnelConfig config() {
        return config;
    }

    @Override
    public Duration window() {
        return config.window();
    }

    /** {@code host|peer}: the internal end (else the requester) first. */
    @Override
    public Optional<String> keyOf(EchoObservation o) {
        IpAddress host = internal.hostOf(o.requester(), o.responder());
        IpAddress peer = host.equals(o.requester()) ? o.responder() : o.requester();
        return Optional.of(host + String.valueOf(SEPARATOR) + peer);
    }

    /** The suppression identifier of an ICMP tunnel between {@code host} and {@code peer} (also used per flow). */
    public static String identifier(IpAddress host, IpAddress peer) {
        return host + " ICMP_Tunnel " + peer;
    }

    @Override
    public long timeOf(EchoObservation o) {
        return o.timeMs();
    }

    @Override
    public Window newWindow() {
        return new Window();
    }

    @Override
    public void merge(Window into, Window other) {
        into.merge(other, config.maxTrackedRequests());
    }

    /** Per host-pair accumulator; binary form {@link #writeTo} / {@link #readFrom}. Not thread-safe. */
    public static final class Window {
        /** Version of the binary form. */
        public static final int FORMAT_VERSION = 1;
        private static final String WHAT = "IcmpTunnelDetector.Window";

        long requests;
        long replies;
        long bytes;
        long judged;
        long unpatterned;
        long random;
        long mirrored;
        long firstMs = Long.MAX_VALUE;
        long lastMs = Long.MIN_VALUE;
        final Set<Integer> sizes = new HashSet<>();
        final Set<Integer> requestHashes = new HashSet<>();

        /** Echoes seen (requests and replies). */
        public long echoes() {
            return requests + replies;
        }

        void merge(Window o, int maxRequests) {
            requests += o.requests;
            replies += o.replies;
            bytes += o.bytes;
            judged += o.judged;
            unpatterned += o.unpatterned;
            random += o.random;
            mirrored += o.mirrored;
            firstMs = Math.min(firstMs, o.firstMs);
            lastMs = Math.max(lastMs, o.lastMs);
            for (Integer s : o.sizes) {
                if (sizes.size() < MAX_SIZES) {
                    sizes.add(s);
                }
            }
            for (Integer h : o.requestHashes) {
                if (requestHashes.size() < maxRequests) {
                    requestHashes.add(h);
                }
            }
        }

        /** Writes the binary form: {@link #FORMAT_VERSION}, then every field. */
        public void writeTo(DataOutput out) throws IOException {
            StateBinary.writeVersion(out, FORMAT_VERSION);
            for (long v : new long[] {requests, replies, bytes, judged, unpatterned, random, mirrored, firstMs, lastMs}) {
                out.writeLong(v);
            }
            writeInts(out, sizes);
            writeInts(out, requestHashes);
        }

        /** Reads what {@link #writeTo} wrote. */
        public static Window readFrom(DataInput in) throws IOException {
            StateBinary.readVersion(in, FORMAT_VERSION, WHAT);
            Window w = new Window();
            w.requests = in.readLong();
            w.replies = in.readLong();
            w.bytes = in.readLong();
            w.judged = in.readLong();
            w.unpatterned = in.readLong();
            w.random = in.readLong();
            w.mirrored = in.readLong();
            w.firstMs = in.readLong();
            w.lastMs = in.readLong();
            readInts(in, w.sizes);
            readInts(in, w.requestHashes);
            return w;
        }

        private static void writeInts(DataOutput out, Set<Integer> s) throws IOException {
            StateBinary.writeCount(out, s.size());
            for (Integer v : s) {
                out.writeInt(v);
            }
        }

        private static void readInts(DataInput in, Set<Integer> into) throws IOException {
            for (int i = StateBinary.readCount(in, WHAT); i > 0; i--) {
                into.add(in.readInt());
            }
        }
    }

    @Override
    public void observe(Window w, EchoObservation o) {
        w.firstMs = Math.min(w.firstMs, o.timeMs());
        w.lastMs = Math.max(w.lastMs, o.timeMs());
        w.bytes += o.payloadBytes();
        if (o.request()) {
            w.requests++;
            if (w.requestHashes.size() < config.maxTrackedRequests()) {
                w.requestHashes.add(o.hash());
            }
        } else {
            w.replies++;
            if (w.requestHashes.contains(o.hash())) {
                w.mirrored++;
            }
        }
        if (w.sizes.size() < MAX_SIZES) {
            w.sizes.add(o.payloadBytes());
        }
        if (o.payloadBytes() < config.minPayload() || o.sampled() < config.minPayload()) {
            return;
        }
        w.judged++;
        if (!o.patterned()) {
            w.unpatterned++;
            double expected = BYTE_VALUES * (1 - Math.pow(1 - 1.0 / BYTE_VALUES, o.sampled()));
            if (o.distinct() >= config.minRandomDistinctRatio() * expected) {
                w.random++;
            }
        }
    }

    @Override
    public Optional<Alert> evaluate(Window w, String key, long windowStartMs, long windowEndMs) {
        int sep = key.indexOf(SEPARATOR);
        if (sep < 0 || w.judged == 0) {
            return Optional.empty();
        }
        IcmpTunnelConfig c = config;
        double share = (double) w.unpatterned / w.judged;
        if (w.unpatterned < c.minUnpatterned() || share < c.minUnpatternedShare() || w.bytes < c.minBytes()) {
            return Optional.empty();
        }
        IpAddress host = IpAddress.parse(key.substring(0, sep));
        IpAddress peer = IpAddress.parse(key.substring(sep + 1));
        List<Evidence> ev = new ArrayList<>();
        ev.add(new Evidence("peer", peer.toString(), 1));
        ev.add(new Evidence("unpatterned-payloads", String.format(Locale.ROOT,
                "%d of %d echo payloads of %d+ bytes follow no ping fill pattern (%.0f%%)", w.unpatterned, w.judged,
                c.minPayload(), 100 * share), w.unpatterned));
        int reasons = 0;
        if (w.random * 2 >= w.unpatterned) {
            reasons++;
            ev.add(new Evidence("random-payloads", w.random + " payloads look random (encrypted or compressed data)", Math.max(1, w.random)));
        }
        if (w.sizes.size() >= c.minSizeSpread()) {
            reasons++;
            ev.add(new Evidence("size-spread", w.sizes.size() + (w.sizes.size() >= MAX_SIZES ? "+" : "") + " payload sizes",
                    w.sizes.size()));
        }
        double mirroredShare = w.replies == 0 ? 0 : (double) w.mirrored / w.replies;
        if (mirroredShare <= c.maxMirroredShare()) {
            reasons++;
            ev.add(new Evidence("asymmetry", String.format(Locale.ROOT,
                    "%d requests, %d replies, %.0f%% of the replies mirror a request", w.requests, w.replies,
                    100 * mirroredShare), Math.max(1, w.replies)));
        }
        ev.add(new Evidence("bytes", w.bytes + " payload bytes in " + (w.requests + w.replies) + " echoes", 1));
        double confidence = Math.min(1.0, c.baseConfidence() + reasons * c.confidencePerReason());
        return Optional.of(Alert.builder(AlertType.ICMP_TUNNEL, host, windowStartMs, windowEndMs)
                .eventTime(w.lastMs == Long.MIN_VALUE ? windowStartMs : w.lastMs)
                .protocol("ICMP_Tunnel")
                .severity(c.severity())
                .confidence(confidence)
                .evidence(ev)
                .bytes(w.bytes)
                .distinctPeers(1)
                .identifier(identifier(host, peer))
                .suppressFor(policy.suppressFor(AlertType.ICMP_TUNNEL).toMillis())
                .build());
    }
}
